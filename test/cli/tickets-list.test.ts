/**
 * `tillbooks tickets` (issue 18, Build 6) as real processes of the bin on one embedded data
 * folder: the list newest business date first, filtered by state and "needs attention", with
 * `--json` accepted by its schema (ticketsJson), `more` when the limit cut it, and bad flags
 * refused with a usage message, never a stack trace.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketsJson } from '../../src/cli/json-output.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { cliFolder } from '../support/cli-folder.js';
import type { CliFolder } from '../support/cli-folder.js';

let cli: CliFolder;
const yesterday = DateTime.now().setZone('America/New_York').minus({ days: 1 }).toISODate()!;

const tillbooks = (...args: string[]) => cli.run(...args);

beforeAll(async () => {
  cli = await cliFolder('tickets');
  await cli.setUp([
    ['location', 'add', 'ny-1', '--name', 'New York', '--time-zone', 'America/New_York'],
    ['connect', '--location', 'ny-1', '--company', 'List Co'],
    ['demo-data', '--location', 'ny-1', '--days', '2', '--end', yesterday, '--tickets-per-day', '3'],
    ['sync', '--location', 'ny-1', '--now', '--no-progress'],
  ]);
}, 240_000);
afterAll(async () => {
  await cli?.remove();
});

describe('tillbooks tickets', () => {
  it('lists tickets as JSON, newest business date first, with more when the limit cuts', { timeout: 60_000 }, async () => {
    const r = await tillbooks('tickets', '--location', 'ny-1', '--json');
    expect(r.code, r.output).toBe(0);
    const { tickets, more } = ticketsJson.parse(JSON.parse(r.stdout));
    expect(more).toBe(false);
    expect(tickets.length).toBeGreaterThanOrEqual(6);
    expect(tickets[0]!.businessDate).toBe(yesterday);
    const dates = tickets.map((t) => t.businessDate);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(tickets.filter((t) => t.state !== 'void').every((t) => t.state === 'posted' && t.quickBooksNumber !== null && t.needsAttention === null)).toBe(true);
    const cut = ticketsJson.parse(JSON.parse((await tillbooks('tickets', 'list', '--limit', '2', '--json')).stdout));
    expect(cut).toMatchObject({ more: true });
    expect(cut.tickets.map((t) => t.ticketId)).toEqual(tickets.slice(0, 2).map((t) => t.ticketId));
  });

  it('filters by needs attention and state, in words for people', { timeout: 60_000 }, async () => {
    const attention = await tillbooks('tickets', '--attention');
    expect(attention.code, attention.output).toBe(0);
    expect(attention.stdout.trim()).toBe('no ticket needs attention');
    const posted = await tillbooks('tickets', '--state', 'posted', '--limit', '1');
    expect(posted.stdout).toMatch(new RegExp(`^${yesterday} ny-1/\\S+ +[\\d.]+ posted  no\\. \\S+\\n1 ticket, newest business date first; more with --limit or narrower filters\\n$`));
  });

  it('refuses bad flags with a usage message', { timeout: 60_000 }, async () => {
    const bad = await tillbooks('tickets', '--attention', 'lost');
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.output).toContain('--attention lost: give no reason (any), or one of validation, setup, mapping, connection, quota');
    expect(bad.output).not.toContain('    at ');
  });
});
