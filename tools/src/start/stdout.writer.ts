// A closed stdout (`npm start | tee`, tee ended by Ctrl-C) fails writes with EPIPE, asynchronously, as an
// 'error' event that would end `npm start` before it has stopped the apps: what it refuses is dropped.
process.stdout.on('error', () => undefined);

/** Writes to stdout while it can be written; never throws, never ends the process. */
export function writeStdout(text: string): void {
  if (process.stdout.writable) process.stdout.write(text);
}
