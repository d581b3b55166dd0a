/**
 * Guards of the back-office pages: a page without a session sends the browser to sign in;
 * a form POST without a valid CSRF token is refused with 403 and a page that says why.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Session } from '../../store/sessions.js';
import { CSRF_FIELD, isValidCsrfToken } from './csrf.js';

/** onRequest hook: no session → 303 to /signin (coming back here after a GET). */
export async function requireSignedIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.session) return;
  const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
  await reply.redirect(`/signin${next}`, 303);
}

/** The session of a guarded route (the guard ran, so there is one). */
export function sessionOf(request: FastifyRequest): Session {
  if (!request.session) throw new Error('route is missing its sign-in guard');
  return request.session;
}

/** The CSRF token a form sent, from its body. */
export function formCsrfToken(request: FastifyRequest): unknown {
  const body = request.body as Record<string, unknown> | undefined;
  return body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
}

export function hasValidFormToken(request: FastifyRequest, secret: string): boolean {
  return isValidCsrfToken(secret, formCsrfToken(request));
}

/**
 * Where to go after signing in: only a path of this site ("/tickets?state=skipped"), never
 * another host ("//evil.example", "https://…"), so the sign-in page is no open redirect. The
 * path is normalised before use (as a URL of this site, percent-encoded), so what goes into
 * the Location header is plain ASCII: `/。evil.example` made Node refuse the header (a 500,
 * issue 20), and is now `/%E3%80%82evil.example`, a path of this site.
 */
export function safeLocalPath(value: unknown, fallback: string, prefix = '/'): string {
  if (typeof value !== 'string' || !value.startsWith(prefix) || value.startsWith('//') || value.includes('\\')) return fallback;
  if ([...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) || value.length > 2000) return fallback;
  let url: URL;
  try {
    url = new URL(value, SELF);
  } catch {
    return fallback;
  }
  const normalised = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can make "//host" of a path ("/..//evil.example"): checked again after.
  if (url.origin !== SELF || !normalised.startsWith(prefix) || normalised.startsWith('//')) return fallback;
  return normalised;
}

const SELF = 'http://tillbooks.invalid';
