import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// What git ignores or holds itself: dependencies, local state, build output.
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.local', '.nx', 'dist', 'coverage', 'tmp']);

/** Every file below `root` outside dependencies, local state and build output, as paths relative to it. */
export function repositoryFiles(root: string, dir = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...repositoryFiles(root, path));
    } else if (entry.isFile()) files.push(path);
  }
  return files;
}
