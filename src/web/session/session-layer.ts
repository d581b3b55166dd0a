/**
 * Who is asking: resolves the session cookie on every request (API routes included, so the
 * pages' scripts can call the JSON API) into `request.session` and `request.tenantId`.
 * Registered with fastify-plugin so its hook covers the whole app, not only the pages.
 *
 * A request that carries an API key is judged by its key alone (the API guard checks it); a
 * cookie never lends it a tenant. A state-changing API call made with a cookie must carry the
 * session's CSRF token in a header, as forms do in a field.
 */
import fastifyCookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../store/index.js';
import { findSession } from '../../store/sessions.js';
import type { Session } from '../../store/sessions.js';
import { isApiRoute } from '../api-route.js';
import { SESSION_COOKIE } from './cookies.js';
import { CSRF_HEADER, isValidCsrfToken } from './csrf.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in back-office session, when the request carries a live one. */
    session: Session | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SessionLayerOptions {
  db: Db;
  /** Clock for expiry checks; default Date.now. */
  now?: () => number;
}

/** The layer as a plugin for buildApp's `plugins` (fastify-plugin: not encapsulated). */
export function makeSessionLayer(opts: SessionLayerOptions) {
  return fp(async (app: FastifyInstance) => {
  await app.register(fastifyCookie);
  // Forms post urlencoded; repeated fields (the ticket checkboxes) arrive as arrays.
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request, reply) => resolveSession(opts, request, reply));
  }, { name: 'tillbooks-session-layer', fastify: '5.x' });
}

async function resolveSession(opts: SessionLayerOptions, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  // onRequest runs after routing, so the matched route is known here.
  if (request.routeOptions.url?.startsWith('/static/') || hasApiKey(request)) return;
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return;
  const session = await findSession(opts.db, token, (opts.now ?? Date.now)());
  if (!session) return;
  request.session = session;
  request.tenantId = session.user.tenantId;
  if (isApiRoute(request) && !SAFE_METHODS.has(request.method) && !isValidCsrfToken(session.csrfSecret, request.headers[CSRF_HEADER])) {
    await reply.status(403).send({ error: `a signed-in call that changes something must carry the page's CSRF token in the ${CSRF_HEADER} header` });
  }
}

function hasApiKey(request: FastifyRequest): boolean {
  return request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined;
}
