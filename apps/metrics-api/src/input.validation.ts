import type { z } from 'zod';
import { ApiError } from './api-error';

export type InputLocation = 'path' | 'query' | 'body';

/**
 * Parses one part of a request or throws `invalid_request` whose issues name the fields (`from`,
 * `timezone`, ...). An issue about the whole part (a missing body) is named after the part itself.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, location: InputLocation): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : location,
    message: issue.message,
  }));
  throw ApiError.invalid(issues, `Invalid ${location === 'path' ? 'path parameters' : location}`);
}
