/**
 * Back-office sessions. The browser holds a random token; the table holds only its SHA-256,
 * so reading the table is no way to sign in. Each session has its own CSRF secret.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

export interface SessionUser {
  id: number;
  tenantId: string;
  email: string;
}

export interface Session {
  /** The SHA-256 of the token (the row id); never the token itself. */
  id: string;
  user: SessionUser;
  csrfSecret: string;
  expiresAt: Date;
}

export interface NewSession extends Session {
  /** The cookie value: shown to the browser once, never stored. */
  token: string;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Kysely<DB>, user: SessionUser, opts: { csrfSecret: string; ttlMs: number; now?: number }): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const id = hashSessionToken(token);
  const expiresAt = new Date((opts.now ?? Date.now()) + opts.ttlMs);
  await db.insertInto('sessions').values({ id, user_id: user.id, csrf_secret: opts.csrfSecret, expires_at: expiresAt }).execute();
  return { id, token, user, csrfSecret: opts.csrfSecret, expiresAt };
}

/** The live session a cookie token names, with its user; null when unknown or expired. */
export async function findSession(db: Kysely<DB>, token: string, now = Date.now()): Promise<Session | null> {
  const row = await db.selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.csrf_secret', 'sessions.expires_at', 'users.id as user_id', 'users.tenant_id', 'users.email'])
    .where('sessions.id', '=', hashSessionToken(token))
    .where('sessions.expires_at', '>', new Date(now))
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    user: { id: row.user_id, tenantId: row.tenant_id, email: row.email },
    csrfSecret: row.csrf_secret,
    expiresAt: row.expires_at,
  };
}

export async function deleteSession(db: Kysely<DB>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Housekeeping at sign-in: expired rows are useless and only grow the table. */
export async function deleteExpiredSessions(db: Kysely<DB>, now = Date.now()): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', new Date(now)).executeTakeFirst();
  return Number(r.numDeletedRows);
}
