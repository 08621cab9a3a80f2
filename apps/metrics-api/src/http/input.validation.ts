import type { z } from 'zod';
import { ApiError } from './api-error';

export type InputLocation = 'path' | 'query' | 'body';

/**
 * Parses one part of a request or throws `invalid_request` whose issues name the fields (`from`,
 * `timezone`, ...). An issue about the whole part (a missing body) is named after the part itself.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: InputLocation,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    // One issue per unexpected key, so that the key itself is named.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...at, key].join('.'), message: 'is not an accepted field' }));
    }
    return [{ path: at.length > 0 ? at.join('.') : location, message: issue.message }];
  });
  throw ApiError.invalid(issues, `Invalid ${location === 'path' ? 'path parameters' : location}`);
}
