import {
  createTestDatabase,
  runAppMain,
  TEST_VISITOR_KEY_SECRET,
  type TestDatabase,
} from '@metrics-store/testing';

describe('enriched-consumer main on a database that is not migrated', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('consumer_unmigrated');
  });
  afterAll(() => database.drop());

  it('exits with one line that says so and what to run, before it joins Kafka', () => {
    // No broker answers here: the schema is checked first, so the consumer does not wait for Kafka.
    const run = runAppMain('apps/enriched-consumer/src/main.ts', {
      DATABASE_URL: database.url,
      VISITOR_KEY_SECRET: TEST_VISITOR_KEY_SECRET,
      KAFKA_BROKERS: '127.0.0.1:1',
      CONSUMER_HTTP_PORT: '0',
    });
    expect([run.status, run.stdout, run.stderrLines.length]).toEqual([1, '', 1]);
    expect(run.stderrLines[0]).toMatch(
      /^enriched-consumer: failed to start: The database is not migrated: (\d+) of \1 migrations pending \(.+\)\. Run `npx nx run metrics-db:migrate`/,
    );
  });
});
