import { isRetriableError } from '../pg/metrics-db.error';
import { openTestStore, PROJECT_A, PROJECT_B, type TestStore } from '../testing/metrics-store.fixture';

describe('project settings and API keys', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
  });
  afterAll(() => t.dispose());

  it('answers the defaults for a project never configured', async () => {
    expect(await t.store.getProjectSettings(PROJECT_A)).toEqual({
      projectId: PROJECT_A,
      timezone: 'UTC',
      createdAt: null,
      updatedAt: null,
    });
  });

  it('stores a zone, lower-cases the project id, and changes it later', async () => {
    const set = await t.store.setProjectTimezone(PROJECT_B.toUpperCase(), 'Europe/Berlin');
    expect(set).toMatchObject({ projectId: PROJECT_B, timezone: 'Europe/Berlin' });
    expect(set.updatedAt).toBeInstanceOf(Date);
    const changed = await t.store.setProjectTimezone(PROJECT_B, 'America/New_York');
    expect(changed.timezone).toBe('America/New_York');
    expect(changed.createdAt).toEqual(set.createdAt);
    expect((await t.store.getProjectSettings(PROJECT_B)).timezone).toBe('America/New_York');
    expect(await t.store.getProjectTimezones([PROJECT_A, PROJECT_B.toUpperCase()])).toEqual(
      new Map([
        [PROJECT_A, 'UTC'],
        [PROJECT_B, 'America/New_York'],
      ]),
    );
  });

  it('refuses an unknown zone with a non-retriable invalid_timezone', async () => {
    const failure = t.store.setProjectTimezone(PROJECT_A, 'Mars/Olympus_Mons');
    await expect(failure).rejects.toMatchObject({ code: 'invalid_timezone', retriable: false });
    await failure.catch((err) => expect(isRetriableError(err)).toBe(false));
    expect((await t.store.getProjectSettings(PROJECT_A)).createdAt).toBeNull();
  });

  it('refuses a project id that is not a UUID', async () => {
    await expect(t.store.getProjectSettings('not-a-uuid')).rejects.toMatchObject({
      code: 'invalid_project_id',
    });
  });

  it('creates, verifies, lists and revokes API keys', async () => {
    const created = await t.store.createApiKey(PROJECT_A, 'dashboard');
    expect(created.key).toMatch(/^mk_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ projectId: PROJECT_A, name: 'dashboard', revokedAt: null });
    expect(await t.store.verifyApiKey(created.key)).toEqual({ keyId: created.id, projectId: PROJECT_A });
    expect(await t.store.verifyApiKey(`${created.key.slice(0, -1)}x`)).toBeNull();
    expect(await t.store.verifyApiKey('garbage')).toBeNull();

    const other = await t.store.createApiKey(PROJECT_A, 'cli');
    const listed = await t.store.listApiKeys(PROJECT_A);
    expect(listed.map((k) => k.id)).toEqual([created.id, other.id]);
    expect(listed[0]).not.toHaveProperty('key');
    expect(await t.store.listApiKeys(PROJECT_B)).toEqual([]);

    expect(await t.store.revokeApiKey(PROJECT_B, created.id)).toBe(false);
    expect(await t.store.revokeApiKey(PROJECT_A, created.id)).toBe(true);
    expect(await t.store.revokeApiKey(PROJECT_A, created.id)).toBe(true);
    expect(await t.store.revokeApiKey(PROJECT_A, 'not-a-uuid')).toBe(false);
    expect(await t.store.verifyApiKey(created.key)).toBeNull();
    expect(await t.store.verifyApiKey(other.key)).toEqual({ keyId: other.id, projectId: PROJECT_A });
    expect((await t.store.listApiKeys(PROJECT_A))[0].revokedAt).toBeInstanceOf(Date);
  });

  it('answers a ping', async () => {
    await expect(t.store.ping()).resolves.toBeUndefined();
  });
});
