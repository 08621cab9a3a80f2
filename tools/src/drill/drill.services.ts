import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../infra/free-port';
import { startLocalKafka, type LocalKafka } from '../infra/local-kafka';
import { ensureDatabase, postgresUrl, startLocalPostgres, type LocalPostgres } from '../infra/local-postgres';

const DATABASE = 'metrics_drill';

/**
 * The drill's own PostgreSQL 16 and Kafka, on free ports under its directory, so that it can stop and restart
 * them (same data directory and ports) without touching anyone else's services.
 */
export class DrillServices {
  private constructor(
    private readonly dir: string,
    private readonly ports: { postgres: number; kafka: number; controller: number },
    private postgres: LocalPostgres | null,
    private kafka: LocalKafka | null,
  ) {}

  static async start(dir: string): Promise<DrillServices> {
    mkdirSync(dir, { recursive: true });
    const ports = { postgres: await freePort(), kafka: await freePort(), controller: await freePort() };
    const services = new DrillServices(dir, ports, null, null);
    try {
      await services.startPostgres();
      await ensureDatabase(postgresUrl(ports.postgres, 'postgres'), DATABASE);
      await services.startKafka();
    } catch (error) {
      await services.stop();
      throw error;
    }
    return services;
  }

  get databaseUrl(): string {
    return postgresUrl(this.ports.postgres, DATABASE);
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

  /** A fast shutdown (SIGINT) ends every session at once, mid-transaction; then the same cluster comes back. */
  async restartPostgres(downMs: number): Promise<void> {
    await this.postgres?.stop();
    this.postgres = null;
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.startPostgres();
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.kafka?.stop(), this.postgres?.stop()]);
    this.kafka = null;
    this.postgres = null;
  }

  private async startPostgres(): Promise<void> {
    this.postgres = await startLocalPostgres({ dataDir: join(this.dir, 'postgres'), port: this.ports.postgres });
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
