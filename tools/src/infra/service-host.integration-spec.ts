import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { freePort, portAnswers } from './free-port';
import { LOCAL_DIR } from './local-paths';
import { isAlive, startServiceHost } from './service-host.client';

describe('the service host (local PostgreSQL 16 and Kafka 4.1)', () => {
  it('starts both, creates the database and topics, and leaves nothing behind when stopped', async () => {
    const stateDir = join(LOCAL_DIR, 'test-services', `host-spec-${process.pid}`);
    const ports = { pgPort: await freePort(), kafkaPort: await freePort(), controllerPort: await freePort() };
    const host = await startServiceHost(
      {
        stateDir,
        ...ports,
        readyFile: join(stateDir, 'ready.json'),
        logsDir: join(stateDir, 'logs'),
        database: 'metrics',
        topics: [{ topic: 'events.enriched', numPartitions: 6 }],
        ephemeral: true,
      },
      false,
    );
    try {
      const client = new Client({ connectionString: host.ready.databaseUrl });
      await client.connect();
      const { rows } = await client.query<{ version: string; db: string }>(
        "SELECT current_setting('server_version') AS version, current_database() AS db",
      );
      await client.end();
      expect(rows[0].version).toMatch(/^16\./);
      expect(rows[0].db).toBe('metrics');

      const admin = new Kafka({ brokers: [host.ready.kafkaBrokers], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      const metadata = await admin.fetchTopicMetadata({ topics: ['events.enriched'] });
      await admin.disconnect();
      expect(metadata.topics[0].partitions).toHaveLength(6);
    } finally {
      await host.stop();
    }

    expect(isAlive(host.ready.hostPid)).toBe(false);
    expect(isAlive(host.ready.kafkaPid)).toBe(false);
    for (const port of Object.values(ports)) expect(await portAnswers(port)).toBe(false);
    expect(existsSync(stateDir)).toBe(false);
  }, 180_000);
});
