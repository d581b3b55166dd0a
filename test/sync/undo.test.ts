/**
 * Issue 16, undo and repost of a range (both backends, the simulator over HTTP): an undo of
 * 3 days × 2 stores needs the company named, leaves no live document of the range (and every
 * one outside it), puts the tickets back to pending with a new attempt epoch, and is written to
 * the audit log; posting again and a repost of the range in place both reconcile clean; the
 * "not to be posted" mode keeps tickets out of later runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import { formatReconciliation, reconcile } from '../../src/sync/reconcile/reconcile.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const DATES = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];
const RANGE = { from: '2026-11-21', to: '2026-11-23' };
const LOCATIONS = [{ id: 'denver-1', timeZone: 'America/Denver' }, { id: 'brooklyn-1', timeZone: 'America/New_York' }];
const WHO = { actor: 'owner@example.com', via: 'session' as const };

describe.each(backends())('undo and repost a range on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;

  /** The simulator's documents dated in [from, to] that are still live (not voided; deleted ones are gone). */
  const liveIn = (from: string, to: string) => ['Invoice', 'Payment', 'RefundReceipt'].flatMap((entity) => world.sim.documents(realmId, entity)
    .filter((d) => String(d.TxnDate) >= from && String(d.TxnDate) <= to && !String(d.PrivateNote ?? '').startsWith('Voided'))
    .map((d) => `${entity} ${String(d.Id)}`));
  const states = async () => Object.fromEntries((await world.database.db.selectFrom('tickets').select(['sync_state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', TENANT).where('business_date', '>=', RANGE.from).where('business_date', '<=', RANGE.to).where('status', '=', 'closed')
    .groupBy('sync_state').execute()).map((r) => [r.sync_state, Number(r.n)]));
  const reconciles = async (from: string, to: string) => {
    const connection = await getConnection(world.database.db, TENANT, connectionId);
    const recon = await reconcile(world.database, await world.client(connectionId), {
      tenantId: TENANT, locationIds: LOCATIONS.map((l) => l.id), from, to, setup: readSetup(connection!)!.setup,
    });
    expect(recon.problems, formatReconciliation(recon)).toEqual([]);
    return recon;
  };

  beforeAll(async () => {
    world = await startSyncWorld({ backend, pageSize: 20, limits: { enabled: false } });
    for (const l of LOCATIONS) await world.addLocation(l.id, l.timeZone);
    ({ connectionId, realmId } = await world.connect('denver-1'));
    await world.sync.useConnection(TENANT, 'brooklyn-1', connectionId);
    await world.take([...generateDemoTickets({ seed: 16, locations: LOCATIONS, dates: DATES, ticketsPerDay: 8 })]);
    await world.sync.syncNow(TENANT, { connectionId });
    expect((await world.runQueued())[0]).toMatchObject({ status: 'finished', skipped: 0, pending: 0 });
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('undoes 3 days × 2 stores once confirmed by the company name, then posts them again', async () => {
    const outside = liveIn(DATES[0]!, DATES[0]!);
    const inRange = liveIn(RANGE.from, RANGE.to);
    const preview = await world.sync.repair.previewUndo(TENANT, { connectionId, ...RANGE });
    expect(preview.company).toBe('Test Café');
    expect(preview.documents).toBe(inRange.length);
    expect(new Set(preview.rows.map((r) => `${r.date} ${r.locationId}`)).size).toBeGreaterThanOrEqual(5);
    expect(preview.rows.some((r) => r.entity === 'Payment' && r.action === 'void' && r.cents > 0)).toBe(true);

    const writesBefore = world.sim.counters(realmId).writes;
    await expect(world.sync.repair.undo(TENANT, { connectionId, ...RANGE }, WHO)).rejects.toMatchObject({ code: 'CONFIRM' });
    await expect(world.sync.repair.undo(TENANT, { connectionId, ...RANGE, confirm: 'Other Café' }, WHO)).rejects.toMatchObject({ code: 'CONFIRM' });
    await expect(world.sync.repair.undo(TENANT, { connectionId, ...RANGE, confirmToken: 'not-the-token' }, WHO)).rejects.toMatchObject({ code: 'CONFIRM' });
    expect(world.sim.counters(realmId).writes).toBe(writesBefore);

    const asked = await world.sync.repair.undo(TENANT, { connectionId, ...RANGE, confirm: 'Test Café' }, WHO);
    expect(asked.documents).toBe(inRange.length);
    const [run] = await world.runQueued();
    expect(run).toMatchObject({ status: 'finished', error: null });
    expect(liveIn(RANGE.from, RANGE.to)).toEqual([]);
    expect(liveIn(DATES[0]!, DATES[0]!)).toEqual(outside);
    expect(await states()).toEqual({ pending: expect.any(Number) });
    const job = await world.sync.repair.undoJob(TENANT, asked.jobId);
    expect(job).toMatchObject({ status: 'finished', documentsDone: inRange.length, requestedBy: WHO.actor });
    const audit = await world.sync.repair.audit(TENANT);
    expect(audit[0]).toMatchObject({ actor: WHO.actor, via: 'session', action: 'undo', documents: inRange.length, runId: asked.runId,
      subject: { company: 'Test Café', from: RANGE.from, to: RANGE.to, mode: 'pending' } });
    const history = await world.database.db.selectFrom('sync_events').select('detail').where('tenant_id', '=', TENANT).where('kind', '=', 'undone').execute();
    expect(history.length).toBe(preview.tickets);

    // Posted again: new documents (new requestids: QuickBooks does not replay the first creates), reconciled clean.
    await world.sync.syncNow(TENANT, { connectionId });
    expect((await world.runQueued())[0]).toMatchObject({ status: 'finished', skipped: 0, pending: 0 });
    expect(liveIn(RANGE.from, RANGE.to).length).toBe(inRange.length);
    expect(liveIn(RANGE.from, RANGE.to).some((d) => inRange.includes(d))).toBe(false);
    await reconciles(DATES[0]!, '2026-11-24');
  }, 60_000);

  it('reposts a range in place, and keeps "not to be posted" tickets out of later runs', async () => {
    const before = liveIn(RANGE.from, RANGE.to);
    await expect(world.sync.repair.repost(TENANT, { connectionId, ...RANGE }, WHO)).rejects.toMatchObject({ code: 'CONFIRM' });
    const repost = await world.sync.repair.repost(TENANT, { connectionId, ...RANGE, confirm: 'Test Café' }, WHO);
    expect(repost.tickets).toBeGreaterThan(0);
    expect((await world.runQueued())[0]).toMatchObject({ status: 'finished', skipped: 0, pending: 0 });
    // Rewritten in place: the same documents, none added.
    expect(liveIn(RANGE.from, RANGE.to)).toEqual(before);
    await reconciles(DATES[0]!, '2026-11-24');

    const day = { from: RANGE.to, to: RANGE.to };
    const asked = await world.sync.repair.undo(TENANT, { connectionId, ...day, mode: 'withheld', confirm: 'Test Café' }, WHO);
    expect((await world.runQueued())[0]).toMatchObject({ status: 'finished' });
    expect(liveIn(day.from, day.to)).toEqual([]);
    await world.sync.syncNow(TENANT, { connectionId });
    await world.runQueued();
    expect(liveIn(day.from, day.to)).toEqual([]);
    const held = await world.database.db.selectFrom('tickets').select('sync_state').where('tenant_id', '=', TENANT)
      .where('business_date', '=', day.from).where('status', '=', 'closed').execute();
    expect(new Set(held.map((h) => h.sync_state))).toEqual(new Set(['withheld']));
    expect((await world.sync.repair.audit(TENANT)).map((a) => a.action)).toEqual(['undo', 'repost', 'undo']);
    expect(asked.documents).toBeGreaterThan(0);
  }, 60_000);
});
