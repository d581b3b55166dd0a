/**
 * QuickBooks connections (one per connected company and tenant) and what Initialize stored
 * for them. Tokens are written only through the encrypted token store (connection-tokens.ts).
 */
import type { Kysely } from 'kysely';
import type { ConnectionRow, ConnectionStatus, DB } from './schema.js';
import { saveSealedTokens } from './connection-tokens.js';
import type { TokenCipher } from './token-crypto.js';

export interface Connection {
  id: number;
  tenantId: string;
  environment: string;
  realmId: string;
  companyName: string | null;
  status: ConnectionStatus;
  statusReason: string | null;
  setup: unknown;
  setupReport: unknown;
  initializedAt: Date | null;
  connectedAt: Date;
}

export function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id, tenantId: row.tenant_id, environment: row.environment, realmId: row.realm_id,
    companyName: row.company_name, status: row.status, statusReason: row.status_reason,
    setup: row.setup, setupReport: row.setup_report, initializedAt: row.initialized_at, connectedAt: row.connected_at,
  };
}

const COLUMNS = ['id', 'tenant_id', 'environment', 'realm_id', 'company_name', 'status', 'status_reason', 'tokens_enc',
  'token_version', 'setup', 'setup_report', 'initialized_at', 'connected_at', 'updated_at'] as const;

/**
 * Records a completed OAuth connection: a new row, or the same company connected again
 * (reconnect), whose set-up ids are kept. Tokens are saved encrypted, version-checked.
 */
export async function recordConnection(db: Kysely<DB>, cipher: TokenCipher, c: {
  tenantId: string; environment: string; realmId: string; companyName: string | null;
  /** The client's token set, sealed as it is (its shape is the client's). */
  tokens: unknown;
}): Promise<Connection> {
  const row = await db.insertInto('qbo_connections')
    .values({ tenant_id: c.tenantId, environment: c.environment, realm_id: c.realmId, company_name: c.companyName })
    .onConflict((oc) => oc.columns(['tenant_id', 'environment', 'realm_id']).doUpdateSet({
      company_name: c.companyName, connected_at: new Date(), updated_at: new Date(),
    }))
    .returning(['id', 'token_version']).executeTakeFirstOrThrow();
  if (await saveSealedTokens(db, cipher, row.id, c.tokens, row.token_version) === null) {
    throw new Error(`connection ${row.id}: its tokens changed while it was being recorded (another callback?)`);
  }
  return (await getConnection(db, c.tenantId, row.id))!;
}

export async function getConnection(db: Kysely<DB>, tenantId: string, id: number): Promise<Connection | null> {
  const row = await db.selectFrom('qbo_connections').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? toConnection(row) : null;
}

export async function listConnections(db: Kysely<DB>, tenantId: string): Promise<Connection[]> {
  const rows = await db.selectFrom('qbo_connections').select(COLUMNS).where('tenant_id', '=', tenantId).orderBy('id').execute();
  return rows.map(toConnection);
}

export async function saveSetup(db: Kysely<DB>, id: number, setup: unknown, report: unknown): Promise<void> {
  await db.updateTable('qbo_connections')
    .set({ setup: JSON.stringify(setup), setup_report: JSON.stringify(report), initialized_at: new Date(), updated_at: new Date() })
    .where('id', '=', id).execute();
}

export async function setCompanyName(db: Kysely<DB>, id: number, name: string): Promise<void> {
  await db.updateTable('qbo_connections').set({ company_name: name, updated_at: new Date() }).where('id', '=', id).execute();
}

/** Forgets the tokens (after revoking them at QuickBooks); set-up ids stay for a reconnect. */
export async function markDisconnected(db: Kysely<DB>, tenantId: string, id: number, reason: string): Promise<void> {
  await db.updateTable('qbo_connections')
    .set((eb) => ({ status: 'disconnected', status_reason: reason, tokens_enc: null, token_version: eb('token_version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** The encrypted token envelope, for the security test that reads the table raw. */
export async function rawTokenEnvelope(db: Kysely<DB>, id: number): Promise<string | null> {
  const row = await db.selectFrom('qbo_connections').select('tokens_enc').where('id', '=', id).executeTakeFirst();
  return row?.tokens_enc ?? null;
}
