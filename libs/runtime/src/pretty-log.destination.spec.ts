import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pino from 'pino';
import { prettyLogDestination } from './pretty-log.destination';

const REPO_ROOT = join(__dirname, '../../..');

/** Runs a few lines of code against the real stdout of a process of its own, as an app would log. */
function runLogging(format: 'json' | 'pretty', body: string) {
  const script = `
    const { createLogger } = require('./libs/runtime/src/logger');
    const logger = createLogger({ name: 'svc', level: 'info', format: '${format}' });
    ${body}
  `;
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json') },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('prettyLogDestination', () => {
  it('writes one readable line per entry, with the level name, the service, the event and its fields', () => {
    const run = runLogging('pretty', `logger.child({ module: 'm' }).info({ port: 3000 }, 'api_listening');`);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO \(svc\): api_listening \{"module":"m","port":3000\}\n$/,
    );
  });

  it('has written a fatal line and its stack when the process exits right after it', () => {
    const run = runLogging(
      'pretty',
      `logger.fatal({ err: new Error('broker refused the password') }, 'consumer_fatal'); process.exit(1);`,
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/FATAL \(svc\): consumer_fatal/);
    expect(run.stdout).toMatch(/Error: broker refused the password\n\s+at /);
  });

  it('leaves JSON lines as the default format', () => {
    const run = runLogging('json', `logger.warn({ attempt: 2 }, 'kafka_unavailable');`);
    const line = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 40, service: 'svc', attempt: 2, msg: 'kafka_unavailable' });
  });

  it('never throws from a log call, even when the output cannot be written', () => {
    const failing = {
      write: () => {
        throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      },
    };
    const logger = pino({ name: 'svc' }, prettyLogDestination(failing));
    expect(() => logger.error({ err: new Error('x') }, 'still_fine')).not.toThrow();
  });
});
