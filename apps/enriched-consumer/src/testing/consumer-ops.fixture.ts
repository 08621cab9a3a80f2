import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { spawnConsumer, waitUntil } from './consumer-run.fixture';

/** A consumer process whose JSON log lines are kept, and its ops endpoints (/readyz, /metrics). */
export class ObservedConsumer {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[] = [];

  constructor(env: Record<string, string>) {
    this.child = spawnConsumer({ ...env, LOG_LEVEL: 'info' }, 'pipe');
    if (this.child.stdout)
      createInterface({ input: this.child.stdout }).on('line', (line) => {
        try {
          this.lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // Not a log line.
        }
      });
  }

  /** The log lines of one event (`msg`). */
  linesOf(event: string): Record<string, unknown>[] {
    return this.lines.filter((line) => line.msg === event);
  }

  async waitForLine(event: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    await waitUntil(`a log line ${event}`, async () => this.linesOf(event).length > 0, timeoutMs);
    return this.linesOf(event)[0];
  }

  async get(path: string): Promise<{ status: number; text: string }> {
    const { ops_port: port } = await this.waitForLine('consumer_started');
    const res = await fetch(`http://127.0.0.1:${String(port)}${path}`);
    return { status: res.status, text: await res.text() };
  }

  async readyzStatus(): Promise<number> {
    return (await this.get('/readyz')).status;
  }
}
