/** Back-office users. Passwords are stored only as scrypt hashes (lib/passwords.ts). */
import type { Kysely } from 'kysely';
import { hashPassword, verifyPassword } from '../lib/passwords.js';
import type { DB } from './schema.js';

export interface User {
  id: number;
  tenantId: string;
  email: string;
}

export async function createUser(db: Kysely<DB>, tenantId: string, email: string, password: string): Promise<User> {
  const row = await db.insertInto('users')
    .values({ tenant_id: tenantId, email: email.trim(), password_hash: await hashPassword(password) })
    .returning(['id', 'tenant_id', 'email']).executeTakeFirstOrThrow();
  return { id: row.id, tenantId: row.tenant_id, email: row.email };
}

// A hash to compare against when the email is unknown, so a miss takes as long as a hit.
let dummyHash: Promise<string> | null = null;

/** The user whose email and password match, or null (same work either way). */
export async function checkCredentials(db: Kysely<DB>, email: string, password: string): Promise<User | null> {
  const row = await db.selectFrom('users').select(['id', 'tenant_id', 'email', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase())).executeTakeFirst();
  if (!row) {
    await verifyPassword(password, await (dummyHash ??= hashPassword('not a password')));
    return null;
  }
  if (!(await verifyPassword(password, row.password_hash))) return null;
  await db.updateTable('users').set({ last_login_at: new Date() }).where('id', '=', row.id).execute();
  return { id: row.id, tenantId: row.tenant_id, email: row.email };
}

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function getUser(db: Kysely<DB>, id: number): Promise<User | null> {
  const row = await db.selectFrom('users').select(['id', 'tenant_id', 'email']).where('id', '=', id).executeTakeFirst();
  return row ? { id: row.id, tenantId: row.tenant_id, email: row.email } : null;
}
