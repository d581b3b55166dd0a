/**
 * API keys for the intake API. A key is shown once; only its SHA-256 is stored. The key's
 * public prefix finds the row, and the hash comparison is constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

export interface NewApiKey {
  /** The whole key, e.g. `tb_live_3f9a1c2e_…`; shown to the user once, never stored. */
  key: string;
  prefix: string;
  id: number;
}

const KEY_PATTERN = /^tb_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/**
 * What a key may do beyond intake and reads. `destructive`: undo and repost a range (issue 16);
 * a key without it is refused those, whatever else it may do.
 */
export const API_KEY_SCOPES = ['destructive'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export async function createApiKey(db: Kysely<DB>, tenantId: string, name: string, scopes: readonly ApiKeyScope[] = []): Promise<NewApiKey> {
  const prefix = randomBytes(6).toString('hex');
  const key = `tb_${prefix}_${randomBytes(32).toString('base64url')}`;
  const row = await db.insertInto('api_keys')
    .values({ tenant_id: tenantId, name, prefix, key_hash: sha256(key), scopes: JSON.stringify([...scopes]) })
    .returning('id').executeTakeFirstOrThrow();
  return { key, prefix, id: row.id };
}

/** The tenant a key belongs to, or null for an unknown, malformed or revoked key. */
export async function authenticateApiKey(db: Kysely<DB>, key: string): Promise<{ tenantId: string; keyId: number; scopes: ApiKeyScope[] } | null> {
  const m = KEY_PATTERN.exec(key);
  if (!m) return null;
  const row = await db.selectFrom('api_keys').select(['id', 'tenant_id', 'key_hash', 'revoked_at', 'last_used_at', 'scopes'])
    .where('prefix', '=', m[1]!).executeTakeFirst();
  if (!row || row.revoked_at) return null;
  const expected = Buffer.from(row.key_hash, 'hex');
  const given = Buffer.from(sha256(key), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  // Touch last_used_at at most once a minute: intake is hot, the audit needs no finer grain.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_keys').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
  }
  return { tenantId: row.tenant_id, keyId: row.id, scopes: scopesOf(row.scopes) };
}

export async function revokeApiKey(db: Kysely<DB>, tenantId: string, prefix: string): Promise<boolean> {
  const r = await db.updateTable('api_keys').set({ revoked_at: new Date() })
    .where('tenant_id', '=', tenantId).where('prefix', '=', prefix).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function listApiKeys(db: Kysely<DB>, tenantId: string) {
  return db.selectFrom('api_keys').select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at', 'scopes'])
    .where('tenant_id', '=', tenantId).orderBy('id').execute();
}

/** Only the scopes this build knows: anything else a row holds grants nothing. */
function scopesOf(value: unknown): ApiKeyScope[] {
  return Array.isArray(value) ? API_KEY_SCOPES.filter((s) => value.includes(s)) : [];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
