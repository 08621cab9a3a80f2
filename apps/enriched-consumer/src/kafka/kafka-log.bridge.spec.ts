import { logLevel, type LogEntry } from 'kafkajs';
import pino from 'pino';
import { kafkaLogCreator } from './kafka-log.bridge';

interface Line {
  level: number;
  msg: string;
  namespace: string;
  stack?: string;
  error?: string;
}

function bridge() {
  const lines: Line[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as Line) });
  const log = kafkaLogCreator(logger)(logLevel.DEBUG);
  const send = (namespace: string, level: logLevel, message: string, fields: object = {}) =>
    log({
      namespace,
      level,
      label: '',
      log: { timestamp: '', logger: 'kafkajs', message, ...fields },
    } as LogEntry);
  return { lines, send };
}

describe('kafkaLogCreator', () => {
  it('turns the answers of a broker that is warming up into warnings', () => {
    const { lines, send } = bridge();
    send('Connection', logLevel.ERROR, 'Response GroupCoordinator(key: 10, version: 2)', {
      error: 'The group coordinator is not available',
    });
    send('Connection', logLevel.ERROR, 'Response JoinGroup(key: 11, version: 5)', {
      error: "The coordinator is loading and hence can't process requests for this group",
    });
    expect(lines.map((line) => [line.level, line.namespace, line.error])).toEqual([
      [40, 'Connection', 'The group coordinator is not available'],
      [40, 'Connection', "The coordinator is loading and hence can't process requests for this group"],
    ]);
    // pino's own time and module stand for kafkajs's timestamp and logger name.
    expect(Object.keys(lines[0])).not.toEqual(expect.arrayContaining(['timestamp']));
    expect(Object.keys(lines[0])).not.toEqual(expect.arrayContaining(['logger']));
  });

  it("logs the consumer's crash and restart as warnings without a stack", () => {
    const { lines, send } = bridge();
    send('Consumer', logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded: The coordinator is loading', {
      stack: 'KafkaJSNumberOfRetriesExceeded: ...\n    at retry.js:50:18',
    });
    send('Consumer', logLevel.ERROR, 'Restarting the consumer in 300ms', { retryTime: 300 });
    expect(lines.map((line) => [line.level, line.stack])).toEqual([
      [40, undefined],
      [40, undefined],
    ]);
  });

  it('keeps other errors as errors, with their fields', () => {
    const { lines, send } = bridge();
    send('Connection', logLevel.ERROR, 'Response SaslAuthenticate(key: 36, version: 1)', {
      error: 'SASL SCRAM SHA256 authentication failed',
      stack: 'KafkaJSSASLAuthenticationError: ...',
    });
    send('Consumer', logLevel.ERROR, 'Caught error when disconnecting the consumer: socket closed');
    send('Producer', logLevel.WARN, 'a warning');
    send('Consumer', logLevel.INFO, 'Starting');
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [50, 'Response SaslAuthenticate(key: 36, version: 1)'],
      [50, 'Caught error when disconnecting the consumer: socket closed'],
      [40, 'a warning'],
      [30, 'Starting'],
    ]);
    expect(lines[0].stack).toBe('KafkaJSSASLAuthenticationError: ...');
  });
});
