import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
 * Node's own loader (20.12 and later) never overrides a variable that is set, even to an empty string, so
 * the first file that names a variable wins over the second.
 */
export function loadLocalEnvFiles(root = findRepoRoot()): string[] {
  const loaded: string[] = [];
  for (const file of [join(root, '.env'), join(root, '.local', 'infra.env')]) {
    if (!existsSync(file)) continue;
    process.loadEnvFile(file);
    loaded.push(file);
  }
  return loaded;
}
