import { apiKeyHash, type ApiKeyChanges, type ApiKeyState } from '@metrics-store/metrics-db';
import { ApiError } from '../http/api-error';
import { ApiKeyDirectory } from './api-key.directory';

const P = '6f1c2a7e-0000-4000-8000-0000000000e1';
const Q = '6f1c2a7e-0000-4000-8000-0000000000e2';
const keyOf = (n: number) => `mk_${String(n).padStart(43, 'k')}`;

/** The keys table as the store would show it, with the reads the directory made of it. */
function keysTable() {
  const rows = new Map<string, ApiKeyState & { changedAt: number }>();
  // What an erase leaves: the hash of each removed key, with its time.
  const erased = new Map<string, number>();
  const reads: (number | null)[] = [];
  let clock = 0;
  let failing = false;
  let hold: Promise<void> | undefined;
  return {
    reads,
    set clock(ms: number) {
      clock = ms;
    },
    set failing(value: boolean) {
      failing = value;
    },
    /**
     * The next reads wait before they answer (with what the table held when they began), until the function
     * returned is called.
     */
    holdReads(): () => void {
      let release = () => undefined as void;
      hold = new Promise<void>((resolve) => (release = resolve));
      return () => {
        hold = undefined;
        release();
      };
    },
    put(n: number, live = true, projectId = P) {
      rows.set(keyOf(n), {
        keyHash: apiKeyHash(keyOf(n)) as string,
        keyId: `id-${n}`,
        projectId,
        live,
        changedAt: clock,
      });
    },
    /** The project erased: its rows removed, the hash of each key left behind. */
    eraseProject(projectId: string) {
      for (const [key, row] of rows) {
        if (row.projectId !== projectId) continue;
        rows.delete(key);
        erased.set(row.keyHash, clock);
      }
    },
    remove(n: number) {
      rows.delete(keyOf(n));
    },
    async readApiKeyChanges(since: Date | null): Promise<ApiKeyChanges> {
      reads.push(since === null ? null : since.getTime());
      const asOf = clock;
      const snapshot = [...rows.values()].filter((row) =>
        since === null ? row.live : row.changedAt >= since.getTime(),
      );
      const erasedKeyHashes = [...erased]
        .filter(([, at]) => since !== null && at >= since.getTime())
        .map(([hash]) => hash);
      if (hold) await hold;
      if (failing) throw new Error('database down');
      return {
        asOf: new Date(asOf),
        keys: snapshot.map(({ keyHash, keyId, projectId, live }) => ({ keyHash, keyId, projectId, live })),
        erasedKeyHashes,
      };
    },
  };
}

