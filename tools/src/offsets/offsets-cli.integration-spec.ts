import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createMetricsStore, runMigrations, type MetricsStore } from '@metrics-store/metrics-db';
import {
  createTestDatabase,
  createTestTopics,
  testKafkaBrokers,
  uniqueName,
  type TestDatabase,
} from '@metrics-store/testing';
import { REPO_ROOT } from '../infra/local-paths';

const TSX_ENV = { TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json') };

describe('npm run offsets, as a process of its own', () => {
  let database: TestDatabase;
  let store: MetricsStore;
  const topic = uniqueName('offsets_cli');
  const group = uniqueName('group');

  const offsets = (args: string[], env: Record<string, string> = {}) => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'tools/src/offsets/offsets.main.ts', ...args],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          ...TSX_ENV,
          DATABASE_URL: database.url,
          KAFKA_BROKERS: testKafkaBrokers().join(','),
          ...env,
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  /** `reset` of this test's group and topic, with the rest of the arguments. */
  const reset = (...args: string[]) => offsets(['reset', '--group', group, '--topic', topic, ...args]);
  const stored = async () =>
    Object.fromEntries(
      (await store.listStoredOffsets({ groupId: group, topic })).map((row) => [
        row.partition,
        row.nextOffset,
      ]),
    );

  beforeAll(async () => {
    database = await createTestDatabase('offsets_cli');
    await runMigrations(database.url);
    store = await createMetricsStore({ databaseUrl: database.url, poolSize: 1 });
    await createTestTopics([{ topic, numPartitions: 3 }]);
    const producer = new Kafka({ brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    // 10 records on partition 0, 4 on partition 1, none on partition 2.
    await producer.send({
      topic,
      messages: [
        ...Array.from({ length: 10 }, (_, i) => ({ partition: 0, value: `a${i}` })),
        ...Array.from({ length: 4 }, (_, i) => ({ partition: 1, value: `b${i}` })),
      ],
    });
    await producer.disconnect();
    // Partition 0 counted up to 6; partition 1 stored beyond its log end (the topic was made again).
    await store.resetStoredOffsets(group, topic, [
      { partition: 0, nextOffset: '6' },
      { partition: 1, nextOffset: '50' },
    ]);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('shows stored offset, log start and end, lag, and flags a partition beyond its log end', () => {
    const run = offsets(['show', '--group', group]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0].split(/\s+/)).toEqual([
      'GROUP',
      'TOPIC',
      'PARTITION',
      'STORED-OFFSET',
      'LOG-START',
      'LOG-END',
      'LAG',
      'FLAG',
    ]);
    expect(lines.slice(1).map((line) => line.split(/\s+/))).toEqual([
      [group, topic, '0', '6', '0', '10', '4'],
      [group, topic, '1', '50', '0', '4', '-', 'BEYOND', 'LOG', 'END'],
      [group, topic, '2', 'none', '0', '0', '0'],
    ]);
  });

  it('prints the plan of a dry run and changes nothing', async () => {
    const run = reset('--partition', '1', '--to-latest', '--dry-run');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`${group}\\s+${topic}\\s+1\\s+50\\s+4\\n`));
    expect(run.stdout).toContain('Dry run: nothing was changed');
    expect(await stored()).toEqual({ 0: '6', 1: '50' });
  });

  it('resets one partition, or every partition of the topic', async () => {
    expect(reset('--partition', '1', '--to-latest').status).toBe(0);
    expect(await stored()).toEqual({ 0: '6', 1: '4' });
    expect(reset('--partition', '0', '--to-offset', '8').status).toBe(0);
    expect(await stored()).toEqual({ 0: '8', 1: '4' });
    const all = reset('--to-earliest');
    expect(all.stdout).toContain('Reset 3 partitions');
    expect(await stored()).toEqual({ 0: '0', 1: '0', 2: '0' });
  });

  it('refuses an offset outside the log with exit code 1, and bad usage with exit code 2 and one line', async () => {
    const outside = reset('--partition', '0', '--to-offset', '11');
    expect(outside.status).toBe(1);
    expect(outside.stderr).toContain('outside the log of partition 0 (start 0, end 10)');
    const missing = offsets(['reset', '--group', group, '--topic', uniqueName('absent'), '--to-latest']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('does not exist in Kafka');
    expect(await stored()).toEqual({ 0: '0', 1: '0', 2: '0' });

    for (const args of [
      [],
      ['rewind'],
      ['reset', '--group', group, '--topic', topic],
      ['reset', '--group', group, '--topic', topic, '--to-latest', '--to-earliest'],
      ['reset', '--group', group, '--topic', topic, '--to-offset', 'x'],
      ['show', '--bogus'],
    ]) {
      const run = offsets(args);
      expect({ args, status: run.status, lines: run.stderr.trim().split('\n').length }).toEqual({
        args,
        status: 2,
        lines: 1,
      });
    }
    const help = offsets(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--dry-run');
  });
});
