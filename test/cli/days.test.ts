/**
 * `tillbooks mode` and `tillbooks days` (issue 14, Build 1 and 6) as a script uses them: real
 * processes of the bin on one embedded data folder, QuickBooks being the built-in simulator.
 * Three days of tickets are taken in; `mode` says what switching to summary would do and saves
 * nothing without --yes; once saved, `days --json` lists each day with its POS totals (the
 * receipt's groups summing to zero), today open and the days before it ready; switching back
 * says what it would move; a bad date is refused as a usage mistake (exit code 1).
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysJson, modeJson } from '../../src/cli/json-output.js';
import { parseMoney } from '../../src/domain/money.js';
import { cliFolder } from '../support/cli-folder.js';
import type { CliFolder } from '../support/cli-folder.js';

let cli: CliFolder;
const ZONE = 'America/New_York';
const today = DateTime.now().setZone(ZONE).toISODate()!;
// The demo tickets of fixed past dates: what the generator makes depends on the date (on some
// dates 5 a day come out as 16 over three days), so the counts below hold whenever the suite runs.
const DATA_END = DateTime.fromISO('2026-12-06', { zone: ZONE });
const day = (back: number) => DATA_END.minus({ days: back - 1 }).toISODate()!;

const tillbooks = (...args: string[]) => cli.run(...args);

async function json(...args: string[]): Promise<unknown> {
  const r = await tillbooks(...args, '--json');
  expect(r.code, r.output).toBe(0);
  return JSON.parse(r.stdout);
}

const cents = (money: string) => {
  const parsed = parseMoney(money);
  if (!parsed.ok) throw new Error(`not money: ${money}`);
  return parsed.value;
};

beforeAll(async () => {
  cli = await cliFolder('days');
  await cli.setUp([
    ['location', 'add', 'ny-1', '--name', 'New York', '--time-zone', ZONE],
    ['demo-data', '--location', 'ny-1', '--days', '3', '--end', day(1), '--tickets-per-day', '5'],
  ]);
}, 120_000);
afterAll(async () => {
  await cli?.remove();
});

describe('tillbooks mode and days', () => {
  it('previews a switch to summary without saving it, then saves it with --yes', { timeout: 120_000 }, async () => {
    const preview = modeJson.parse(await json('mode', '--location', 'ny-1', '--summary', '--from', day(3)));
    expect(preview).toMatchObject({ saved: false, problems: [] });
    expect(preview.effects.join(' ')).toMatch(/15 tickets already taken in, on 3 days from .* will be summarised/);
    const saved = modeJson.parse(await json('mode', '--location', 'ny-1', '--summary', '--from', day(3), '--yes'));
    expect(saved.saved).toBe(true);
  });

  it('lists the days with their POS totals, newest first, over days ready to post', { timeout: 120_000 }, async () => {
    const { locations } = daysJson.parse(await json('days', '--location', 'ny-1'));
    const [ny] = locations;
    expect(ny).toMatchObject({ locationId: 'ny-1', mode: 'summary', summaryFrom: day(3), today, readBack: { done: false } });
    expect(ny!.days.map((d) => [d.date, d.state, d.stateWords, d.tickets])).toEqual([
      [day(1), 'ready', 'ready', 5], [day(2), 'ready', 'ready', 5], [day(3), 'ready', 'ready', 5]]);
    for (const d of ny!.days) {
      // The receipt's groups add up to zero; the tenders are the money taken.
      expect(Object.values(d.totals ?? {}).reduce((s, m) => s + cents(m), 0)).toBe(0);
      expect(d.tenders.reduce((s, t) => s + cents(t.amount), 0)).toBe(-cents(d.totals!.tenders!));
      expect(cents(d.totals!.sales!)).toBeGreaterThan(0);
      expect(d.documents).toEqual([]);
    }
    // People read the same as a table, here of one day.
    const human = await tillbooks('days', '--location', 'ny-1', '--from', day(2), '--to', day(2));
    expect(human.code, human.output).toBe(0);
    expect(human.stdout).toContain(`ny-1 (${ZONE}), summary from ${day(3)}`);
    expect(human.stdout).toMatch(new RegExp(`${day(2)}\\s+5\\s+\\d+\\.\\d\\d`));
    expect(human.stdout).not.toContain(day(1));
  });

  it('says what switching back would move, and refuses a date that is not one', { timeout: 90_000 }, async () => {
    const back = modeJson.parse(await json('mode', '--location', 'ny-1', '--line-by-line', '--from', day(2)));
    expect(back).toMatchObject({ saved: false, problems: [] });
    expect(back.effects.join(' ')).toMatch(/10 tickets from .* in days not summarised yet, will be posted one by one/);
    const bad = await tillbooks('days', '--location', 'ny-1', '--from', '2026-02-30');
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('--from 2026-02-30: give a date YYYY-MM-DD');
  });
});