describe('ApiKeyDirectory', () => {
  let now = 0;
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    now = 0;
  });
  afterEach(() => jest.useRealTimers());

  const open = (table: ReturnType<typeof keysTable>) =>
    new ApiKeyDirectory(table, { refreshMs: 1_000, now: () => now });
  const tick = async (ms: number) => {
    now += ms;
    await jest.advanceTimersByTimeAsync(ms);
  };

  it('answers known keys from memory and refuses malformed tokens without a read', async () => {
    const table = keysTable();
    table.put(1);
    const directory = open(table);
    expect(await directory.start()).toBe(true);
    expect(await directory.verify(keyOf(1))).toEqual({ keyId: 'id-1', projectId: P });
    expect(await directory.verify('mk_short')).toBeNull();
    expect(await directory.verify('not-a-key')).toBeNull();
    expect(table.reads).toEqual([null]);
    directory.stop();
  });

  it('makes unknown keys wait for the next scheduled read, one read for all of them, then refuses them', async () => {
    const table = keysTable();
    const directory = open(table);
    await directory.start();
    const unknown = Array.from({ length: 500 }, (_, i) => directory.verify(keyOf(1_000 + i)));
    table.put(7); // created through another process meanwhile
    const created = directory.verify(keyOf(7));
    await tick(1_000);
    expect(await Promise.all(unknown)).toEqual(Array(500).fill(null));
    expect(await created).toEqual({ keyId: 'id-7', projectId: P });
    expect(table.reads).toHaveLength(2);
    directory.stop();
  });

  it('reads changes from the last read back a margin, and everything again every minute', async () => {
    const table = keysTable();
    table.put(1);
    table.put(2);
    const directory = open(table);
    await directory.start();
    table.clock = 20_000;
    now = 20_000;
    table.put(2, false); // revoked elsewhere
    table.remove(1); // deleted by hand: only a full read shows it
    await tick(1_000);
    expect(table.reads).toEqual([null, -10_000]);
    expect(directory.size).toBe(1);
    expect(await directory.verify(keyOf(1))).toEqual({ keyId: 'id-1', projectId: P });
    const revoked = directory.verify(keyOf(2));
    await tick(1_000);
    expect(await revoked).toBeNull();
    expect(table.reads).toEqual([null, -10_000, 10_000]);
    await tick(60_000);
    expect(table.reads.slice(2)).toContain(null);
    expect(directory.size).toBe(0);
    directory.stop();
  });

  it('vouches for no key once reads have failed for over 4 s, and again after one succeeds', async () => {
    const table = keysTable();
    table.put(1);
    const directory = open(table);
    await directory.start();
    table.failing = true;
    // An unknown key that waited for a read that failed is not refused as unknown: nobody could tell.
    const waiting = directory.verify(keyOf(9));
    await tick(1_000);
    await expect(waiting).rejects.toMatchObject({ code: 'unavailable' });
    await tick(3_000);
    expect(directory.isFresh()).toBe(true);
    expect(await directory.verify(keyOf(1))).toEqual({ keyId: 'id-1', projectId: P });
    await tick(1_000);
    expect(directory.isFresh()).toBe(false);
    const refused = directory.verify(keyOf(1));
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ code: 'unavailable', status: 503, retryAfterSeconds: 1 });
    table.failing = false;
    await tick(1_000);
    expect(directory.isFresh()).toBe(true);
    expect(await directory.verify(keyOf(1))).toEqual({ keyId: 'id-1', projectId: P });
    directory.stop();
  });

  it('keeps what this process created or revoked while a read that began before was in flight', async () => {
    const table = keysTable();
    table.put(1);
    const directory = open(table);
    await directory.start();
    const release = table.holdReads();
    await tick(1_000); // a read begins and waits
    // Revoked and created through this process, committed after that read began.
    table.put(1, false);
    directory.forget('id-1');
    table.put(2);
    directory.remember(keyOf(2), { keyId: 'id-2', projectId: P });
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(table.reads).toHaveLength(2);
    expect(await directory.verify(keyOf(2))).toEqual({ keyId: 'id-2', projectId: P });
    const forgotten = directory.verify(keyOf(1));
    await tick(1_000);
    expect(await forgotten).toBeNull();
    directory.stop();
  });

  /** Key 1 of project P, key 2 of project Q, known to a directory that has read them. */
  const keysOfTwoProjects = async () => {
    const table = keysTable();
    table.put(1);
    table.put(2, true, Q);
    const directory = open(table);
    await directory.start();
    return { table, directory };
  };

  it("drops an erased project's keys at its next read of changes, though their rows are gone", async () => {
    const { table, directory } = await keysOfTwoProjects();
    table.clock = 5_000;
    now = 5_000;
    table.eraseProject(P);
    await tick(1_000);
    expect(table.reads).toEqual([null, -10_000]);
    const refused = directory.verify(keyOf(1));
    await tick(1_000);
    expect(await refused).toBeNull();
    expect(await directory.verify(keyOf(2))).toEqual({ keyId: 'id-2', projectId: Q });
    directory.stop();
  });

  it('refuses the keys of a project erased through this process at once, even against a read begun before', async () => {
    const { table, directory } = await keysOfTwoProjects();
    const release = table.holdReads();
    await tick(1_000); // a read begins and waits, with the keys of P in its answer
    table.eraseProject(P);
    directory.forgetProject(P);
    expect(directory.size).toBe(1);
    // A key made for the project after the erase counts.
    table.put(3);
    directory.remember(keyOf(3), { keyId: 'id-3', projectId: P });
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(table.reads).toHaveLength(2);
    expect(directory.size).toBe(2);
    expect(await directory.verify(keyOf(3))).toEqual({ keyId: 'id-3', projectId: P });
    const refused = directory.verify(keyOf(1));
    await tick(1_000);
    expect(await refused).toBeNull();
    directory.stop();
  });

  it('refuses a refresh interval the revocation bound cannot hold', () => {
    const table = keysTable();
    expect(() => new ApiKeyDirectory(table, { refreshMs: 2_001 })).toThrow(RangeError);
    expect(() => new ApiKeyDirectory(table, { refreshMs: 0 })).toThrow(RangeError);
  });
});
