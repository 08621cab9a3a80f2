import { randomBytes } from 'node:crypto';

/** A name no other test (or earlier run) uses: safe for databases, topics and consumer groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}
