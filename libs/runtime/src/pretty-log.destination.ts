import type pino from 'pino';
import { prettyFactory } from 'pino-pretty';
import { stdoutDestination } from './stdout.destination';

/** Where the formatted lines go: stdout by default (any object with a `write` will do, e.g. in tests). */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * `LOG_FORMAT=pretty`: each JSON line pino makes is formatted here, in this thread, and written at once. pino's
 * own transports format in a worker thread, whose last lines are lost when the process exits right after a
 * fatal one; this destination has nothing left to flush. A line that cannot be written (the terminal is gone)
 * is dropped: a log call never throws.
 */
export function prettyLogDestination(sink: TextSink = stdoutDestination()): pino.DestinationStream {
  const format = prettyFactory({
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    singleLine: true,
    // Only `err` holds an Error; an `error` field (kafkajs's) is a message and stays on its line.
    errorLikeObjectKeys: ['err'],
  });
  return {
    write(line: string) {
      try {
        sink.write(format(line));
      } catch {
        // Dropped on purpose, see above.
      }
    },
  };
}
