/**
 * The mapping's documents are what QuickBooks accepts (issue 7): arbitrary valid tickets, mapped
 * with the ids a real Initialize stored, sent in batches to the simulator - whose validation is
 * QuickBooks' (Amount = Qty × UnitPrice, 6070; names, lengths, references, DocNumber 2050; a
 * payment never beyond its invoice's balance) - are all accepted, and QuickBooks then holds
 * each ticket's total to the cent, with every sale's invoice fully paid.
 *
 * The pure properties (totals, Qty × UnitPrice, name limits) are in
 * src/mapping/map-ticket.property.test.ts; this adds the real validator's verdict.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkPayment, mapTicket } from '../../src/mapping/index.js';
import type { BatchOp, QboClient } from '../../src/qbo/index.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { ensureTicketNeeds } from '../../src/sync/setup/needs.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import type { StoredSetup } from '../../src/sync/setup/initialize.js';
import type { InitializeReport } from '../../src/sync/service/types.js';
import { centsFromWire } from '../../src/sync/engine/wire.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';
import { ticketArbitrary } from '../support/ticket-arbitrary.js';

const BUSINESS_DATE = '2026-11-24';
const INCLUDE = ['allowduplicatedocnum'];

let world: SyncWorld;
let client: QboClient;
let setup: StoredSetup;
let report: InitializeReport;
let run = 0;

beforeAll(async () => {
  world = await startSyncWorld({ backend: backends()[0]!, limits: { enabled: false } });
  await world.addLocation('denver-1', 'America/Denver');
  const { connectionId } = await world.connect('denver-1');
  report = await world.sync.initialize(TENANT, connectionId);
  setup = readSetup((await getConnection(world.database.db, TENANT, connectionId))!)!.setup;
  client = await world.client(connectionId);
});
afterAll(async () => { await world?.close(); });

type Row = { Id: string; TotalAmt: number; Balance?: number };

async function byId(entity: string, ids: string[]): Promise<Map<string, Row>> {
  if (ids.length === 0) return new Map();
  const res = await client.query(`SELECT * FROM ${entity} WHERE Id IN (${ids.map((i) => `'${i}'`).join(', ')}) MAXRESULTS 1000`);
  return new Map(((res[entity] ?? []) as Row[]).map((r) => [r.Id, r]));
}

describe('mapped documents through the simulator\'s validation', () => {
  it('every invoice, refund receipt and payment of arbitrary valid tickets is accepted, to the cent', async () => {
    await fc.assert(fc.asyncProperty(fc.array(ticketArbitrary({ status: 'closed' }), { minLength: 1, maxLength: 20 }), async (tickets) => {
      run += 1;
      setup = await ensureTicketNeeds(client, setup, tickets, report);
      const mapped = tickets.map((t, i) => {
        const m = mapTicket(t, BUSINESS_DATE, setup);
        if (!m.ok || m.documents.kind === 'none') throw new Error(`ticket ${i} did not map: ${JSON.stringify(m)}`);
        return { t, docs: m.documents, key: `prop:${run}:${i}` };
      });

      // Step 1: the invoices and refund receipts, in batches.
      const first: BatchOp[] = mapped.map(({ docs, key }) => (docs.kind === 'refund'
        ? { operation: 'create', entity: 'RefundReceipt', body: { ...docs.refundReceipt }, key: `${key}:refund`, include: INCLUDE }
        : { operation: 'create', entity: 'Invoice', body: { ...docs.invoice }, key: `${key}:invoice`, include: INCLUDE }));
      const created = await client.batch<Row>(first);
      created.forEach((r, i) => expect(r.ok ? 'accepted' : r.error.toJSON(), `ticket ${i}: ${JSON.stringify(mapped[i]!.t)}`).toBe('accepted'));
      const ids = created.map((r) => (r.ok ? r.entity.Id : ''));

      // Step 2: each sale's payments, applied to its invoice.
      const payments: BatchOp[] = mapped.flatMap(({ docs, key }, i) => (docs.kind === 'refund' ? [] : docs.payments.map((p, j) => ({
        operation: 'create' as const, entity: 'Payment', body: { ...linkPayment(p, ids[i]!) }, key: `${key}:payment:${j}` }))));
      const paid = await client.batch(payments);
      paid.forEach((r) => expect(r.ok ? 'accepted' : r.error.toJSON()).toBe('accepted'));

      // QuickBooks holds each ticket's total, and every invoice is paid in full.
      const invoices = await byId('Invoice', ids.filter((_, i) => mapped[i]!.docs.kind !== 'refund'));
      const refunds = await byId('RefundReceipt', ids.filter((_, i) => mapped[i]!.docs.kind === 'refund'));
      mapped.forEach(({ t, docs }, i) => {
        const row = (docs.kind === 'refund' ? refunds : invoices).get(ids[i]!)!;
        expect(centsFromWire(row.TotalAmt)).toBe(Math.abs(t.total));
        if (docs.kind !== 'refund') expect(centsFromWire(row.Balance ?? 0)).toBe(0);
      });
    }), { numRuns: 50 });
  });
});
