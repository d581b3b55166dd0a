/**
 * The facts a payout's company is resolved from (domain/payout-home.ts): the mappings of the
 * tenant's connected companies, and which company each store uses.
 */
import type { PayoutHomeFacts } from '../domain/payout-home.js';
import { getMapping } from './account-mappings.js';
import type { Db } from './db.js';
import { listLocations } from './locations.js';
import { listConnections } from './qbo-connections.js';

export async function payoutHomeFacts(db: Db, tenantId: string): Promise<PayoutHomeFacts> {
  const connections = (await listConnections(db, tenantId)).filter((c) => c.status !== 'disconnected');
  const mappings = [];
  for (const c of connections) mappings.push({ connectionId: c.id, mapping: (await getMapping(db, tenantId, c.id)).mapping });
  const storeConnections = new Map((await listLocations(db, tenantId)).map((l) => [l.id, l.connectionId]));
  return { mappings, storeConnections };
}
