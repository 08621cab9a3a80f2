import { createTestDatabase, runAppMain, type TestDatabase } from '@metrics-store/testing';

describe('metrics-api main on a database that is not migrated', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('api_unmigrated');
  });
  afterAll(() => database.drop());

  it('exits with one line that says so and what to run', () => {
    const run = runAppMain('apps/metrics-api/src/main.ts', { DATABASE_URL: database.url, PORT: '0' });
    expect([run.status, run.stdout, run.stderrLines.length]).toEqual([1, '', 1]);
    expect(run.stderrLines[0]).toMatch(
      /^metrics-api: failed to start: The database is not migrated: (\d+) of \1 migrations pending \(.+\)\. Run `npx nx run metrics-db:migrate`/,
    );
  });
});
