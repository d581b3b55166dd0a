/** What every back-office page handler shares: its dependencies, the renderer, the layout data. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../store/index.js';
import type { SyncService } from '../../sync/index.js';
import { csrfToken } from '../session/csrf.js';
import { setFlash, takeFlash } from '../session/flash.js';
import type { Flash } from '../session/flash.js';
import type { LayoutData, Renderer } from './render.js';
import { attentionBadge } from './attention-words.js';

export interface BackOfficeDeps {
  db: Db;
  sync: SyncService;
  /** The back office's public URL (Config.publicUrl): https means Secure cookies. */
  publicUrl: string;
  /** How long a sign-in lasts; default 12 hours (a working day, then sign in again). */
  sessionTtlMs?: number;
  /** Sign-in attempts per minute per address; default 10. */
  signinPerMinute?: number;
  /** Told when a location's sync settings change (the schedule recomputes its next run). */
  onLocationChanged?: (tenantId: string, locationId: string) => void;
  /** Clock for sessions; default Date.now. */
  now?: () => number;
}

export interface PageKit {
  deps: BackOfficeDeps;
  render: Renderer;
  /** Cookies get Secure (PUBLIC_URL is https). */
  secure: boolean;
}

/** Layout data of a signed-in page: the user, a fresh CSRF token, and the pending flash. */
export function signedInLayout(kit: PageKit, request: FastifyRequest, reply: FastifyReply, title: string, nav?: LayoutData['nav']): LayoutData {
  const session = request.session!;
  return {
    title, nav, userEmail: session.user.email, csrf: csrfToken(session.csrfSecret), attention: attentionBadge(request),
    flash: takeFlash(request, reply, session.csrfSecret, kit.secure),
  };
}

export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  // Pages show a tenant's data: never kept by shared caches, nor by the browser's back button.
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

export function flash(kit: PageKit, request: FastifyRequest, reply: FastifyReply, message: Flash): void {
  setFlash(reply, request.session!.csrfSecret, message, kit.secure);
}

export function renderErrorPage(kit: PageKit, request: FastifyRequest, reply: FastifyReply, status: number, heading: string, message: string,
  back: { href: string; label: string } | null = { href: '/quickbooks', label: 'Back to the QuickBooks page' }): FastifyReply {
  const layout: LayoutData = request.session
    ? { title: heading, userEmail: request.session.user.email, csrf: csrfToken(request.session.csrfSecret) }
    : { title: heading };
  return sendHtml(reply, status, kit.render('error', { ...layout, heading, message, back: request.session ? back : { href: '/signin', label: 'Sign in' } }));
}

export function notFound(kit: PageKit, request: FastifyRequest, reply: FastifyReply, what: string): FastifyReply {
  return renderErrorPage(kit, request, reply, 404, 'Not found', `${what} does not exist, or is not yours to see.`);
}

/** A form field as one string ('' when absent; the first when sent twice). */
export function field(request: FastifyRequest, name: string): string {
  const body = request.body as Record<string, unknown> | undefined;
  const v = body && typeof body === 'object' ? body[name] : undefined;
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : '';
}

/** A form field that may repeat (checkboxes), as a list. */
export function fieldList(request: FastifyRequest, name: string): string[] {
  const body = request.body as Record<string, unknown> | undefined;
  const v = body && typeof body === 'object' ? body[name] : undefined;
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}
