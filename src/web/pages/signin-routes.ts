/**
 * Signing in and out. The sign-in form has its own CSRF secret in a short-lived cookie (there
 * is no session yet, and a forged sign-in could put a victim into an attacker's account).
 * A successful sign-in always starts a new session (no fixation); signing out deletes it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkCredentials } from '../../store/users.js';
import { createSession, deleteExpiredSessions, deleteSession } from '../../store/sessions.js';
import { PRESESSION_COOKIE, SESSION_COOKIE, cookieOptions } from '../session/cookies.js';
import { csrfToken, isValidCsrfToken, newCsrfSecret } from '../session/csrf.js';
import { formCsrfToken, safeLocalPath } from '../session/guards.js';
import { field, renderErrorPage, sendHtml } from './page-kit.js';
import type { PageKit } from './page-kit.js';

const HOME = '/';
const TWELVE_HOURS = 12 * 60 * 60 * 1000;

export function signinRoutes(app: FastifyInstance, kit: PageKit): void {
  const perMinute = kit.deps.signinPerMinute ?? 10;

  app.get<{ Querystring: { next?: string; signedout?: string } }>('/signin', async (request, reply) => {
    const next = safeLocalPath(request.query.next, HOME);
    if (request.session) return reply.redirect(next, 303);
    const notice = request.query.signedout ? 'You are signed out.' : undefined;
    return showForm(kit, request, reply, 200, { next, notice });
  });

  app.post('/signin', {
    config: { rateLimit: { max: perMinute, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const pre = request.cookies[PRESESSION_COOKIE];
    if (!pre || !isValidCsrfToken(pre, formCsrfToken(request))) {
      return renderErrorPage(kit, request, reply, 403, 'This form has expired',
        'The sign-in form was too old or did not come from this site. Open the sign-in page again and retry.', { href: '/signin', label: 'Sign in' });
    }
    const email = field(request, 'email').trim();
    const next = safeLocalPath(field(request, 'next'), HOME);
    const user = email && field(request, 'password') ? await checkCredentials(kit.deps.db, email, field(request, 'password')) : null;
    if (!user) return showForm(kit, request, reply, 401, { next, email, error: 'That email and password do not match an account.' });
    const now = (kit.deps.now ?? Date.now)();
    const ttlMs = kit.deps.sessionTtlMs ?? TWELVE_HOURS;
    await deleteExpiredSessions(kit.deps.db, now);
    if (request.session) await deleteSession(kit.deps.db, request.session.id);
    const session = await createSession(kit.deps.db, user, { csrfSecret: newCsrfSecret(), ttlMs, now });
    reply.setCookie(SESSION_COOKIE, session.token, cookieOptions(kit.secure, Math.floor(ttlMs / 1000)));
    reply.clearCookie(PRESESSION_COOKIE, cookieOptions(kit.secure));
    return reply.redirect(next, 303);
  });
}

/** POST /signout, registered behind the sign-in and CSRF guards. */
export function signoutRoute(app: FastifyInstance, kit: PageKit): void {
  app.post('/signout', async (request, reply) => {
    if (request.session) await deleteSession(kit.deps.db, request.session.id);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(kit.secure));
    return reply.redirect('/signin?signedout=1', 303);
  });
}

function showForm(kit: PageKit, request: FastifyRequest, reply: FastifyReply, status: number,
  view: { next: string; email?: string; error?: string; notice?: string }): FastifyReply {
  // One secret per browser for the sign-in form, kept while it is valid.
  let secret = request.cookies[PRESESSION_COOKIE];
  if (!secret || secret.length > 100) {
    secret = newCsrfSecret();
    reply.setCookie(PRESESSION_COOKIE, secret, cookieOptions(kit.secure, 60 * 60));
  }
  return sendHtml(reply, status, kit.render('signin', {
    title: 'Sign in', formToken: csrfToken(secret), next: view.next, email: view.email ?? '', error: view.error, notice: view.notice,
  }));
}
