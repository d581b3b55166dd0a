/**
 * Which QuickBooks company, and which mapping target, a payout belongs to (mapping.md:
 * "processor (payouts): a bank account, a clearing account, a fees account; none until payouts
 * are turned on"). A payout naming a store belongs to that store's company; one naming none
 * (or a store not connected yet) belongs to the tenant's companies, and must be unambiguous
 * among them.
 *
 * A processor is *known* once the company's mapping names it (bank and fees accounts), and its
 * payouts are *turned on* once it also has a clearing account and the date tenders go there
 * from (turning payouts on sets both). Intake refuses a payout for any other processor, naming
 * the field, so nothing is kept that could never post.
 */
import { posNameKey } from '../domain/account-mapping.js';
import type { ProcessorTarget } from '../domain/account-mapping.js';
import type { Payout } from '../domain/payout.js';
import type { FieldError } from '../domain/ticket-schema.js';
import { getMapping } from '../store/account-mappings.js';
import type { Db } from '../store/index.js';
import { listLocations } from '../store/locations.js';
import { listConnections } from '../store/qbo-connections.js';

export type PayoutHome =
  | { ok: true; connectionId: number; processor: string; target: ProcessorTarget & { clearing: NonNullable<ProcessorTarget['clearing']>; from: string } }
  | { ok: false; error: FieldError };

/** The tenant's companies and their processors, read once per batch (or per run). */
export async function payoutHomes(db: Db, tenantId: string): Promise<(p: Pick<Payout, 'processor' | 'locationId'>) => PayoutHome> {
  const connections = (await listConnections(db, tenantId)).filter((c) => c.status !== 'disconnected');
  const stores = new Map((await listLocations(db, tenantId)).map((l) => [l.id, l.connectionId]));
  const processors = new Map<number, Map<string, [string, ProcessorTarget]>>();
  for (const c of connections) {
    const { mapping } = await getMapping(db, tenantId, c.id);
    processors.set(c.id, new Map(Object.entries(mapping.processors).map(([name, t]) => [posNameKey(name), [name, t]])));
  }
  return (p) => {
    // A store's own company when it has one; else any of the tenant's (the store is then only said).
    const storeConnection = p.locationId === undefined ? null : stores.get(p.locationId) ?? null;
    const candidates = storeConnection !== null ? [storeConnection] : connections.map((c) => c.id);
    const found = candidates.flatMap((id) => {
      const hit = processors.get(id)?.get(posNameKey(p.processor));
      return hit ? [{ connectionId: id, name: hit[0], target: hit[1] }] : [];
    });
    if (found.length === 0) return refuse(unknownMessage(p, candidates.length));
    if (found.length > 1) {
      return refuse(`processor "${p.processor}" is mapped in ${found.length} QuickBooks companies: send the payout's locationId to say which store it belongs to`);
    }
    const { connectionId, name, target } = found[0]!;
    if (!target.clearing || !target.from) {
      return refuse(`payouts are not turned on for processor "${p.processor}" (it has no clearing account and start date yet): turn payouts on for it first`);
    }
    return { ok: true, connectionId, processor: name, target: { ...target, clearing: target.clearing, from: target.from } };
  };
}

function unknownMessage(p: Pick<Payout, 'processor'>, companies: number): string {
  if (companies === 0) return `unknown processor "${p.processor}": no QuickBooks company is connected, so no processor is mapped`;
  return `unknown processor "${p.processor}": the mapping has no processor of that name (map its bank and fees accounts and turn payouts on for it first)`;
}

const refuse = (message: string): PayoutHome => ({ ok: false, error: { path: 'processor', message } });
