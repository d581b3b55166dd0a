/**
 * Edits and voids after posting (posting-rules §2): the documents are brought in line -
 * same kind: payments voided, invoice updated in place, new payments; kind changed: old
 * documents voided/deleted, new ones posted; voided: payments voided, then the invoice
 * (a refund receipt is deleted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/qbo/index.js';
import type { QboClient } from '../../src/qbo/index.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import { formatReconciliation, reconcile } from '../../src/sync/reconcile/reconcile.js';
import { backends } from '../support/stores.js';
import { simpleTicket } from '../support/tickets.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const sale = (id: string, version: number, cents: number, extra: Record<string, unknown> = {}) =>
  ({ ...simpleTicket({ id, version, cents, closedAt: '2026-11-23T12:00:00-07:00' }), ...extra });

describe('edits and voids after posting', () => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  let client: QboClient;

  const sync = async () => {
    await world.sync.syncNow(TENANT, { connectionId });
    return (await world.runQueued())[0]!;
  };
  const live = (entity: string) => world.sim.documents(realmId, entity).filter((d) => !String(d.PrivateNote ?? '').startsWith('Voided') && d.status !== 'Deleted');
  const docsOf = async (id: string) => {
    const row = await world.database.db.selectFrom('tickets').select(['sync_state', 'posted_version', 'qbo_docs', 'last_error']).where('ticket_id', '=', id).executeTakeFirstOrThrow();
    return row;
  };

  beforeAll(async () => {
    world = await startSyncWorld({ backend: backends()[0]! });
    await world.addLocation('denver-1', 'America/Denver');
    ({ connectionId, realmId } = await world.connect('denver-1'));
    client = await world.client(connectionId);
    const two = { payments: [{ method: 'credit_card', amount: '30.00' }, { method: 'cash', amount: '20.00' }] };
    await world.take([sale('E-1', 1, 5000, two), sale('E-2', 1, 2000), sale('E-3', 1, 1500), sale('E-4', 1, -700), sale('E-5', 1, 900), sale('E-6', 1, -400)]);
    expect(await sync()).toMatchObject({ posted: 6, skipped: 0, pending: 0 });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('an edit of the same kind updates the invoice in place and replaces the payments', async () => {
    const before = await docsOf('E-1');
    const invoiceId = (before.qbo_docs as { invoice: { id: string } }).invoice.id;
    await world.take([sale('E-1', 2, 6000, { payments: [{ method: 'credit_card', amount: '60.00' }] })]);
    expect((await docsOf('E-1')).sync_state).toBe('pending');
    expect(await sync()).toMatchObject({ posted: 1, skipped: 0, pending: 0 });
    const after = await docsOf('E-1');
    expect(after).toMatchObject({ sync_state: 'posted', posted_version: 2 });
    const docs = after.qbo_docs as { invoice: { id: string; version: number }; payments: { id: string }[]; retired: { entity: string; action: string }[] };
    expect(docs.invoice).toMatchObject({ id: invoiceId, version: 2 });
    expect(docs.payments).toHaveLength(1);
    expect(docs.retired.map((r) => `${r.entity}:${r.action}`)).toEqual(['Payment:voided', 'Payment:voided']);
    const invoice = rowsOf<{ TotalAmt: number; Balance: number; PrivateNote: string }>(await client.query(`SELECT * FROM Invoice WHERE Id = '${invoiceId}'`), 'Invoice')[0]!;
    expect(invoice).toMatchObject({ TotalAmt: 60, Balance: 0 });
    expect(invoice.PrivateNote).toContain('v2');
  });

  it('a sale voided after posting: payments voided, then the invoice', async () => {
    await world.take([{ ...sale('E-2', 2, 2000), status: 'voided' }]);
    expect(await sync()).toMatchObject({ voided: 1 });
    const row = await docsOf('E-2');
    expect(row).toMatchObject({ sync_state: 'void', posted_version: null });
    expect((row.qbo_docs as { retired: { entity: string; action: string }[] }).retired.map((r) => `${r.entity}:${r.action}`)).toEqual(['Payment:voided', 'Invoice:voided']);
  });

  it('a kind change voids the invoice and posts a refund receipt, and back', async () => {
    await world.take([sale('E-3', 2, -300), sale('E-4', 2, 800)]);
    expect(await sync()).toMatchObject({ skipped: 0, pending: 0 });
    const e3 = (await docsOf('E-3')).qbo_docs as { invoice: unknown; refundReceipt: { id: string }; retired: { entity: string; action: string }[] };
    expect(e3.invoice).toBeNull();
    expect(e3.refundReceipt).toBeTruthy();
    expect(e3.retired.map((r) => `${r.entity}:${r.action}`)).toEqual(['Payment:voided', 'Invoice:voided']);
    const e4 = (await docsOf('E-4')).qbo_docs as { invoice: { id: string }; payments: unknown[]; refundReceipt: unknown; retired: { entity: string; action: string }[] };
    expect(e4.refundReceipt).toBeNull();
    expect(e4.invoice).toBeTruthy();
    expect(e4.payments).toHaveLength(1);
    expect(e4.retired.map((r) => `${r.entity}:${r.action}`)).toEqual(['RefundReceipt:deleted']);
  });

  it('a refund edited stays a refund receipt, updated in place; a refund voided is deleted', async () => {
    const rr = ((await docsOf('E-6')).qbo_docs as { refundReceipt: { id: string } }).refundReceipt.id;
    await world.take([sale('E-6', 2, -650), { ...sale('E-5', 2, 900), status: 'voided' }]);
    await sync();
    expect(((await docsOf('E-6')).qbo_docs as { refundReceipt: { id: string; version: number } }).refundReceipt).toMatchObject({ id: rr, version: 2 });
    expect((await docsOf('E-5')).sync_state).toBe('void');
  });

  it('afterwards QuickBooks holds exactly the current tickets, nothing more', async () => {
    const connection = await getConnection(world.database.db, TENANT, connectionId);
    const recon = await reconcile(world.database, client, { tenantId: TENANT, locationIds: ['denver-1'], from: '2026-11-23', to: '2026-11-23', setup: readSetup(connection!)!.setup });
    expect(recon.problems, formatReconciliation(recon)).toEqual([]);
    expect(live('Invoice')).toHaveLength(2); // E-1 v2, E-4 v2
    expect(live('RefundReceipt')).toHaveLength(2); // E-3 v2, E-6 v2
  });
});
