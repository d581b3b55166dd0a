/**
 * No read twice (issue 17, Build 5): QuickBooks meters every read, so an edit run asks for each
 * document it touches once per step that needs its SyncToken - payments before they are
 * voided, the invoice before it is updated - and a look-up after an unknown outcome reads each
 * document once. Counted from the simulator's request log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedRequest } from '../../src/sandbox/index.js';
import { backends } from '../support/stores.js';
import { simpleTicket } from '../support/tickets.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const N = 250;
const sale = (i: number, version = 1, cents = 1000 + i) => simpleTicket({ id: `L-${i}`, version, cents, closedAt: '2026-11-23T12:00:00-07:00' });

/** Each id asked for by an `Entity WHERE Field IN (…)` look-up, with how often it was asked. */
function askedIds(log: readonly LoggedRequest[], entity: string, field: string): Map<string, number> {
  const asked = new Map<string, number>();
  const pattern = new RegExp(`^SELECT \\* FROM ${entity} WHERE ${field} IN \\((.*)\\) MAXRESULTS`);
  for (const statement of log.flatMap((r) => [r.query ?? '', ...r.batchQueries])) {
    const list = pattern.exec(statement)?.[1];
    if (!list) continue;
    for (const id of list.split(', ').map((v) => v.slice(1, -1))) asked.set(id, (asked.get(id) ?? 0) + 1);
  }
  return asked;
}

describe('look-ups read each document once', () => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  const sync = async () => {
    await world.sync.syncNow(TENANT, { connectionId });
    return (await world.runQueued())[0]!;
  };
  const during = async (work: () => Promise<unknown>) => {
    const from = world.sim.requestLog(realmId).length;
    await work();
    return world.sim.requestLog(realmId).slice(from);
  };

  beforeAll(async () => {
    world = await startSyncWorld({ backend: backends()[0]! });
    await world.addLocation('denver-1', 'America/Denver');
    ({ connectionId, realmId } = await world.connect('denver-1'));
    await world.take(Array.from({ length: N }, (_, i) => sale(i)));
    expect(await sync()).toMatchObject({ posted: N, pending: 0 });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('an edit run asks for each invoice once (before its update) and each payment once (before its void)', async () => {
    await world.take(Array.from({ length: N }, (_, i) => sale(i, 2, 2000 + i)));
    const log = await during(async () => expect(await sync()).toMatchObject({ posted: N, pending: 0, skipped: 0 }));
    const invoices = askedIds(log, 'Invoice', 'Id');
    const payments = askedIds(log, 'Payment', 'Id');
    expect(invoices.size).toBe(N);
    expect(payments.size).toBe(N);
    expect(Math.max(...invoices.values(), ...payments.values())).toBe(1);
    // One look-up per entity and 100 documents: a page of 250 edits is 3 + 3 reads.
    const reads = log.filter((r) => r.method === 'GET' && r.path === 'query');
    expect(reads).toHaveLength(6);
  });

  it('a look-up after unknown outcomes reads each invoice once, whether found by number or by id', async () => {
    await world.take(Array.from({ length: 30 }, (_, i) => sale(i, 3, 3000 + i)));
    // Every answer of the run is lost after QuickBooks did the work, and the client does not
    // ask again (a retry would get the replay): the outcomes are unknown.
    const policy = world.deps.retryPolicy;
    world.deps.retryPolicy = { maxAttempts: 1 };
    world.sim.setFaults(realmId, { resetAfterCommitRate: 1 });
    expect(await sync()).toMatchObject({ pending: 30 });
    world.sim.clearFaults(realmId);
    world.deps.retryPolicy = policy;
    const log = await during(async () => expect(await sync()).toMatchObject({ posted: 30, pending: 0, skipped: 0 }));
    const byNumber = askedIds(log, 'Invoice', 'DocNumber');
    const byId = askedIds(log, 'Invoice', 'Id');
    expect(byNumber.size).toBe(30);
    // The look-up found each invoice by its number; the step that updates it reads it once more at most.
    expect(Math.max(...byId.values())).toBe(1);
    const live = world.sim.documents(realmId, 'Invoice').filter((d) => !String(d.PrivateNote ?? '').startsWith('Voided'));
    expect(live).toHaveLength(N);
  });
});
