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
      DB_POOL_SIZE: 10,
      READ_CACHE_MS: 200,
      DISTINCT_READ_CONCURRENCY: 2,
    });
  });

  it('reads every variable, and takes an empty ADMIN_TOKEN as unset', () => {
    const env = {
      DATABASE_URL: URL,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
      PORT: '8080',
      ADMIN_TOKEN: 'a'.repeat(32),
      DB_POOL_SIZE: '20',
      READ_CACHE_MS: '0',
      DISTINCT_READ_CONCURRENCY: '1',
    };
    expect(loadApiConfig(env)).toEqual({
      DATABASE_URL: URL,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
      PORT: 8080,
      ADMIN_TOKEN: 'a'.repeat(32),
      DB_POOL_SIZE: 20,
      READ_CACHE_MS: 0,
      DISTINCT_READ_CONCURRENCY: 1,
    });
    expect(loadApiConfig({ DATABASE_URL: URL, ADMIN_TOKEN: '' }).ADMIN_TOKEN).toBeUndefined();
  });

  it('names every bad variable in one error', () => {
    const bad = {
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      LOG_FORMAT: 'text',
      PORT: 'eighty',
      ADMIN_TOKEN: 'short',
      DB_POOL_SIZE: '0',
      READ_CACHE_MS: '251',
      DISTINCT_READ_CONCURRENCY: '0',
    };
    expect(() => loadApiConfig(bad)).toThrow(ConfigError);
    try {
      loadApiConfig(bad);
    } catch (error) {
      const names = (error as ConfigError).problems.map((problem) => problem.split(':')[0]);
      expect(names.sort()).toEqual([
        'ADMIN_TOKEN',
        'DATABASE_URL',
        'DB_POOL_SIZE',
        'DISTINCT_READ_CONCURRENCY',
        'LOG_FORMAT',
        'LOG_LEVEL',
        'PORT',
        'READ_CACHE_MS',
      ]);
    }
  });

  it('requires DATABASE_URL', () => {
    expect(() => loadApiConfig({})).toThrow(/DATABASE_URL/);
  });
});
