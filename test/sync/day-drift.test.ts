/**
 * Drift of summary days (issue 16, build item 4): a posted day's documents changed directly in the
 * simulator (as a bookkeeper in QuickBooks would) mark the day "changed in QuickBooks", with what
 * changed: a deleted or a voided receipt after one webhook delivery; an edited COGS entry, webhooks lost, after
 * one CDC cycle of one request. Our own writes are ours. "Repost this day" leaves one live receipt
 * of total 0 per day and the books reconcile.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVoidedDocument } from '../../src/qbo/index.js';
import { tickChangeCapture } from '../../src/sync/index.js';
import { driftApi, WEBHOOK_PATH } from '../../src/web/api/drift-api.js';
import { backends } from '../support/stores.js';
import { dayDocs, totalCents, wireTicket } from '../support/summary-days.js';
import type { DayTicketSpec } from '../support/summary-days.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const TOKEN = 'verifier-token-for-day-drift';
const LOC = 'denver-1';
const D1 = '2026-11-24';
const D2 = '2026-11-25';
const D3 = '2026-11-26';
const DAY_MS = 24 * 3_600_000;
const TICKETS: DayTicketSpec[] = [
  { id: 'S1', loc: LOC, at: `${D1}T12:00:00-07:00`, date: D1, category: 'Coffee', qty: 2, price: 450, tax: 60, method: 'cash', cost: 120 },
  { id: 'S2', loc: LOC, at: `${D2}T12:00:00-07:00`, date: D2, category: 'Bakery', qty: 3, price: 300, tax: 63, method: 'credit_card', cost: 90 },
  { id: 'S3', loc: LOC, at: `${D3}T12:00:00-07:00`, date: D3, category: 'Coffee', qty: 1, price: 450, tax: 30, method: 'cash', cost: 120 },
];

describe.each(backends())('summary days changed in QuickBooks on $name', (backend) => {
  let world: SyncWorld;
  let web: FastifyInstance;
  let connectionId = 0;
  let realmId = '';

  const day = async (date: string) => (await world.sync.days.list(TENANT, LOC, { from: date, to: date }))[0]!;
  const states = async () => [(await day(D1)).state, (await day(D2)).state, (await day(D3)).state];

  beforeAll(async () => {
    // Real time, as in drift.test.ts: a webhook's answer has Intuit's 3 s.
    world = await startSyncWorld({ backend, limits: { enabled: false }, timeScale: 1 });
    web = Fastify();
    await driftApi(web, { sync: world.sync, guard: async () => undefined, verifierToken: TOKEN });
    await web.listen({ port: 0, host: '127.0.0.1' });
    world.sim.setWebhook({ url: `http://127.0.0.1:${(web.server.address() as { port: number }).port}${WEBHOOK_PATH}`, verifierToken: TOKEN });
    await world.addLocation(LOC, 'America/Denver');
    ({ connectionId, realmId } = await world.connect(LOC, { newCompany: 'Day Drift Café' }));
    await world.sync.days.setMode(TENANT, LOC, { mode: 'summary', from: D1 });
    await world.take(TICKETS.map(wireTicket));
    await world.sync.syncNow(TENANT, { connectionId });
    await world.runQueued();
    await tickChangeCapture(world.deps);
    // Our own writes are announced too: checked, and nothing is flagged.
    await world.sim.flushWebhooks();
    await world.runQueued();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
    await web?.close();
  });

  it('posts the days and takes its own writes for its own', async () => {
    expect(await states()).toEqual(['posted', 'posted', 'posted']);
    expect(world.sim.webhooks({ realmId }).length).toBeGreaterThan(0);
  });

  it('a receipt deleted and one voided in QuickBooks flag their days after one webhook delivery', async () => {
    const [receipt] = dayDocs(world.sim, realmId, 'salesReceipt', LOC, D1);
    const [voided] = dayDocs(world.sim, realmId, 'salesReceipt', LOC, D3);
    const before = world.sim.webhooks({ realmId }).length;
    const client = await world.client(connectionId);
    await client.delete('SalesReceipt', { Id: receipt!.Id, SyncToken: receipt!.SyncToken }, { key: 'bk:del-receipt' });
    await client.void('SalesReceipt', { Id: voided!.Id, SyncToken: voided!.SyncToken }, { key: 'bk:void-receipt' });
    await world.sim.flushWebhooks();
    const sent = world.sim.webhooks({ realmId }).slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const d of sent) expect([d.state, d.attempts.map((a) => a.status)]).toEqual(['delivered', [200]]);
    await world.runQueued();
    expect(await states()).toEqual(['changed-in-qbo', 'posted', 'changed-in-qbo']);
    const d1 = await day(D1);
    expect(d1).toMatchObject({ stateWords: 'changed in QuickBooks', action: 'repost' });
    expect(d1.error?.message).toBe(`the day's sales summary (SalesReceipt) (Id ${receipt!.Id}) was deleted in QuickBooks`);
    expect((await day(D3)).error?.message).toBe(`the day's sales summary (SalesReceipt) (Id ${voided!.Id}) was voided in QuickBooks`);
    // The day's history says so too, in the same statement that moved it.
    const history = await world.sync.days.history(TENANT, LOC, D1);
    expect(history.map((e) => e.kind)).toEqual(['posted', 'changed-in-qbo']);
  });

  it('a COGS entry edited with webhooks lost flags its day after one CDC cycle of one request', async () => {
    world.sim.setWebhookFaults({ dropRate: 1 });
    const [cogs] = dayDocs(world.sim, realmId, 'cogs', LOC, D2);
    await (await world.client(connectionId)).sparseUpdate('JournalEntry', { Id: cogs!.Id, SyncToken: cogs!.SyncToken, TxnDate: '2026-11-20' }, { key: 'bk:edit-je' });
    await world.sim.flushWebhooks();
    await world.runQueued();
    expect(await states()).toEqual(['changed-in-qbo', 'posted', 'changed-in-qbo']);
    const logBefore = world.sim.requestLog(realmId).length;
    expect(await tickChangeCapture(world.deps, world.clock.now() + DAY_MS + 60_000)).toHaveLength(1);
    await world.runQueued();
    expect(world.sim.requestLog(realmId).slice(logBefore).map((r) => r.path)).toEqual(['cdc']);
    expect(await states()).toEqual(['changed-in-qbo', 'changed-in-qbo', 'changed-in-qbo']);
    expect((await day(D2)).error?.message).toBe(`the day's cost of goods entry (JournalEntry) (Id ${cogs!.Id}) was changed in QuickBooks`);
  });

  it('"Repost this day" leaves one live receipt of total 0 per reposted day, not flagged again, and each reconciles', async () => {
    world.sim.setWebhookFaults({ dropRate: 0 });
    // D3's receipt was voided: it stays in QuickBooks with its DocNumber, and the repost creates the day's receipt anew beside it.
    for (const date of [D1, D2, D3]) expect((await world.sync.days.repost(TENANT, LOC, date)).queued).toHaveLength(1);
    await world.runQueued();
    expect(await states()).toEqual(['posted', 'posted', 'posted']);
    const voided = dayDocs(world.sim, realmId, 'salesReceipt', LOC, D3).filter(isVoidedDocument);
    expect(voided.map(totalCents)).toEqual([0]);
    for (const date of [D1, D2, D3]) {
      const receipts = dayDocs(world.sim, realmId, 'salesReceipt', LOC, date).filter((d) => !isVoidedDocument(d));
      expect(receipts, date).toHaveLength(1);
      expect(receipts[0]!.Id).not.toBe(voided[0]!.Id);
      expect(totalCents(receipts[0]!)).toBe(0);
      expect(dayDocs(world.sim, realmId, 'cogs', LOC, date), date).toHaveLength(1);
    }
    expect(dayDocs(world.sim, realmId, 'cogs', LOC, D2)[0]!.TxnDate).toBe(D2);
    // The repost's writes are announced too, and taken for our own.
    await world.sim.flushWebhooks();
    await world.runQueued();
    expect(await states()).toEqual(['posted', 'posted', 'posted']);
    expect((await day(D3)).documents.map((d) => d.id)).not.toContain(voided[0]!.Id);
    // The Days page's reconciliation: each day's documents read back from QuickBooks against its POS sums, to the cent.
    const checks = await world.sync.dayChecks(TENANT, { locationId: LOC, from: D1, to: D3 });
    expect(checks.readBack).toEqual({ done: true, error: null });
    expect(checks.days.map((d) => [d.date, d.reconciliation?.matches])).toEqual([[D3, true], [D2, true], [D1, true]]);
  });
});
