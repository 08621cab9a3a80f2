import pino from 'pino';

/**
 * stdout for pino, written synchronously, that never throws: once the reader of a pipe is gone (`npm start |
 * tee` ended by Ctrl-C), every write fails with EPIPE. With pino's own stdout stream, a process that exits
 * right after such a write (a stop that is quick, a fatal line) stays alive after process.exit, deaf to
 * SIGTERM; a throwing write would cut a signal handler short before its stop. Lines that cannot be written
 * are dropped: nobody reads them.
 */
export function stdoutDestination(): pino.DestinationStream {
  const stdout = pino.destination({ dest: 1, sync: true });
  stdout.on('error', () => undefined);
  return {
    write(line: string) {
      try {
        stdout.write(line);
      } catch {
        // Dropped on purpose, see above.
      }
    },
  };
}
