import { z } from 'zod';
import { ConfigError, parseConfig } from './parse-config';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().url(),
});

describe('parseConfig', () => {
  it('applies defaults and coerces values', () => {
    expect(parseConfig(schema, { DATABASE_URL: 'postgres://h/db' })).toEqual({
      PORT: 3000,
      DATABASE_URL: 'postgres://h/db',
    });
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      parseConfig(schema, { PORT: 'abc' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect((error as ConfigError).problems).toHaveLength(2);
  });
});
