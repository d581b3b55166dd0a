/**
 * One-shot messages across a redirect (POST → redirect → GET shows "Queued 3 tickets").
 * Kept in a short-lived cookie, signed with the session's own secret so nobody can plant a
 * message in someone else's page, and cleared by the page that shows it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FLASH_COOKIE, cookieOptions } from './cookies.js';

export interface Flash {
  kind: 'success' | 'error' | 'info';
  text: string;
  /** Details listed under the text (e.g. why tickets were ignored). */
  items?: string[];
  link?: { href: string; label: string };
}

// A cookie holds ~4 KB; long lists are cut and say so.
const MAX_ITEMS = 10;
const MAX_TEXT = 400;

export function setFlash(reply: FastifyReply, secret: string, flash: Flash, secure: boolean): void {
  const items = flash.items ?? [];
  const kept = items.slice(0, MAX_ITEMS).map((i) => i.slice(0, MAX_TEXT));
  if (items.length > MAX_ITEMS) kept.push(`… and ${items.length - MAX_ITEMS} more`);
  const body = Buffer.from(JSON.stringify({ ...flash, text: flash.text.slice(0, MAX_TEXT), items: kept })).toString('base64url');
  reply.setCookie(FLASH_COOKIE, `${body}.${sign(secret, body)}`, cookieOptions(secure, 60));
}

/** The pending message, if any (and clears it). */
export function takeFlash(request: FastifyRequest, reply: FastifyReply, secret: string, secure: boolean): Flash | null {
  const value = request.cookies[FLASH_COOKIE];
  if (!value) return null;
  reply.clearCookie(FLASH_COOKIE, cookieOptions(secure));
  const [body, mac] = value.split('.');
  if (!body || !mac) return null;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    return isFlash(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
}

function sign(secret: string, body: string): string {
  return createHmac('sha256', `flash:${secret}`).update(body).digest('base64url');
}

function isFlash(v: unknown): Flash | null {
  if (typeof v !== 'object' || v === null) return null;
  const f = v as Partial<Flash>;
  if (typeof f.text !== 'string' || !['success', 'error', 'info'].includes(String(f.kind))) return null;
  return f as Flash;
}
