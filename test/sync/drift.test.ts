/**
 * Drift (issue 16): documents we posted, then deleted, edited or voided by someone directly in
 * the simulator (through its API, as a bookkeeper in QuickBooks would), are each flagged
 * "changed in QuickBooks" after one webhook delivery (signed, verified by our endpoint); with
 * webhooks lost, after one daily CDC cycle. "Repost" restores a clean reconciliation; a forged
 * webhook changes nothing and is answered 401; a CDC cycle with nothing changed is one request.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QboEntity } from '../../src/qbo/index.js';
import { readDocs } from '../../src/domain/ticket-docs.js';
import { tickChangeCapture } from '../../src/sync/index.js';
import { driftApi, WEBHOOK_PATH } from '../../src/web/api/drift-api.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';
import { simpleTicket } from '../support/tickets.js';

const TOKEN = 'verifier-token-for-drift-tests';
const DATE = '2026-11-24';
const DAY = 24 * 3_600_000;
type Doc = QboEntity & { Id: string; SyncToken: string; PrivateNote?: string; LinkedTxn?: { TxnId: string; TxnType: string }[] };

describe.each(backends())('changes made in QuickBooks on $name', (backend) => {
  let world: SyncWorld;
  let web: FastifyInstance;
  let webhookUrl = '';
  let connectionId = 0;
  let realmId = '';
  let n = 0;

  const bookkeeper = async () => world.client(connectionId);
  const docsOf = async (ticketId: string) => {
    const row = await world.database.db.selectFrom('tickets').select(['qbo_docs', 'sync_state']).where('tenant_id', '=', TENANT)
      .where('location_id', '=', 'denver-1').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    return { state: row.sync_state, docs: readDocs(row.qbo_docs) };
  };
  const current = async (entity: string, id: string) => (await bookkeeper()).read<Doc>(entity, id);
  /** Payments go first: QuickBooks refuses to delete or void an invoice that has payments. */
  const removeInvoice = async (ticketId: string, how: 'delete' | 'void') => {
    const { docs } = await docsOf(ticketId);
    const client = await bookkeeper();
    for (const p of docs.payments) {
      const pay = await current('Payment', p.id);
      if (how === 'delete') await client.delete('Payment', { Id: pay.Id, SyncToken: pay.SyncToken }, { key: `bk:${n++}` });
      else await client.void('Payment', { Id: pay.Id, SyncToken: pay.SyncToken }, { key: `bk:${n++}` });
    }
    const inv = await current('Invoice', docs.invoice!.id);
    if (how === 'delete') await client.delete('Invoice', { Id: inv.Id, SyncToken: inv.SyncToken }, { key: `bk:${n++}` });
    else await client.void('Invoice', { Id: inv.Id, SyncToken: inv.SyncToken }, { key: `bk:${n++}` });
  };
  const editInvoice = async (ticketId: string) => {
    const { docs } = await docsOf(ticketId);
    const inv = await current('Invoice', docs.invoice!.id);
    await (await bookkeeper()).sparseUpdate('Invoice', { Id: inv.Id, SyncToken: inv.SyncToken, TxnDate: '2026-11-20' }, { key: `bk:${n++}` });
  };
  const changed = async () => Object.fromEntries((await world.sync.changedTickets(TENANT)).map((t) => [t.ticketId, t.changes.map((c) => `${c.entity} ${c.change} ${c.source}`).sort()]));
  const counts = async () => ({
    changes: Number((await world.database.db.selectFrom('qbo_changes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    runs: Number((await world.database.db.selectFrom('sync_runs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });

  beforeAll(async () => {
    // Real time: an answer to a webhook has Intuit's 3 s (a scaled clock shortens them below what a
    // busy machine answers in, and a failed attempt holds the later notifications back).
    world = await startSyncWorld({ backend, limits: { enabled: false }, timeScale: 1 });
    web = Fastify();
    await driftApi(web, { sync: world.sync, guard: async () => undefined, verifierToken: TOKEN });
    await web.listen({ port: 0, host: '127.0.0.1' });
    webhookUrl = `http://127.0.0.1:${(web.server.address() as { port: number }).port}${WEBHOOK_PATH}`;
    world.sim.setWebhook({ url: webhookUrl, verifierToken: TOKEN });
    await world.addLocation('denver-1', 'America/Denver');
    ({ connectionId, realmId } = await world.connect('denver-1', { newCompany: 'Drift Café' }));
    await world.take(['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((id, i) => simpleTicket({ id, cents: 1000 + i * 125, closedAt: `${DATE}T12:0${i}:00-07:00` })));
    await world.sync.syncNow(TENANT, { connectionId });
    await world.runQueued();
    // The cursor of the daily read starts now (its first sight of the company).
    await tickChangeCapture(world.deps);
    // Our own writes are announced too: checked, and nothing is flagged.
    await world.sim.flushWebhooks();
    await world.runQueued();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
    await web?.close();
  });

  it('posted every ticket and takes its own writes for its own', async () => {
    for (const id of ['A', 'B', 'C']) expect((await docsOf(id)).state).toBe('posted');
    expect(await changed()).toEqual({});
    expect(world.sim.webhooks({ realmId }).length).toBeGreaterThan(0);
  });

  it('flags a deleted, an edited and a voided invoice after one webhook delivery, verified', async () => {
    const before = world.sim.webhooks({ realmId }).length;
    await removeInvoice('A', 'delete');
    await editInvoice('B');
    await removeInvoice('C', 'void');
    await world.sim.flushWebhooks();
    const sent = world.sim.webhooks({ realmId }).slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const d of sent) expect([d.state, d.attempts.map((a) => a.status)]).toEqual(['delivered', [200]]);
    await world.runQueued();
    expect(await changed()).toEqual({
      A: ['Invoice deleted webhook', 'Payment deleted webhook'],
      B: ['Invoice edited webhook'],
      C: ['Invoice voided webhook', 'Payment voided webhook'],
    });
    const events = await world.database.db.selectFrom('sync_events').select(['ticket_id', 'kind']).where('kind', '=', 'changed-in-qbo').execute();
    expect(events.map((e) => e.ticket_id).sort()).toEqual(['A', 'B', 'C']);
  });

  it('answers a forged notification 401 and changes nothing', async () => {
    const before = await counts();
    const { docs } = await docsOf('D');
    const body = JSON.stringify([{ specversion: '1.0', id: 'forged-1', type: 'qbo.invoice.deleted.v1', intuitentityid: docs.invoice!.id, intuitaccountid: realmId, time: new Date().toISOString(), data: {} }]);
    for (const signature of [undefined, 'bm90IGEgc2lnbmF0dXJl', (await import('../../src/sandbox/webhook-post.js')).signatureOf(body, 'another-token')]) {
      const res = await fetch(webhookUrl, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(signature && { 'intuit-signature': signature }) } });
      expect(res.status).toBe(401);
    }
    await world.runQueued();
    expect(await counts()).toEqual(before);
    expect((await docsOf('D')).state).toBe('posted');
  });

  it('"Repost" rewrites them and the books reconcile clean', async () => {
    for (const ticketId of ['A', 'B', 'C']) expect((await world.sync.repostTicket(TENANT, { locationId: 'denver-1', ticketId })).state).toBe('pending');
    await world.runQueued();
    for (const id of ['A', 'B', 'C']) expect((await docsOf(id)).state).toBe('posted');
    // Our rewrite is announced too, and taken for our own.
    await world.sim.flushWebhooks();
    await world.runQueued();
    expect(await changed()).toEqual({});
    const recon = await world.sync.reconcile(TENANT, { connectionId, from: DATE, to: DATE });
    expect(recon.problems).toEqual([]);
    const history = await world.database.db.selectFrom('sync_events').select('kind').where('ticket_id', '=', 'B').orderBy('id').execute();
    expect(history.map((h) => h.kind)).toEqual(expect.arrayContaining(['changed-in-qbo', 'repost']));
  });

  it('with webhooks lost, flags them after one CDC cycle of one request', async () => {
    world.sim.setWebhookFaults({ dropRate: 1 });
    await removeInvoice('D', 'delete');
    await editInvoice('E');
    await removeInvoice('F', 'void');
    await world.sim.flushWebhooks();
    await world.runQueued();
    expect(await changed()).toEqual({});
    const logBefore = world.sim.requestLog(realmId).length;
    expect(await tickChangeCapture(world.deps, world.clock.now() + DAY + 60_000)).toHaveLength(1);
    await world.runQueued();
    const asked = world.sim.requestLog(realmId).slice(logBefore);
    expect(asked.map((r) => r.path)).toEqual(['cdc']);
    expect(await changed()).toEqual({
      D: ['Invoice deleted cdc', 'Payment deleted cdc'],
      E: ['Invoice edited cdc'],
      F: ['Invoice voided cdc', 'Payment voided cdc'],
    });
  });

  it('"Accept as is" keeps QuickBooks\' version and the next check finds nothing new', async () => {
    for (const ticketId of ['D', 'E', 'F']) expect((await world.sync.acceptTicketAsIs(TENANT, { locationId: 'denver-1', ticketId })).state).toBe('posted');
    expect(await changed()).toEqual({});
    const e = await docsOf('E');
    expect(e.docs.invoice!.syncToken).toBe((await current('Invoice', e.docs.invoice!.id)).SyncToken);
    expect((await docsOf('D')).docs.invoice).toBeNull();
    // Nothing changed since the last read: the next cycle is one request, and flags nothing.
    const logBefore = world.sim.requestLog(realmId).length;
    expect(await tickChangeCapture(world.deps, world.clock.now() + 2 * DAY + 120_000)).toHaveLength(1);
    await world.runQueued();
    expect(world.sim.requestLog(realmId).slice(logBefore).map((r) => r.path)).toEqual(['cdc']);
    expect(await changed()).toEqual({});
  });

  it('takes a notification sent twice, with its events reversed, as one change', async () => {
    world.sim.setWebhookFaults({ dropRate: 0, duplicateRate: 1, reorder: true });
    const before = world.sim.webhooks({ realmId }).length;
    await removeInvoice('G', 'void');
    await world.sim.flushWebhooks();
    const sent = world.sim.webhooks({ realmId }).slice(before);
    expect(sent.some((d) => d.attempts.some((a) => a.duplicate))).toBe(true);
    await world.runQueued();
    expect(await changed()).toEqual({ G: ['Invoice voided webhook', 'Payment voided webhook'] });
    const drift = await world.database.db.selectFrom('ticket_drift').select('id').where('ticket_id', '=', 'G').execute();
    expect(drift).toHaveLength(2);
  });
});
