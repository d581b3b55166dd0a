/**
 * Repair from a terminal (issue 16), real processes of the bin on one embedded data folder with
 * the built-in simulator: `sync --dry-run --json` says what the run would post and posts
 * nothing; `undo` refuses the wrong company name,
 * undoes with `--yes --company`, and `audit --json` shows it.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditJson, dryRunJson } from '../../src/cli/commands-repair.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { cliFolder } from '../support/cli-folder.js';
import type { CliFolder } from '../support/cli-folder.js';

let cli: CliFolder;
const yesterday = DateTime.now().setZone('America/New_York').minus({ days: 1 }).toISODate()!;

const tillbooks = (...args: string[]) => cli.run(...args);

beforeAll(async () => {
  cli = await cliFolder('repair');
  await cli.setUp([
    ['location', 'add', 'ny-1', '--name', 'New York', '--time-zone', 'America/New_York'],
    ['connect', '--location', 'ny-1', '--company', 'Repair Co'],
    ['demo-data', '--location', 'ny-1', '--days', '1', '--end', yesterday, '--tickets-per-day', '6'],
  ]);
}, 900_000);
afterAll(async () => {
  await cli?.remove();
});

describe('repair commands', () => {
  it('dry run, then undo confirmed by the company name, then the audit log', { timeout: 900_000 }, async () => {
    const dry = await tillbooks('sync', '--location', 'ny-1', '--dry-run', '--json');
    expect(dry.code, dry.output).toBe(0);
    const report = dryRunJson.parse(JSON.parse(dry.stdout));
    expect(report).toMatchObject({ company: 'Repair Co', initialized: false, locationIds: ['ny-1'] });
    expect(report.documents.find((d) => d.entity === 'Invoice')).toMatchObject({ operation: 'create', documents: expect.any(Number) });
    expect((await tillbooks('sync', '--location', 'ny-1', '--now', '--no-progress')).code).toBe(0);

    const range = ['--from', yesterday, '--to', yesterday, '--location', 'ny-1'];
    expect((await tillbooks('undo', ...range, '--yes', '--company', 'Other Co')).code).toBe(EXIT.notConfirmed);
    const undone = await tillbooks('undo', ...range, '--yes', '--company', 'Repair Co', '--no-progress');
    expect(undone.code, undone.output).toBe(0);
    expect(undone.stdout).toMatch(/undo finished: (\d+) of \1 documents voided or deleted/);

    const audit = await tillbooks('audit', '--json');
    expect(audit.code, audit.output).toBe(0);
    expect(auditJson.parse(JSON.parse(audit.stdout)).entries).toEqual([expect.objectContaining({ action: 'undo', via: 'cli' })]);
  });
});
