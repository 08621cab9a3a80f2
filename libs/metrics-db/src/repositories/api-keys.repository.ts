import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { isUuid } from '@metrics-store/metrics-contract';
import { apiKeyHash } from '../domain/api-key.hash';
import { assertStorableText, normalizeProjectId } from '../domain/input.validators';
import type { ApiKeyChanges, ApiKeySummary, CreatedApiKey, VerifiedApiKey } from '../metrics-store.types';

const KEY_PREFIX = 'mk_';

interface ApiKeyRow {
  id: string;
  project_id: string;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
}

interface KeyChangeRow {
  as_of: Date;
  /** null on the clock row without keys, and on the rows of erased keys. */
  id: string | null;
  project_id: string | null;
  key_hash: string | null;
  live: boolean;
}

const toSummary = (row: ApiKeyRow): ApiKeySummary => ({
  id: row.id,
  projectId: row.project_id,
  name: row.name,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

/** Project read keys: only a SHA-256 of each key is stored (see apiKeyHash). */
export class ApiKeysRepository {
  constructor(private readonly pool: Pool) {}

  async create(projectId: string, name: string): Promise<CreatedApiKey> {
    const id = normalizeProjectId(projectId);
    assertStorableText(name, 'name');
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const [row] = (
      await this.pool.query(
        `INSERT INTO api_keys (project_id, name, key_hash) VALUES ($1, $2, $3)
       RETURNING id, project_id, name, created_at, revoked_at`,
        [id, name, apiKeyHash(key)],
      )
    ).rows as ApiKeyRow[];
    return { ...toSummary(row), key };
  }

  async list(projectId: string): Promise<ApiKeySummary[]> {
    const rows = (
      await this.pool.query(
        `SELECT id, project_id, name, created_at, revoked_at FROM api_keys
       WHERE project_id = $1 ORDER BY created_at, id`,
        [normalizeProjectId(projectId)],
      )
    ).rows as ApiKeyRow[];
    return rows.map(toSummary);
  }

  async revoke(projectId: string, keyId: string): Promise<boolean> {
    const id = normalizeProjectId(projectId);
    if (!isUuid(keyId)) return false;
    const { rowCount: affected } = await this.pool.query(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE project_id = $1 AND id = $2`,
      [id, keyId.toLowerCase()],
    );
    return (affected ?? 0) > 0;
  }

  async verify(key: string): Promise<VerifiedApiKey | null> {
    const hash = apiKeyHash(key);
    if (hash === null) return null;
    const [row] = (
      await this.pool.query(
        'SELECT id, project_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
        [hash],
      )
    ).rows as Pick<ApiKeyRow, 'id' | 'project_id'>[];
    return row ? { keyId: row.id, projectId: row.project_id } : null;
  }

  /**
   * Without `since`: every live key. With it: every key created or revoked at or after it, live or not, and
   * the hashes of keys erased with their project from then on. The clock row is joined so that an empty answer
   * still carries the server's time; both reads run in one statement, one snapshot.
   */
  async changes(since: Date | null): Promise<ApiKeyChanges> {
    const rows = (
      await this.pool.query(
        `SELECT c.as_of, k.id, k.project_id, k.key_hash, k.revoked_at IS NULL AS live
       FROM (SELECT statement_timestamp() AS as_of) c
       LEFT JOIN api_keys k
         ON CASE WHEN $1::timestamptz IS NULL THEN k.revoked_at IS NULL
                 ELSE k.created_at >= $1::timestamptz OR k.revoked_at >= $1::timestamptz END
       UNION ALL
       SELECT statement_timestamp(), NULL, NULL, e.key_hash, false
       FROM erased_api_keys e WHERE e.erased_at >= $1::timestamptz`,
        [since],
      )
    ).rows as KeyChangeRow[];
    const keys = rows.filter((row) => row.id !== null);
    return {
      asOf: rows[0].as_of,
      keys: keys.map((row) => ({
        keyHash: row.key_hash as string,
        keyId: row.id as string,
        projectId: row.project_id as string,
        live: row.live,
      })),
      erasedKeyHashes: rows.flatMap((row) =>
        row.id === null && row.key_hash !== null ? [row.key_hash] : [],
      ),
    };
  }
}
