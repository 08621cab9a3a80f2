import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { config as loadDotenv } from 'dotenv';

/** The workspace root: the nearest folder upwards with nx.json, or the working directory. */
export function findRepoRoot(start = process.cwd()): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/**
 * For local runs: `.env`, then `.local/infra.env` (written by `npm run infra:up`), fill in only the
 * variables the real environment leaves unset. Deployed apps have neither file, so nothing changes there.
 */
export function loadLocalEnvFiles(root = findRepoRoot()): string[] {
  const loaded: string[] = [];
  for (const file of [join(root, '.env'), join(root, '.local', 'infra.env')]) {
    if (!existsSync(file)) continue;
    loadDotenv({ path: file, override: false, quiet: true });
    loaded.push(file);
  }
  return loaded;
}
