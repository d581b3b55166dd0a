/**
 * Payouts as Deposits (issue 15 items 2–3), the simulator over HTTP, on both backends. Turning
 * payouts on sets up the processor's clearing and fees accounts; a run posts each payout as one
 * Deposit into the bank whose total is the payout's net, read back from QuickBooks; a second
 * run writes nothing; a higher version rewrites the Deposit in place; a closed period skips a
 * payout with the reason; a Deposit edited or deleted in QuickBooks is flagged, never overwritten
 * until "Repost this payout" rewrites it in place (or makes it again); a Deposit created by a
 * run that died before recording it is found again, not made twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takePayouts } from '../../src/intake/take-payouts.js';
import type { QboEntity } from '../../src/qbo/index.js';
import { getPayout } from '../../src/store/payouts.js';
import { turnOnPayouts } from '../../src/sync/payouts/turn-on.js';
import { payout } from '../support/records.js';
import { simpleTicket } from '../support/tickets.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

type Deposit = QboEntity & { Id: string; SyncToken: string; TotalAmt: number; DocNumber: string; PrivateNote: string; TxnDate: string;
  DepositToAccountRef: { value: string }; Line: { Amount: number; DepositLineDetail: { AccountRef: { value: string; name: string } } }[] };

describe.each(backends())('payouts as Deposits on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  let checking: string;
  const deposits = async () => (await world.client(connectionId)).queryAll<Deposit>('Deposit');
  const take = (list: Record<string, unknown>[]) => takePayouts(world.database.db, TENANT, list.map((p, i) => ({ raw: JSON.stringify(p), ref: i })));
  const run = async () => {
    await world.sync.syncNow(TENANT, { connectionId });
    return world.runQueued();
  };

  beforeAll(async () => {
    world = await startSyncWorld({ backend, limits: { enabled: false } });
    await world.addLocation('denver-1', 'America/Denver');
    ({ connectionId, realmId } = await world.connect('denver-1', { newCompany: 'Payout Co' }));
    const client = await world.client(connectionId);
    checking = (await client.findByName<QboEntity & { Id: string }>('Account', 'Checking'))!.Id;
  }, 120_000);
  afterAll(async () => world?.close());

  it('turning payouts on sets up the clearing and fees accounts and saves the processor', { timeout: 60_000 }, async () => {
    const r = await turnOnPayouts(world.deps, TENANT, connectionId, { processor: 'square', from: '2026-11-01', bank: { id: checking, name: 'Checking' }, by: 'test' });
    expect(r.setUp).toEqual(['clearing', 'fees']);
    expect(r.target).toMatchObject({ bank: { id: checking }, clearing: { name: 'Card clearing - square' }, fees: { name: 'Merchant fees' }, from: '2026-11-01' });
    const client = await world.client(connectionId);
    expect(await client.findByName('Account', 'Card clearing - square')).toMatchObject({ AccountType: 'Other Current Asset' });
    expect(await client.findByName('Account', 'Merchant fees')).toMatchObject({ AccountType: 'Expense' });
    // Turned on again (another start date): the same accounts, nothing made twice.
    const again = await turnOnPayouts(world.deps, TENANT, connectionId, { processor: 'square', from: '2026-11-02', by: 'test' });
    expect(again).toMatchObject({ setUp: [], target: { clearing: r.target.clearing, fees: r.target.fees, from: '2026-11-02' } });
  });

  it('card tenders from the start date on are deposited to the clearing account; earlier ones stay in Undeposited Funds', { timeout: 120_000 }, async () => {
    const card = (id: string, closedAt: string) => ({ ...simpleTicket({ id, closedAt }), payments: [{ method: 'credit_card', amount: '12.50' }] });
    expect((await world.take([card('t-before', '2026-10-31T12:00:00-07:00'), card('t-after', '2026-11-05T12:00:00-07:00')])).map((r) => r.outcome))
      .toEqual(['taken', 'taken']);
    await run();
    const client = await world.client(connectionId);
    const clearing = (await client.findByName<QboEntity & { Id: string }>('Account', 'Card clearing - square'))!.Id;
    const undeposited = (await client.findByName<QboEntity & { Id: string }>('Account', 'Undeposited Funds'))!.Id;
    const paid = await client.queryAll<QboEntity & { TxnDate: string; DepositToAccountRef: { value: string } }>('Payment');
    expect(paid.map((p) => [p.TxnDate, p.DepositToAccountRef.value]).sort()).toEqual([['2026-10-31', undeposited], ['2026-11-05', clearing]]);
  });

  it('posts each payout as one Deposit equal to its net, read back; a second run writes nothing', { timeout: 120_000 }, async () => {
    const taken = await take([
      payout({ id: 'po_1' }),
      payout({ id: 'po_2', arrivalDate: '2026-11-27', gross: '250.00', fees: '7.55', adjustments: undefined, net: '242.45' }),
      payout({ id: 'po_a_very_long_payout_identifier_0001', arrivalDate: '2026-11-28', gross: '80.00', fees: '0.00', adjustments: '0.00', net: '80.00' }),
    ]);
    expect(taken.map((t) => t.outcome)).toEqual(['taken', 'taken', 'taken']);
    await run();
    const found = await deposits();
    expect(found.map((d) => [d.PrivateNote, d.TotalAmt, d.TxnDate, d.DepositToAccountRef.value]).sort()).toEqual([
      ['POS payout square/po_1 v1', 955.7, '2026-11-26', checking],
      ['POS payout square/po_2 v1', 242.45, '2026-11-27', checking],
      ['POS payout square/po_a_very_long_payout_identifier_0001 v1', 80, '2026-11-28', checking],
    ]);
    const first = found.find((d) => d.PrivateNote === 'POS payout square/po_1 v1')!;
    expect(first.DocNumber).toBe('po_1');
    expect(first.Line.map((l) => [l.DepositLineDetail.AccountRef.name, l.Amount])).toEqual([
      ['Card clearing - square', 1000], ['Merchant fees', -29.3], ['Merchant fees', -15]]);
    expect(await getPayout(world.database.db, TENANT, 'square', 'po_1')).toMatchObject({ state: 'posted', postedVersion: 1, depositId: first.Id });
    const writes = world.sim.counters(realmId).writes;
    await run();
    expect(world.sim.counters(realmId).writes).toBe(writes);
    expect(await deposits()).toHaveLength(3);
  });

  it('a higher version rewrites its Deposit in place', { timeout: 60_000 }, async () => {
    const before = (await getPayout(world.database.db, TENANT, 'square', 'po_2'))!;
    await take([payout({ id: 'po_2', version: 2, arrivalDate: '2026-11-27', gross: '260.00', fees: '7.85', adjustments: undefined, net: '252.15' })]);
    await run();
    const d = (await deposits()).filter((x) => x.PrivateNote.startsWith('POS payout square/po_2 '));
    expect(d.map((x) => [x.Id, x.TotalAmt, x.PrivateNote])).toEqual([[before.depositId, 252.15, 'POS payout square/po_2 v2']]);
    expect(await getPayout(world.database.db, TENANT, 'square', 'po_2')).toMatchObject({ state: 'posted', postedVersion: 2 });
  });

  it('a closed period skips the payout with the reason', { timeout: 60_000 }, async () => {
    world.sim.setPreferences(realmId, { BookCloseDate: '2026-10-31' });
    await take([payout({ id: 'po_old', arrivalDate: '2026-10-15' })]);
    await run();
    const p = (await getPayout(world.database.db, TENANT, 'square', 'po_old'))!;
    expect(p.state).toBe('skipped');
    expect(JSON.stringify(p.lastError)).toContain('the books are closed for 2026-10-15');
    expect((await deposits()).some((d) => d.PrivateNote.includes('po_old'))).toBe(false);
  });

  it('a Deposit changed or deleted in QuickBooks is flagged and never overwritten', { timeout: 60_000 }, async () => {
    const client = await world.client(connectionId);
    const d1 = (await deposits()).find((d) => d.PrivateNote === 'POS payout square/po_1 v1')!;
    await client.update('Deposit', { ...d1, PrivateNote: `${d1.PrivateNote} (checked by Ann)` }, { key: 'test:edit-po_1' });
    const d3 = (await deposits()).find((d) => d.PrivateNote.includes('po_a_very_long'))!;
    await client.delete('Deposit', { Id: d3.Id, SyncToken: d3.SyncToken }, { key: 'test:delete-po_a' });
    const taken = await take([payout({ id: 'po_1', version: 2, fees: '30.00', net: '955.00' }),
      payout({ id: 'po_a_very_long_payout_identifier_0001', version: 2, arrivalDate: '2026-11-28', gross: '81.00', fees: '0.00', adjustments: '0.00', net: '81.00' })]);
    expect(taken.map((t) => t.outcome)).toEqual(['replaced', 'replaced']);
    await run();
    expect(await getPayout(world.database.db, TENANT, 'square', 'po_1')).toMatchObject({ state: 'changed', lastError: { code: 'CHANGED_IN_QUICKBOOKS' } });
    expect(await getPayout(world.database.db, TENANT, 'square', 'po_a_very_long_payout_identifier_0001')).toMatchObject({ state: 'changed' });
    const kept = (await deposits()).find((d) => d.Id === d1.Id)!;
    expect([kept.TotalAmt, kept.PrivateNote]).toEqual([955.7, 'POS payout square/po_1 v1 (checked by Ann)']);
  });

  it('"Repost this payout": the edited Deposit is rewritten in place with the payout\'s figures, the deleted one made again; nothing else is reposted', { timeout: 60_000 }, async () => {
    const edited = (await deposits()).find((d) => d.PrivateNote.startsWith('POS payout square/po_1 '))!;
    await expect(world.sync.payouts.repost(TENANT, 'po_2')).rejects.toThrow('payout square/po_2 is posted: only a payout skipped or changed in QuickBooks is reposted');
    await expect(world.sync.payouts.repost(TENANT, 'po_nope')).rejects.toThrow('no payout "po_nope"');
    const first = await world.sync.payouts.repost(TENANT, 'po_1');
    expect(first).toMatchObject({ payout: { state: 'pending', version: 2 }, runId: expect.any(Number) });
    await world.sync.payouts.repost(TENANT, 'po_a_very_long_payout_identifier_0001', 'square');
    await world.runQueued();
    const now = await deposits();
    const po1 = now.filter((d) => d.PrivateNote.startsWith('POS payout square/po_1 '));
    expect(po1.map((d) => [d.Id, d.TotalAmt, d.PrivateNote])).toEqual([[edited.Id, 955, 'POS payout square/po_1 v2']]);
    const poA = now.filter((d) => d.PrivateNote.includes('po_a_very_long'));
    expect(poA.map((d) => [d.TotalAmt, d.PrivateNote])).toEqual([[81, 'POS payout square/po_a_very_long_payout_identifier_0001 v2']]);
    expect(await getPayout(world.database.db, TENANT, 'square', 'po_1')).toMatchObject({ state: 'posted', postedVersion: 2, depositId: edited.Id });
    expect(await getPayout(world.database.db, TENANT, 'square', 'po_a_very_long_payout_identifier_0001')).toMatchObject({ state: 'posted', depositId: poA[0]!.Id });
    // Posted again: a later run writes nothing.
    const writes = world.sim.counters(realmId).writes;
    await run();
    expect(world.sim.counters(realmId).writes).toBe(writes);
  });

  it('a Deposit a dead run left unrecorded is found by DocNumber and note, not created twice', { timeout: 60_000 }, async () => {
    await take([payout({ id: 'po_9', arrivalDate: '2026-11-29' })]);
    // As if a run created it and died before recording: the Deposit exists, the payout is still `posting`.
    await run();
    const made = (await deposits()).find((d) => d.PrivateNote === 'POS payout square/po_9 v1')!;
    await world.database.db.updateTable('payouts').set({ sync_state: 'posting', qbo_deposit_id: null, qbo_sync_token: null, posted_version: null })
      .where('payout_id', '=', 'po_9').execute();
    const writes = world.sim.counters(realmId).writes;
    await run();
    expect(world.sim.counters(realmId).writes).toBe(writes);
    expect((await deposits()).filter((d) => d.PrivateNote.includes('po_9'))).toHaveLength(1);
    const p9 = await getPayout(world.database.db, TENANT, 'square', 'po_9');
    expect(p9, JSON.stringify(p9?.lastError)).toMatchObject({ state: 'posted', depositId: made.Id });
  });
});
