/**
 * Issue 17's simulator points: both readings of how a batch counts toward the 500 a minute
 * (strict by default, lenient per simulator or per company, at run time or from the CLI), and
 * Intuit's metered reads: counted per company and month, and blocked past a monthly quota with
 * a 429 a client can tell from a throttle, writes still allowed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ManualClock } from '../lib/clock.js';
import { makeManualClock } from '../lib/clock.js';
import { parseBooleanFlag, runSimulatorFromCli } from './cli.js';
import { startSimulator } from './server.js';
import type { CompanyClient } from './test-support/harness.js';
import { clientFor, faultOf, toAnswer, useHarness } from './test-support/harness.js';

const clock: ManualClock = makeManualClock();
const t = useHarness({ clock });

const sim = async (method: string, path: string, body?: unknown) => toAnswer(await fetch(`${t.h.sim.url}${path}`, {
  method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
}));

const queries = (n: number) => ({ BatchItemRequest: Array.from({ length: n }, (_, i) => ({ bId: String(i + 1), Query: 'SELECT * FROM Account MAXRESULTS 1' })) });

describe('how a batch counts toward the 500 a minute', () => {
  it('strict by default: 1 + items; lenient for one company through sim.setLimits: 1', async () => {
    const strict = t.h.company();
    const lenient = t.h.company();
    for (const c of [strict, lenient]) t.h.sim.setLimits(c.realmId, { perMinute: 40 });
    expect(t.h.sim.setLimits(lenient.realmId, { meterBatchItems: false })).toMatchObject({ meterBatchItems: false, perMinute: 40, batchPerMinute: 40 });
    expect((await strict.call('POST', 'batch', queries(30))).status).toBe(200);
    const second = await strict.call('POST', 'batch', queries(30));
    expect(second.status).toBe(429);
    expect(second.text).toContain('<Error code="3001"');
    for (let i = 0; i < 3; i += 1) expect((await lenient.call('POST', 'batch', queries(30))).status).toBe(200);
    expect(t.h.sim.counters(strict.realmId).maxPerMinute).toBe(31);
    expect(t.h.sim.counters(lenient.realmId).maxPerMinute).toBe(3);
  });

  it('switches for the whole simulator over /__sim/limits, and per company over /__sim/companies/{realm}/limits', async () => {
    const c = t.h.company();
    expect((await sim('PUT', `/__sim/companies/${c.realmId}/limits`, { perMinute: 40 })).body).toMatchObject({ perMinute: 40, meterBatchItems: true });
    expect((await sim('PUT', '/__sim/limits', { meterBatchItems: false })).body.meterBatchItems).toBe(false);
    expect((await sim('GET', `/__sim/companies/${c.realmId}/limits`)).body).toMatchObject({ perMinute: 40, meterBatchItems: false });
    for (let i = 0; i < 10; i += 1) expect((await c.call('POST', 'batch', queries(30))).status).toBe(200);
    expect((await sim('PUT', '/__sim/limits', { meterBatchItems: true })).status).toBe(200);
    expect((await c.call('POST', 'batch', queries(30))).status).toBe(429);
    expect((await sim('PUT', '/__sim/limits', { meterBatchItems: 'no' })).status).toBe(400);
    expect((await sim('PUT', '/__sim/companies/000/limits', { perMinute: 1 })).status).toBe(404);
  });

  it('is chosen at start: startSimulator({ limits }) and the CLI flag --batch-items-count-toward-limit=false', async () => {
    expect(parseBooleanFlag('batch-items-count-toward-limit', 'false')).toBe(false);
    expect(parseBooleanFlag('batch-items-count-toward-limit', 'TRUE')).toBe(true);
    expect(() => parseBooleanFlag('batch-items-count-toward-limit', 'maybe')).toThrow(TypeError);
    const fromCli = await runSimulatorFromCli({ port: 0, batchItemsCountTowardLimit: false, monthlyReadQuota: 10 });
    try {
      expect((await toAnswer(await fetch(`${fromCli.url}/__sim/limits`))).body).toMatchObject({ meterBatchItems: false, perMinute: 500 });
      expect((await toAnswer(await fetch(`${fromCli.url}/__sim/quota`))).body).toEqual({ monthlyReads: 10 });
    } finally {
      await fromCli.close();
    }
    const started = await startSimulator({ limits: { meterBatchItems: false } });
    try {
      expect((await toAnswer(await fetch(`${started.url}/__sim/limits`))).body.meterBatchItems).toBe(false);
    } finally {
      await started.close();
    }
  });
});

describe('metered reads', () => {
  it('count queries, GETs, CDC, reports and each read item of a batch that succeeded; not writes, refusals or OAuth', async () => {
    const c = t.h.company();
    const account = (await c.create('Account', { Name: 'Tips payable', AccountType: 'Other Current Liability' })).body.Account;
    await c.query('SELECT * FROM Account');
    await c.read('Account', account.Id);
    await c.call('GET', 'preferences');
    await c.query('SELECT * FROM Nothing');
    await c.read('Account', '9999');
    await c.call('POST', 'batch', { BatchItemRequest: [
      { bId: 'q1', Query: 'SELECT * FROM Item' }, { bId: 'q2', Query: 'SELECT * FROM Bogus' },
      { bId: 'w1', operation: 'create', Class: { Name: 'Denver store' } }, { bId: 'q3', Query: 'SELECT count(*) FROM Class' },
    ] });
    await fetch(t.h.sim.urls.token, { method: 'POST', body: 'grant_type=refresh_token&refresh_token=nope', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(t.h.sim.counters(c.realmId)).toMatchObject({ meteredReads: 5, meteredReadsByMonth: { '2026-11': 5 }, quotaBlocked: 0 });
    // CDC and reports are CorePlus reads too: one each, and one per CDCQuery item of a batch.
    expect((await c.call('GET', 'cdc', undefined, { query: { entities: 'Class', changedSince: '2026-11-20' } })).status).toBe(200);
    expect((await c.call('GET', 'reports/ProfitAndLoss')).status).toBe(200);
    await c.call('POST', 'batch', { BatchItemRequest: [{ bId: 'c1', CDCQuery: { Entities: 'Class', ChangedSince: '2026-11-20' } }] });
    expect((await sim('GET', `/__sim/companies/${c.realmId}/metering`)).body)
      .toEqual({ month: '2026-11', meteredReads: 8, monthlyReads: null, blocked: false, blockedUntil: null, quotaBlocked: 0 });
  });

  it('past a company quota: reads get 429 with code 3002 (a throttle has 3001), writes go on, a new month lifts it', async () => {
    const c = t.h.company();
    t.h.sim.setQuota(c.realmId, { monthlyReads: 2 });
    expect((await c.query('SELECT * FROM Account')).status).toBe(200);
    expect((await c.call('GET', 'preferences')).status).toBe(200);
    const blocked = await c.query('SELECT * FROM Account');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('content-type')).toContain('application/xml');
    expect(blocked.text).toContain('<Error code="3002"');
    expect(blocked.text).toContain('message=QuotaExceeded; errorCode=003002; statusCode=429');
    expect(blocked.text).toContain('blocked until 2026-12-01');
    expect(blocked.text).not.toContain('ThrottleExceeded');
    expect((await c.create('Class', { Name: 'Still writable' })).status).toBe(200);
    const batch = await c.call('POST', 'batch', { BatchItemRequest: [
      { bId: 'q', Query: 'SELECT * FROM Class' }, { bId: 'w', operation: 'create', Class: { Name: 'Also writable' } },
    ] });
    expect(batch.status).toBe(200);
    expect(batch.body.BatchItemResponse[0].Fault).toMatchObject({ type: 'SERVICE', Error: [{ code: '3002' }] });
    expect(batch.body.BatchItemResponse[1].Class.Name).toBe('Also writable');
    expect(t.h.sim.metering(c.realmId)).toMatchObject({ meteredReads: 2, blocked: true, blockedUntil: '2026-12-01', quotaBlocked: 2 });
    await clock.advance(60_000);
    expect((await c.query('SELECT * FROM Account')).status).toBe(429);
    await clock.set(Date.UTC(2026, 11, 1, 9, 0));
    const fresh = clientFor(t.h.sim, c.realmId, t.h.sim.issueTokens(c.realmId).access_token);
    expect((await fresh.query('SELECT * FROM Account')).status).toBe(200);
    expect(t.h.sim.counters(c.realmId)).toMatchObject({ meteredReads: 1, meteredReadsByMonth: { '2026-11': 2, '2026-12': 1 } });
  });

  it('a simulator-wide quota is set and lifted at run time over /__sim; a company may have its own', async () => {
    const a = t.h.company();
    const b = t.h.company();
    expect((await sim('PUT', '/__sim/quota', { monthlyReads: 1 })).body).toEqual({ monthlyReads: 1 });
    expect((await sim('PUT', `/__sim/companies/${b.realmId}/quota`, { monthlyReads: 3 })).body).toMatchObject({ monthlyReads: 3 });
    const reads = async (c: CompanyClient, n: number) => {
      const statuses: number[] = [];
      for (let i = 0; i < n; i += 1) statuses.push((await c.call('GET', 'companyinfo/1')).status);
      return statuses;
    };
    expect(await reads(a, 2)).toEqual([200, 429]);
    expect(await reads(b, 4)).toEqual([200, 200, 200, 429]);
    expect((await sim('PUT', '/__sim/quota', { monthlyReads: null })).status).toBe(200);
    expect(await reads(a, 1)).toEqual([200]);
    expect(await reads(b, 1)).toEqual([429]);
    expect((await sim('PUT', `/__sim/companies/${b.realmId}/quota`, null)).body).toMatchObject({ monthlyReads: null, blocked: false });
    expect(await reads(b, 1)).toEqual([200]);
    expect((await sim('PUT', '/__sim/quota', { monthlyReads: -1 })).status).toBe(400);
    expect(faultOf(await a.query('SELECT * FROM Nope')).code).toBe('4001');
  });

  it('survive a restart with the state file (billing data), while the other counters start afresh', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-metering-'));
    const stateFile = join(dir, 'state.json');
    try {
      const first = await startSimulator({ stateFile, clock: makeManualClock() });
      const { realmId } = first.createCompany();
      const client = clientFor(first, realmId, first.issueTokens(realmId).access_token);
      await client.query('SELECT * FROM Account');
      await client.query('SELECT * FROM Item');
      await first.close();
      const second = await startSimulator({ stateFile, clock: makeManualClock() });
      expect(second.counters(realmId)).toMatchObject({ requests: 0, meteredReads: 2, meteredReadsByMonth: { '2026-11': 2 } });
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
