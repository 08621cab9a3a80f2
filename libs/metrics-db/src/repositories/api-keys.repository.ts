import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isUuid } from '@metrics-store/metrics-contract';
import { normalizeProjectId } from '../domain/input.validators';
import type { ApiKeySummary, CreatedApiKey, VerifiedApiKey } from '../metrics-store.types';

const KEY_PREFIX = 'mk_';
// 32 random bytes in base64url, no padding.
const KEY_SHAPE = /^mk_[A-Za-z0-9_-]{43}$/;

interface ApiKeyRow {
  id: string;
  project_id: string;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toSummary = (row: ApiKeyRow): ApiKeySummary => ({
  id: row.id,
  projectId: row.project_id,
  name: row.name,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** Project read keys: only a SHA-256 of each key is stored, so a leaked table does not leak keys. */
export class ApiKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(projectId: string, name: string): Promise<CreatedApiKey> {
    const id = normalizeProjectId(projectId);
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const [row] = (await this.dataSource.query(
      `INSERT INTO api_keys (project_id, name, key_hash) VALUES ($1, $2, $3)
       RETURNING id, project_id, name, created_at, revoked_at`,
      [id, name, hashKey(key)],
    )) as ApiKeyRow[];
    return { ...toSummary(row), key };
  }

  async list(projectId: string): Promise<ApiKeySummary[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, project_id, name, created_at, revoked_at FROM api_keys
       WHERE project_id = $1 ORDER BY created_at, id`,
      [normalizeProjectId(projectId)],
    )) as ApiKeyRow[];
    return rows.map(toSummary);
  }

  async revoke(projectId: string, keyId: string): Promise<boolean> {
    const id = normalizeProjectId(projectId);
    if (!isUuid(keyId)) return false;
    // TypeORM answers an UPDATE with [rows, affected count].
    const [, affected] = (await this.dataSource.query(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE project_id = $1 AND id = $2`,
      [id, keyId.toLowerCase()],
    )) as [unknown[], number];
    return affected > 0;
  }

  async verify(key: string): Promise<VerifiedApiKey | null> {
    if (typeof key !== 'string' || !KEY_SHAPE.test(key)) return null;
    const [row] = (await this.dataSource.query(
      'SELECT id, project_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
      [hashKey(key)],
    )) as Pick<ApiKeyRow, 'id' | 'project_id'>[];
    return row ? { keyId: row.id, projectId: row.project_id } : null;
  }
}
