import { ConfigError } from '@metrics-store/runtime';
import { loadApiConfig } from './api.config';

const URL = 'postgres://u:p@127.0.0.1:5432/metrics';

describe('loadApiConfig', () => {
  it('applies the contract defaults', () => {
    expect(loadApiConfig({ DATABASE_URL: URL })).toEqual({
      DATABASE_URL: URL,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      PORT: 3000,
      API_OPS_PORT: 9465,
      DB_POOL_SIZE: 10,
      DB_CONNECT_TIMEOUT_MS: 1_000,
      DB_STATEMENT_TIMEOUT_MS: 5_000,
      READ_CACHE_MS: 200,
      READ_CONCURRENCY: 4,
      READ_CONCURRENCY_PER_PROJECT: 1,
      READ_QUEUE_PER_PROJECT: 50,
      READ_QUEUE_TIMEOUT_MS: 1_000,
      KEY_REFRESH_MS: 1_000,
    });
  });

  it('reads every variable, and takes an empty ADMIN_TOKEN as unset', () => {
    const env = {
      DATABASE_URL: URL,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
      PORT: '8080',
      API_OPS_PORT: '9100',
      ADMIN_TOKEN: 'a'.repeat(32),
      DB_POOL_SIZE: '20',
      DB_CONNECT_TIMEOUT_MS: '2500',
      DB_STATEMENT_TIMEOUT_MS: '30000',
      READ_CACHE_MS: '0',
      READ_CONCURRENCY: '12',
      READ_CONCURRENCY_PER_PROJECT: '3',
      READ_QUEUE_PER_PROJECT: '0',
      READ_QUEUE_TIMEOUT_MS: '2000',
      KEY_REFRESH_MS: '500',
    };
    expect(loadApiConfig(env)).toEqual({
      DATABASE_URL: URL,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
      PORT: 8080,
      API_OPS_PORT: 9100,
      ADMIN_TOKEN: 'a'.repeat(32),
      DB_POOL_SIZE: 20,
      DB_CONNECT_TIMEOUT_MS: 2_500,
      DB_STATEMENT_TIMEOUT_MS: 30_000,
      READ_CACHE_MS: 0,
      READ_CONCURRENCY: 12,
      READ_CONCURRENCY_PER_PROJECT: 3,
      READ_QUEUE_PER_PROJECT: 0,
      READ_QUEUE_TIMEOUT_MS: 2_000,
      KEY_REFRESH_MS: 500,
    });
    expect(loadApiConfig({ DATABASE_URL: URL, ADMIN_TOKEN: '' }).ADMIN_TOKEN).toBeUndefined();
  });

  it('refuses an ops port equal to PORT, and takes 0 for both (any free port)', () => {
    expect(() => loadApiConfig({ DATABASE_URL: URL, PORT: '9465' })).toThrow(
      'API_OPS_PORT: must differ from PORT',
    );
    expect(loadApiConfig({ DATABASE_URL: URL, PORT: '0', API_OPS_PORT: '0' })).toMatchObject({
      PORT: 0,
      API_OPS_PORT: 0,
    });
  });

  it('refuses an admin token shorter than 32 characters, saying so', () => {
    expect(loadApiConfig({ DATABASE_URL: URL, ADMIN_TOKEN: 'b'.repeat(32) }).ADMIN_TOKEN).toBe(
      'b'.repeat(32),
    );
    expect(() => loadApiConfig({ DATABASE_URL: URL, ADMIN_TOKEN: 'b'.repeat(31) })).toThrow(
      'ADMIN_TOKEN: must be at least 32 characters (or unset to turn the admin routes off)',
    );
  });

  it('names every bad variable in one error', () => {
    const bad = {
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      LOG_FORMAT: 'text',
      PORT: 'eighty',
      API_OPS_PORT: '70000',
      ADMIN_TOKEN: 'short',
      DB_POOL_SIZE: '0',
      READ_CACHE_MS: '251',
      DB_CONNECT_TIMEOUT_MS: '50',
      DB_STATEMENT_TIMEOUT_MS: 'soon',
      READ_CONCURRENCY: '0',
      READ_CONCURRENCY_PER_PROJECT: '-1',
      READ_QUEUE_PER_PROJECT: '1.5',
      READ_QUEUE_TIMEOUT_MS: '0',
      KEY_REFRESH_MS: '5000',
    };
    expect(() => loadApiConfig(bad)).toThrow(ConfigError);
    try {
      loadApiConfig(bad);
    } catch (error) {
      const names = (error as ConfigError).problems.map((problem) => problem.split(':')[0]);
      expect(names.sort()).toEqual([
        'ADMIN_TOKEN',
        'API_OPS_PORT',
        'DATABASE_URL',
        'DB_CONNECT_TIMEOUT_MS',
        'DB_POOL_SIZE',
        'DB_STATEMENT_TIMEOUT_MS',
        'KEY_REFRESH_MS',
        'LOG_FORMAT',
        'LOG_LEVEL',
        'PORT',
        'READ_CACHE_MS',
        'READ_CONCURRENCY',
        'READ_CONCURRENCY_PER_PROJECT',
        'READ_QUEUE_PER_PROJECT',
        'READ_QUEUE_TIMEOUT_MS',
      ]);
    }
  });

  it('keeps the read concurrency within the pool, and a project within the read concurrency', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadApiConfig({ DATABASE_URL: URL, ...env });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ DB_POOL_SIZE: '4', READ_CONCURRENCY: '5' })).toEqual([
      'READ_CONCURRENCY: must be at most DB_POOL_SIZE (4)',
    ]);
    expect(problems({ READ_CONCURRENCY: '3', READ_CONCURRENCY_PER_PROJECT: '4' })).toEqual([
      'READ_CONCURRENCY_PER_PROJECT: must be at most READ_CONCURRENCY (3)',
    ]);
    expect(problems({ DB_POOL_SIZE: '4', READ_CONCURRENCY: '4', READ_CONCURRENCY_PER_PROJECT: '4' })).toEqual(
      [],
    );
  });

  it('requires DATABASE_URL', () => {
    expect(() => loadApiConfig({})).toThrow(/DATABASE_URL/);
  });
});
