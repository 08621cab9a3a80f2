import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../http/api-error';
import type { ApiKeyDirectory } from './api-key.directory';

export type Principal = { kind: 'admin' } | { kind: 'project'; projectId: string; keyId: string };

const BEARER = /^Bearer +([\x21-\x7e]{1,512})$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function unauthorized(message: string): ApiError {
  return new ApiError('unauthorized', message);
}

export interface Auth {
  /** Project routes: the admin token or a live project key; sets `res.locals.principal`. */
  authenticate(req: Request, res: Response, next: NextFunction): Promise<void>;
  /** Admin routes: 404 while no admin token is configured, 401 without one, 403 for a project key. */
  requireAdmin(req: Request, res: Response, next: NextFunction): Promise<void>;
}

/** `Authorization: Bearer <token>`, where the token is the admin token or a project key `mk_...`. */
export function createAuth(options: { adminToken?: string; keys: ApiKeyDirectory }): Auth {
  // Comparing fixed-length digests in constant time leaks neither the token nor its length.
  const adminDigest = options.adminToken ? digest(options.adminToken) : undefined;

  const bearerToken = (req: Request): string => {
    const header = req.get('authorization');
    if (!header) throw unauthorized('Missing Authorization header (expected "Bearer <token>")');
    const match = BEARER.exec(header.trim());
    if (!match) throw unauthorized('Malformed Authorization header (expected "Bearer <token>")');
    return match[1];
  };

  const isAdmin = (token: string): boolean =>
    adminDigest !== undefined && timingSafeEqual(digest(token), adminDigest);

  // In memory: no token, known or not, costs a query (see ApiKeyDirectory).
  const projectKey = async (token: string) => (token.startsWith('mk_') ? options.keys.verify(token) : null);

  return {
    async authenticate(req, res, next) {
      const token = bearerToken(req);
      if (isAdmin(token)) {
        res.locals.principal = { kind: 'admin' } satisfies Principal;
        return next();
      }
      const key = await projectKey(token);
      if (!key) throw unauthorized('Unknown or revoked token');
      res.locals.principal = {
        kind: 'project',
        projectId: key.projectId,
        keyId: key.keyId,
      } satisfies Principal;
      next();
    },

    async requireAdmin(req, res, next) {
      if (!adminDigest) throw new ApiError('not_found', `No route ${req.method} ${req.path}`);
      const token = bearerToken(req);
      if (isAdmin(token)) {
        res.locals.principal = { kind: 'admin' } satisfies Principal;
        return next();
      }
      if (await projectKey(token))
        throw new ApiError('forbidden', 'A project key cannot use the admin routes');
      throw unauthorized('Unknown or revoked token');
    },
  };
}

/** A project key reads only its own project; the admin token reads any. */
export function assertProjectAccess(res: Response, projectId: string): void {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw unauthorized('Not authenticated');
  if (principal.kind === 'project' && principal.projectId.toLowerCase() !== projectId) {
    throw new ApiError('forbidden', 'This key belongs to another project');
  }
}
