/**
 * API key authentication for /api/v1: `Authorization: Bearer <key>` (or `X-Api-Key`). The
 * key names the tenant; every handler works inside it and nowhere else.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateApiKey } from '../../store/api-keys.js';
import type { Db } from '../../store/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    tenantId?: string;
    /** The API key that verified (absent for a signed-in session): the intake limit counts per key. */
    apiKeyId?: number;
    /** What the verified API key may do beyond intake and reads (absent for a session). */
    apiKeyScopes?: readonly string[];
  }
}

export function makeApiKeyGuard(db: Db) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // A signed-in back-office user may also call the API (the pages' scripts do).
    if (request.tenantId) return;
    const key = apiKeyOf(request);
    const auth = key ? await authenticateApiKey(db, key) : null;
    if (!auth) {
      return reply.status(401).header('www-authenticate', 'Bearer realm="tillbooks"')
        .send({ error: key ? 'invalid or revoked API key' : 'an API key is required: Authorization: Bearer <key>' });
    }
    request.tenantId = auth.tenantId;
    request.apiKeyId = auth.keyId;
    request.apiKeyScopes = auth.scopes;
  };
}

function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const x = request.headers['x-api-key'];
  return typeof x === 'string' ? x.trim() : undefined;
}

export function tenantOf(request: FastifyRequest): string {
  if (!request.tenantId) throw new Error('route is missing its authentication guard');
  return request.tenantId;
}
