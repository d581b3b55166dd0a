/**
 * The reading commands as a script uses them (issue 18, Build 6): real processes of the bin on
 * one embedded data folder, QuickBooks being the built-in simulator. After a sync, `status`,
 * `runs`, `reconcile`, `location list`, `api-key list`, `days --history` and `mapping show` each print, with
 * `--json`, one JSON document on stdout that its zod schema accepts (logs stay on stderr);
 * people read times in the location's zone.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeysJson, clearingJson, dayHistoryJson, locationsJson, reconcileJson, runsJson, statusJson } from '../../src/cli/json-output.js';
import { cliFolder } from '../support/cli-folder.js';
import type { CliFolder } from '../support/cli-folder.js';

let cli: CliFolder;
const yesterday = DateTime.now().setZone('America/New_York').minus({ days: 1 }).toISODate()!;

const tillbooks = (...args: string[]) => cli.run(...args);

/** The command's stdout, parsed as one JSON document (it fails the test when it is anything else). */
async function json(...args: string[]): Promise<unknown> {
  const r = await tillbooks(...args, '--json');
  expect(r.code, r.output).toBe(0);
  return JSON.parse(r.stdout);
}

beforeAll(async () => {
  cli = await cliFolder('read-json');
  await cli.setUp([
    ['location', 'add', 'ny-1', '--name', 'New York', '--time-zone', 'America/New_York', '--sync-time', '02:30', '--sync-time-zone', 'America/New_York'],
    ['connect', '--location', 'ny-1', '--company', 'Read Co'],
    // Card tenders from yesterday on go to square's clearing account (issue 15): payouts clearing has something to show.
    ['payouts', 'on', 'square', '--from', yesterday, '--bank', 'Checking'],
    ['demo-data', '--location', 'ny-1', '--days', '1', '--end', yesterday, '--tickets-per-day', '6'],
    ['sync', '--location', 'ny-1', '--now', '--no-progress'],
    ['api-key', 'create', 'till 1'],
    // A store that syncs from yesterday on, holding tickets of the day before too: those are never posted.
    ['location', 'add', 'old-1', '--name', 'Old', '--time-zone', 'America/New_York', '--start-date', yesterday],
    ['demo-data', '--location', 'old-1', '--days', '2', '--end', yesterday, '--tickets-per-day', '4', '--seed', '3'],
  ]);
}, 240_000);
afterAll(async () => {
  await cli?.remove();
});

