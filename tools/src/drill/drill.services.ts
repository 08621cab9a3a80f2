import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../infra/free-port';
import { startLocalKafka, type LocalKafka } from '../infra/local-kafka';
import { startPostgresProcess, type PostgresProcess } from './postgres.process';
import { untilNextCommit } from './commit.watch';

const DATABASE = 'metrics_drill';

/**
 * The drill's own PostgreSQL 16 and Kafka, on free ports under its directory, so that it can stop and restart
 * them (same data directory and ports) without touching anyone else's services.
 */
export class DrillServices {
  private url = '';

  private constructor(
    private readonly dir: string,
    private readonly ports: { postgres: number; kafka: number; controller: number },
    private postgres: PostgresProcess | null,
    private kafka: LocalKafka | null,
  ) {}

  static async start(dir: string): Promise<DrillServices> {
    mkdirSync(dir, { recursive: true });
    const ports = { postgres: await freePort(), kafka: await freePort(), controller: await freePort() };
    const services = new DrillServices(dir, ports, null, null);
    try {
      await services.startPostgres();
      await services.startKafka();
    } catch (error) {
      await services.stop();
      throw error;
    }
    return services;
  }

  get databaseUrl(): string {
    return this.url;
  }

  get brokers(): string {
    return `127.0.0.1:${this.ports.kafka}`;
  }

  /** Stops the broker (SIGTERM, its clients see the connection drop) and starts it again on the same data. */
  async restartKafka(): Promise<void> {
    await this.kafka?.stop();
    this.kafka = null;
    await this.startKafka();
  }

  /** Stops PostgreSQL with a fast shutdown (every session cut), then starts the same cluster on the same port. */
  async restartPostgres(downMs: number): Promise<void> {
    await this.postgres?.stop();
    this.postgres = null;
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.startPostgres();
  }

  /**
   * A PostgreSQL crash, `kill -9` of the postmaster and every backend, then a start on the same data
   * directory (crash recovery). With `afterCommit`, the kill lands right after the consumers' next commit is
   * seen: with synchronous_commit off, that commit may well be one the crash loses.
   */
  async killPostgres(downMs: number, afterCommit: boolean): Promise<string> {
    const postgres = this.postgres;
    if (!postgres) throw new Error('PostgreSQL is not running');
    const waited = afterCommit ? await untilNextCommit(this.url) : 'at once';
    const victims = await postgres.kill();
    this.postgres = null;
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.startPostgres();
    return `${victims.length} processes, ${waited}`;
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.kafka?.stop(), this.postgres?.stop()]);
    this.kafka = null;
    this.postgres = null;
  }

  private async startPostgres(): Promise<void> {
    this.postgres = await startPostgresProcess(join(this.dir, 'postgres'), this.ports.postgres, DATABASE);
    this.url = this.postgres.url;
  }

  private async startKafka(): Promise<void> {
    this.kafka = await startLocalKafka({
      dir: join(this.dir, 'kafka'),
      port: this.ports.kafka,
      controllerPort: this.ports.controller,
      logFile: join(this.dir, 'kafka.log'),
    });
  }
}
