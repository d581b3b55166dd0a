/**
 * The daily schedule with an injected clock: runs at 00:00 America/Denver on ordinary days
 * and on both daylight-saving change days; a location in another zone runs at its own time;
 * a run posts the business dates before its date where the store is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeManualClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { Database } from '../../src/store/index.js';
import { upsertLocation, updateLocation } from '../../src/store/locations.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { makeTokenCipher } from '../../src/store/token-crypto.js';
import type { SyncDeps } from '../../src/sync/deps.js';
import { tickSchedule } from '../../src/sync/schedule/scheduler.js';
import { backends, closeTestDatabase } from '../support/stores.js';

describe.each(backends())('the scheduler on $name', (backend) => {
  let database: Database;
  let deps: SyncDeps;

  beforeAll(async () => {
    database = await backend.open();
    await ensureTenant(database.db, { id: 't', name: 't' });
    const { id: connectionId } = await database.db.insertInto('qbo_connections').values({ tenant_id: 't', environment: 'simulator', realm_id: 'r1' }).returning('id').executeTakeFirstOrThrow();
    const loc = { enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null };
    await upsertLocation(database.db, 't', { id: 'denver-1', name: 'Denver', timeZone: 'America/Denver', ...loc });
    await upsertLocation(database.db, 't', { id: 'nyc-1', name: 'NYC', timeZone: 'America/New_York', ...loc, syncTimeZone: 'America/New_York' });
    await upsertLocation(database.db, 't', { id: 'off-1', name: 'Off', timeZone: 'America/Denver', ...loc, enabled: false });
    for (const id of ['denver-1', 'nyc-1', 'off-1']) await updateLocation(database.db, 't', id, { connectionId });
    deps = { database, cipher: makeTokenCipher(Buffer.alloc(32)), provider: null, clock: makeManualClock(), logger: silentLogger,
      app: { clientId: 'x', clientSecret: 'y', redirectUri: 'http://localhost/cb' } };
  });
  afterAll(async () => {
    if (database) await closeTestDatabase(database);
  });

  /** Ticks every 5 minutes from `from` to `to`; returns the runs enqueued, as "location date-cutoff at". */
  const tickThrough = async (from: string, to: string) => {
    const out: string[] = [];
    for (let t = Date.parse(from); t <= Date.parse(to); t += 5 * 60_000) {
      for (const e of await tickSchedule(deps, t)) out.push(`${e.locationId} <${e.cutoffDate} due ${new Date(e.dueAt).toISOString()} seen ${new Date(t).toISOString()}`);
    }
    return out;
  };

  it('runs once a day at local midnight, across both daylight-saving changes, each location at its own time', async () => {
    // Spring forward (2026-03-08) and fall back (2026-11-01), each with the days around them.
    const spring = await tickThrough('2026-03-06T12:00:00Z', '2026-03-09T12:00:00Z');
    expect(spring).toEqual([
      'nyc-1 <2026-03-07 due 2026-03-07T05:00:00.000Z seen 2026-03-07T05:00:00.000Z',
      'denver-1 <2026-03-07 due 2026-03-07T07:00:00.000Z seen 2026-03-07T07:00:00.000Z',
      'nyc-1 <2026-03-08 due 2026-03-08T05:00:00.000Z seen 2026-03-08T05:00:00.000Z',
      'denver-1 <2026-03-08 due 2026-03-08T07:00:00.000Z seen 2026-03-08T07:00:00.000Z',
      'nyc-1 <2026-03-09 due 2026-03-09T04:00:00.000Z seen 2026-03-09T04:00:00.000Z',
      'denver-1 <2026-03-09 due 2026-03-09T06:00:00.000Z seen 2026-03-09T06:00:00.000Z',
    ]);
    await database.db.updateTable('locations').set({ next_run_at: null }).execute();
    const fall = await tickThrough('2026-10-31T00:00:00Z', '2026-11-02T12:00:00Z');
    expect(fall).toEqual([
      'nyc-1 <2026-10-31 due 2026-10-31T04:00:00.000Z seen 2026-10-31T04:00:00.000Z',
      'denver-1 <2026-10-31 due 2026-10-31T06:00:00.000Z seen 2026-10-31T06:00:00.000Z',
      'nyc-1 <2026-11-01 due 2026-11-01T04:00:00.000Z seen 2026-11-01T04:00:00.000Z',
      'denver-1 <2026-11-01 due 2026-11-01T06:00:00.000Z seen 2026-11-01T06:00:00.000Z',
      'nyc-1 <2026-11-02 due 2026-11-02T05:00:00.000Z seen 2026-11-02T05:00:00.000Z',
      'denver-1 <2026-11-02 due 2026-11-02T07:00:00.000Z seen 2026-11-02T07:00:00.000Z',
    ]);
  });

  it('a missed day is caught up by one run; a disabled location never runs; two schedulers enqueue once', async () => {
    await database.db.deleteFrom('sync_runs').execute();
    await database.db.updateTable('locations').set({ next_run_at: null }).execute();
    await tickSchedule(deps, Date.parse('2026-11-20T12:00:00Z'));
    // Down for three days, back at noon on the 24th: one run per location, posting up to the 24th.
    const [a, b] = await Promise.all([tickSchedule(deps, Date.parse('2026-11-24T19:00:00Z')), tickSchedule(deps, Date.parse('2026-11-24T19:00:00Z'))]);
    const all = [...a, ...b].map((e) => `${e.locationId} <${e.cutoffDate}`).sort();
    expect(all).toEqual(['denver-1 <2026-11-24', 'nyc-1 <2026-11-24']);
    const runs = await database.db.selectFrom('sync_runs').select(['location_id', 'trigger', 'cutoff_date']).execute();
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.trigger === 'schedule')).toBe(true);
  });
});
