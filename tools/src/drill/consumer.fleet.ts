import { freePort } from '../infra/free-port';
import { waitUntil } from '@metrics-store/runtime';
import { startApp, type AppProcess } from '../start/app-process';

interface Member {
  app: AppProcess;
  opsPort: number;
  /** Set while the drill itself stops or kills it, so that the exit is not taken for a crash. */
  expectedExit: boolean;
}

/**
 * The consumer processes of the drill, all in one consumer group. Behaves like a supervisor: a consumer
 * that exits on its own is restarted, and counted, since the contract says outages are waited out.
 */
export class ConsumerFleet {
  private readonly members = new Map<string, Member>();
  private closed = false;
  unexpectedExits = 0;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (line: string) => void,
  ) {}

  names(): string[] {
    return [...this.members.keys()];
  }

  async start(name: string): Promise<void> {
    const port = await freePort();
    const app = startApp('enriched-consumer', {
      ...this.env,
      CONSUMER_HTTP_PORT: String(port),
      KAFKA_CLIENT_ID: name,
    });
    const member: Member = { app, opsPort: port, expectedExit: false };
    this.members.set(name, member);
    void app.exited.then((code) => {
      if (member.expectedExit || this.closed || this.members.get(name) !== member) return;
      this.unexpectedExits += 1;
      this.log(`${name} exited by itself (code ${code}); restarting it as a supervisor would`);
      this.members.delete(name);
      setTimeout(() => void (this.closed ? undefined : this.start(name)), 1_000);
    });
  }

  /**
   * Waits until every consumer has joined the group and reaches PostgreSQL (its /readyz), so that the next
   * fault hits consumers that are working rather than ones still starting.
   */
  async waitReady(timeoutMs: number): Promise<void> {
    await waitUntil(
      'every consumer ready',
      async () => {
        const answers = await Promise.all(
          [...this.members.values()].map((member) =>
            fetch(`http://127.0.0.1:${member.opsPort}/readyz`).then((response) => response.ok),
          ),
        );
        return answers.every(Boolean);
      },
      timeoutMs,
      250,
    );
  }

  /** kill -9: no shutdown hook runs, an in-flight transaction or dead-letter send is cut wherever it is. */
  async kill(name: string): Promise<void> {
    const member = this.members.get(name);
    if (!member) return;
    member.expectedExit = true;
    member.app.child.kill('SIGKILL');
    await member.app.exited;
    this.members.delete(name);
  }

  /** A graceful stop (SIGTERM), as a scale-in would do. */
  async stop(name: string): Promise<void> {
    const member = this.members.get(name);
    if (!member) return;
    member.expectedExit = true;
    await member.app.stop();
    this.members.delete(name);
  }

  async stopAll(): Promise<void> {
    this.closed = true;
    await Promise.all(this.names().map((name) => this.stop(name)));
  }
}
