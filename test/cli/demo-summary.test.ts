/**
 * `npm run demo -- --mode summary` (issue 14, Build 8) as the real `tillbooks demo` process:
 * two stores in summary mode post three days as daily summaries (r1); a late ticket and an
 * edit after posting put one day of each store out of date, and the next run rewrites just
 * those in place (r2). The output ends with every store-day read back from QuickBooks
 * matching the POS, group by group.
 */
import { describe, expect, it } from 'vitest';
import { startTillbooksProcess } from '../support/child-process.js';

describe('tillbooks demo --mode summary', () => {
  it('posts daily summaries, rewrites the late and edited days at r2, and ends with every day matching', { timeout: 180_000 }, async () => {
    const end = await startTillbooksProcess(['demo', '--mode', 'summary', '--tickets-per-day', '8'], { LOG_LEVEL: 'warn' }, '\u0000').exited;
    expect(end.code, end.output).toBe(0);
    const out = end.output;
    // The second run rewrote the two days that changed, and only those.
    expect(out).toMatch(/run \d+ finished: rewrite: 2 days posted, 0 skipped, 0 changed in QuickBooks, 0 pending/);
    // The days tables: 3 days per store, each posted once with a sales receipt; one r2 per store.
    const days = out.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} +\d+ .* posted r\d +SalesReceipt /.test(l));
    expect(days).toHaveLength(6);
    expect(days.filter((l) => l.includes('posted r2')).map((l) => l.match(/\((D-\d{8}-[a-z0-9-]+)\)/)![1]!.replace(/\d{8}/, 'DATE')).sort())
      .toEqual(['D-DATE-brooklyn-1', 'D-DATE-denver-1']);
    // Every reconciliation row is ok, and each store's table says so.
    const recon = out.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} {2}[a-zA-Z]+ +-?[\d,]+\.\d\d +-?[\d,]+\.\d\d +\S+$/.test(l));
    expect(recon.length).toBeGreaterThanOrEqual(6 * 4);
    for (const row of recon) expect(row.endsWith(' ok'), row).toBe(true);
    expect(out.match(/Every day read back matches to the cent \(3 days\)\./g)).toHaveLength(2);
    expect(out.trimEnd().endsWith('Every store-day is in QuickBooks once, rewritten in place where it changed, and matches the POS to the cent.')).toBe(true);
  });
});
