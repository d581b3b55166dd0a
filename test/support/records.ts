/**
 * Drawer operations and payouts for tests (records-format.md), and a tenant set up to take
 * them: a store, and a QuickBooks connection whose mapping turned payouts on for "square"
 * (mapped "stripe" without turning payouts on).
 */
import { saveMapping } from '../../src/store/account-mappings.js';
import type { Db } from '../../src/store/index.js';
import { upsertLocation } from '../../src/store/locations.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { emptyMapping } from '../../src/domain/account-mapping.js';

export function drawerOperation(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'op-1', locationId: 'denver-1', at: '2026-11-24T19:30:00-07:00', kind: 'paid_out', amount: '12.50', reason: 'Window cleaner', category: 'cleaning', ...over };
}

export function payout(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'po_1', processor: 'square', arrivalDate: '2026-11-26', gross: '1000.00', fees: '29.30', adjustments: '-15.00', net: '955.70', ...over };
}

/** A tenant with a Denver store and a connection whose mapping turns payouts on for "square". */
export async function recordsTenant(db: Db, tenantId: string): Promise<{ connectionId: number }> {
  await ensureTenant(db, { id: tenantId, name: tenantId });
  const loc = { name: 'Denver', timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null };
  await upsertLocation(db, tenantId, { id: 'denver-1', ...loc });
  const { id } = await db.insertInto('qbo_connections').values({ tenant_id: tenantId, environment: 'sandbox', realm_id: `realm-${tenantId}` })
    .returning('id').executeTakeFirstOrThrow();
  const account = (n: number, name: string) => ({ id: String(n), name });
  const mapping = { ...emptyMapping(), processors: {
    square: { bank: account(35, 'Checking'), clearing: account(90, 'Card clearing - square'), fees: account(91, 'Merchant fees'), from: '2026-11-01' },
    stripe: { bank: account(35, 'Checking'), fees: account(91, 'Merchant fees') },
  } };
  await saveMapping(db, tenantId, id, mapping, { expectedRevision: 0, by: 'test' });
  return { connectionId: id };
}