describe('--json on the commands that read', () => {
  it('status: connections, usage, locations with their tickets in money, runs and errors', { timeout: 60_000 }, async () => {
    const status = statusJson.parse(await json('status'));
    expect(status.connections).toMatchObject([{ companyName: 'Read Co', status: 'connected', locationIds: ['ny-1'] }]);
    const [ny] = status.locations;
    // nextRun: written by the service's scheduler, which does not run here.
    expect(ny).toMatchObject({ id: 'ny-1', timeZone: 'America/New_York', syncTime: '02:30', nextRun: null });
    const posted = ny!.tickets.find((t) => t.state === 'posted')!;
    expect(posted).toMatchObject({ tickets: expect.any(Number), amount: expect.stringMatching(/^\d+\.\d\d$/) });
    expect(posted.tickets).toBeGreaterThan(0);
    expect(status.runs[0]).toMatchObject({ trigger: 'manual', status: 'finished', posted: posted.tickets, pending: 0 });
    expect(status.errors).toEqual([]);
    // Pending excludes tickets before the start date, shown apart. The demo tickets are made for
    // yesterday's date, and some days' include one the till voided: void, never posted.
    const old = status.locations.find((l) => l.id === 'old-1')!;
    expect(old.beforeStartDate?.tickets).toBeGreaterThan(0);
    expect(old.tickets.map((t) => t.state).filter((s) => s !== 'void')).toEqual(['pending']);
    expect(old.tickets.find((t) => t.state === 'pending')!.tickets).toBeGreaterThan(0);
  });

  it('runs, location list and api-key list (never the key itself)', { timeout: 60_000 }, async () => {
    const { runs } = runsJson.parse(await json('runs', '--limit', '1'));
    expect(runs).toMatchObject([{ locationId: 'ny-1', status: 'finished' }]);
    expect(locationsJson.parse(await json('location', 'list')).locations).toMatchObject([
      { id: 'ny-1', connectionId: expect.any(Number) }, { id: 'old-1', connectionId: null, syncStartDate: yesterday }]);
    const { keys } = apiKeysJson.parse(await json('api-key', 'list'));
    expect(keys).toMatchObject([{ name: 'till 1', prefix: expect.stringMatching(/^tb_/), revokedAt: null }]);
  });

  it('reconcile: POS against QuickBooks per date and method, matching to the cent', { timeout: 60_000 }, async () => {
    const recon = reconcileJson.parse(await json('reconcile', '--location', 'ny-1', '--from', yesterday, '--to', yesterday));
    expect(recon).toMatchObject({ from: yesterday, to: yesterday, matches: true, problems: [] });
    expect(recon.tickets).toBeGreaterThan(0);
    expect(recon.rows.length).toBeGreaterThan(1);
    expect(recon.rows.every((r) => r.difference === '0.00' && r.date === yesterday)).toBe(true);
  });

  it('payouts clearing: square\'s card tenders in transit, by date, in money', { timeout: 60_000 }, async () => {
    const { processors } = clearingJson.parse(await json('payouts', 'clearing', '--processor', 'square'));
    expect(processors).toMatchObject([{ processor: 'square', from: yesterday, usualDelayDays: 5, payoutsOut: '0.00', payouts: [], warnings: [] }]);
    const [square] = processors;
    expect(Number(square!.tendersIn)).toBeGreaterThan(0);
    expect(square!.balance).toBe(square!.tendersIn);
    expect(square!.days).toEqual([{ date: yesterday, tendersIn: square!.tendersIn, payoutsOut: '0.00', balance: square!.tendersIn }]);
  });

  it('days --history: a day\'s history (none for a line-by-line store); a bad date is a usage error', { timeout: 60_000 }, async () => {
    expect(dayHistoryJson.parse(await json('days', '--location', 'ny-1', '--history', yesterday))).toEqual({ locationId: 'ny-1', date: yesterday, events: [] });
    const bad = await tillbooks('days', '--location', 'ny-1', '--history', 'yesterday');
    expect(bad.code).not.toBe(0);
    expect(bad.output).toContain('--history yesterday');
  });

  it('mapping show --json is JSON too', { timeout: 60_000 }, async () => {
    // Revision 1: turning payouts on for square saved the mapping once.
    expect(await json('mapping', 'show', '--location', 'ny-1')).toMatchObject({ revision: 1 });
  });

  it('shows people the times where the store is', { timeout: 60_000 }, async () => {
    const status = await tillbooks('status');
    expect(status.code, status.output).toBe(0);
    expect(status.stdout).toMatch(/"Read Co" .* connected; initialized \d{4}-\d\d-\d\d \d\d:\d\d E[SD]T; locations ny-1/);
    expect(status.stdout).toMatch(/location ny-1 \(America\/New_York\) sync on at 02:30 America\/New_York; next run -; tickets: posted \d+/);
    expect(status.stdout).toMatch(/run \d+ manual finished \d{4}-\d\d-\d\d \d\d:\d\d E[SD]T \[ny-1\]: \d+ posted/);
    expect(status.stdout).toMatch(new RegExp(`location old-1 .*; tickets: pending \\d+ \\([\\d.]+\\)(, void \\d+ \\([\\d.]+\\))?; before the start date ${yesterday} \\(never posted\\): \\d+ `));
    const runs = await tillbooks('runs');
    expect(runs.stdout).toMatch(/^run \d+ manual finished \d{4}-\d\d-\d\d \d\d:\d\d E[SD]T \[ny-1\]: \d+ posted/);
  });
});
