/**
 * Backfill from a terminal (issue 16, Build 5), real processes of the bin on one embedded data
 * folder with the built-in simulator: `import FILE --from D` takes the whole history, makes D the
 * location's start date, says how many tickets and documents it will post and the ETA QuickBooks'
 * limits allow, shows a progress bar with the ETA while the run posts, and posts every ticket
 * from D on - none before it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketsJson } from '../../src/cli/json-output.js';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { startTillbooksProcess } from '../support/child-process.js';

let dataDir: string;
let env: Record<string, string>;
const yesterday = DateTime.now().setZone('America/New_York').minus({ days: 1 });
const from = yesterday.minus({ days: 1 }).toISODate()!;

async function tillbooks(...args: string[]): Promise<{ code: number | null; output: string; stdout: string }> {
  return startTillbooksProcess(args, env, '\u0000').exited;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tillbooks-backfill-'));
  env = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', TILLBOOKS_DEMO: 'false', SIMULATOR_PORT: '0' };
  const dates = [2, 1, 0].map((d) => yesterday.minus({ days: d }).toISODate()!);
  const history = generateDemoTickets({ seed: 1, dates, ticketsPerDay: 8, locations: [{ id: 'ny-1', timeZone: 'America/New_York' }] });
  await writeFile(path.join(dataDir, 'history.ndjson'), [...history].map((t) => `${JSON.stringify(t)}\n`).join(''));
  for (const args of [
    ['location', 'add', 'ny-1', '--name', 'New York', '--time-zone', 'America/New_York'],
    ['connect', '--location', 'ny-1', '--company', 'Backfill Co'],
  ]) {
    const r = await tillbooks(...args);
    expect(r.code, `${args.join(' ')}\n${r.output}`).toBe(0);
  }
}, 600_000);
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('import --from', () => {
  it('posts the history from the date on, with a progress bar and an ETA from the limits', { timeout: 600_000 }, async () => {
    const r = await tillbooks('import', path.join(dataDir, 'history.ndjson'), '--from', from);
    expect(r.code, r.output).toBe(0);
    expect(r.stdout).toContain(`ny-1: start date ${from} (tickets dated before it are kept and never posted)`);
    const line = /backfill from (\S+): (\d+) tickets, about (\d+) documents to write \(run (\d+)\); QuickBooks takes 500 requests and 40 batches a minute from a company: ETA (.+)/
      .exec(r.stdout);
    expect(line, r.output).not.toBeNull();
    const [, date, tickets, documents, runId, eta] = line!;
    expect(date).toBe(from);
    // A few dozen documents are a fraction of one minute's budget.
    expect(eta).toBe('less than a minute');
    // The bar (plain lines when the output is not a terminal), with its ETA.
    expect(r.output).toMatch(new RegExp(`backfill \\[[^\\]]*\\] \\d+/${tickets} tickets \\| \\d+ posted \\| \\d+ requests \\| ETA (less than a minute left|nothing left to post)`));
    expect(r.stdout).toMatch(new RegExp(`backfill done \\(run ${runId}\\): ${tickets} posted, 0 voided, 0 skipped, 0 still pending`));
    expect(Number(documents)).toBeGreaterThan(Number(tickets));

    const listed = await tillbooks('tickets', '--location', 'ny-1', '--limit', '500', '--json');
    expect(listed.code, listed.output).toBe(0);
    const all = ticketsJson.parse(JSON.parse(listed.stdout)).tickets;
    // A ticket voided before it was ever posted needs nothing in QuickBooks (its state is void from the start).
    const due = all.filter((t) => t.businessDate >= from && t.state !== 'void');
    expect(due.length).toBe(Number(tickets));
    expect(due.every((t) => t.state === 'posted')).toBe(true);
    const before = all.filter((t) => t.businessDate < from && t.state !== 'void');
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((t) => t.state === 'pending')).toBe(true);
  });
});
