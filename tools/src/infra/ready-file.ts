import { renameSync, writeFileSync } from 'node:fs';

/**
 * Writes the service host's ready file so that it appears complete or not at all: the client waits for the
 * file to exist and then parses it, and a file written in place can be seen while still empty (one
 * clean-clone test run read it so: "Unexpected end of JSON input"). A rename within a folder is atomic.
 */
export function writeReadyFile(path: string, content: unknown): void {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(content, null, 2));
  renameSync(partial, path);
}
