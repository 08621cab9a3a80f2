import {
  apiKeyHash,
  type ApiKeyChanges,
  type MetricsStore,
  type VerifiedApiKey,
} from '@metrics-store/metrics-db';
import type { Logger } from '@metrics-store/runtime';
import { ApiError } from '../http/api-error';

export interface ApiKeyDirectoryOptions {
  /** How often the keys created or revoked elsewhere are read; at most 2 s (revocations within 5 s). */
  refreshMs: number;
  logger?: Logger;
  /** Called after every refresh, with whether it succeeded (for the metrics). */
  onRefresh?: (ok: boolean) => void;
  now?: () => number;
}

// A change carries its transaction's start time but shows only once committed: each read of changes goes
// back this far, so that a change that committed late is still seen.
const CHANGE_MARGIN_MS = 10_000;
// Now and then every live key is read again, for what changes cannot show (a row deleted by hand).
const FULL_RELOAD_MS = 60_000;
// The contract refuses a revoked key within 5 s: a directory older than this vouches for no key.
const STALE_AFTER_MS = 4_000;

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const unavailable = () =>
  ApiError.unavailable('API keys cannot be checked right now: the database does not answer');

/**
 * The live API keys, by hash, in memory: every live key is read at start, then the keys created or revoked
 * since the last read, every `refreshMs`, by one query whatever the traffic. Checking a token costs a hash
 * and a map lookup; a real key is never pushed out by unknown ones, and an unknown token costs no query: it
 * waits for the next scheduled refresh (a key just created through another process shows there) and is
 * refused after it. Keys created or revoked through this process count at once.
 *
 * When refreshes fail for longer than the contract's revocation bound allows, no key is vouched for: the
 * requests that need one are answered 503 instead of trusting what may have been revoked meanwhile.
 */
export class ApiKeyDirectory {
  private keys = new Map<string, VerifiedApiKey>();
  private changesSince: Date | null = null;
  private lastFullReadAt = Number.NEGATIVE_INFINITY;
  private freshAt = Number.NEGATIVE_INFINITY;
  // Keys created and revoked, and projects erased, through this process while a refresh runs: its answer may
  // predate them.
  private readonly createdHere = new Map<string, VerifiedApiKey>();
  private readonly revokedHere = new Set<string>();
  private readonly erasedHere = new Set<string>();
  private misses: Deferred<boolean> | undefined;
  private firstLoad: Promise<boolean> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<MetricsStore, 'readApiKeyChanges'>,
    private readonly options: ApiKeyDirectoryOptions,
  ) {
    if (!Number.isInteger(options.refreshMs) || options.refreshMs < 1 || options.refreshMs > 2_000) {
      throw new RangeError('refreshMs must be an integer from 1 to 2000');
    }
    this.now = options.now ?? Date.now;
  }

  /** Reads every live key, then keeps refreshing until stop(). true when the first read succeeded. */
  start(): Promise<boolean> {
    this.firstLoad ??= this.refresh();
    return this.firstLoad;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.misses?.resolve(false);
    this.misses = undefined;
  }

  /** The key's project, null for a token that is no live key; ApiError 503 while keys cannot be checked. */
  async verify(token: string): Promise<VerifiedApiKey | null> {
    const hash = apiKeyHash(token);
    if (hash === null) return null;
    await this.start();
    const known = this.lookup(hash);
    if (known) return known;
    if (!(await this.nextRefresh())) throw unavailable();
    return this.lookup(hash) ?? null;
  }

  /** A key created through this process: usable at once. */
  remember(key: string, verified: VerifiedApiKey): void {
    const hash = apiKeyHash(key);
    if (hash === null) return;
    this.keys.set(hash, verified);
    this.createdHere.set(hash, verified);
  }

  /** A key revoked through this process: refused at once. */
  forget(keyId: string): void {
    this.revokedHere.add(keyId);
    for (const [hash, key] of this.keys) if (key.keyId === keyId) this.keys.delete(hash);
  }

  /** Every key of a project erased through this process: refused at once. */
  forgetProject(projectId: string): void {
    this.erasedHere.add(projectId);
    for (const [hash, key] of this.keys) if (key.projectId === projectId) this.keys.delete(hash);
  }

  /** Whether the last successful refresh is recent enough to vouch for keys. */
  isFresh(): boolean {
    return this.now() - this.freshAt <= STALE_AFTER_MS;
  }

  get size(): number {
    return this.keys.size;
  }

  /** Seconds since the last successful refresh began (Infinity before the first). */
  get ageSeconds(): number {
    return (this.now() - this.freshAt) / 1000;
  }

  private lookup(hash: string): VerifiedApiKey | undefined {
    if (!this.isFresh()) throw unavailable();
    return this.keys.get(hash);
  }

  /** Resolves once the next refresh to begin from now on has ended: true when it succeeded. */
  private nextRefresh(): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    this.misses ??= deferred<boolean>();
    return this.misses.promise;
  }

  private async refresh(): Promise<boolean> {
    const misses = this.misses;
    this.misses = undefined;
    this.createdHere.clear();
    this.revokedHere.clear();
    this.erasedHere.clear();
    const startedAt = this.now();
    const full = this.changesSince === null || startedAt - this.lastFullReadAt >= FULL_RELOAD_MS;
    let ok = false;
    try {
      const changes = await this.store.readApiKeyChanges(full ? null : this.changesSince);
      this.apply(changes, full);
      if (full) this.lastFullReadAt = startedAt;
      this.changesSince = new Date(changes.asOf.getTime() - CHANGE_MARGIN_MS);
      this.freshAt = startedAt;
      ok = true;
    } catch (error) {
      this.options.logger?.warn({ err: error, full }, 'api_key_refresh_failed');
    }
    this.options.onRefresh?.(ok);
    misses?.resolve(ok);
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.refresh(), this.options.refreshMs);
      this.timer.unref?.();
    }
    return ok;
  }

  private apply(changes: ApiKeyChanges, full: boolean): void {
    const keys = full ? new Map<string, VerifiedApiKey>() : this.keys;
    const gone = (key: VerifiedApiKey) =>
      this.revokedHere.has(key.keyId) || this.erasedHere.has(key.projectId);
    for (const key of changes.keys) {
      if (key.live && !gone(key)) keys.set(key.keyHash, { keyId: key.keyId, projectId: key.projectId });
      else keys.delete(key.keyHash);
    }
    // A removed row shows in no change: an erased project's keys come as the hashes it left.
    for (const hash of changes.erasedKeyHashes) keys.delete(hash);
    const erased = new Set(changes.erasedKeyHashes);
    for (const [hash, key] of this.createdHere)
      if (!this.revokedHere.has(key.keyId) && !erased.has(hash)) keys.set(hash, key);
    this.keys = keys;
  }
}
