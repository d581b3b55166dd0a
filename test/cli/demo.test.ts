/**
 * `npm run demo` (issue 13): two stores in one QuickBooks company, each with its own Class and
 * QuickBooks Location through the saved mapping; the reconciliation table shows each row's
 * class and a total per class, QuickBooks' side read back from the ClassRef each document
 * carries, matching the POS to the cent. Run as the real `tillbooks demo` process, on a
 * small day so it stays quick.
 */
import { describe, expect, it } from 'vitest';
import { startTillbooksProcess } from '../support/child-process.js';

describe('tillbooks demo', () => {
  it('posts two stores of one company under their own classes and reconciles per class to the cent', { timeout: 180_000 }, async () => {
    const end = await startTillbooksProcess(['demo', '--days', '1', '--tickets-per-day', '12'], { LOG_LEVEL: 'warn' }, '\u0000').exited;
    expect(end.code, end.output).toBe(0);
    const out = end.output;
    expect(out).toContain('denver-1: class "Larimer St", location "Denver, CO"');
    expect(out).toContain('brooklyn-1: class "Smith St", location "Brooklyn, NY"');
    // Every row names its store's class; every amount matches.
    const rows = out.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} {2}/.test(l));
    expect(rows.length).toBeGreaterThan(4);
    for (const row of rows) {
      expect(row).toMatch(row.includes('denver-1') ? /denver-1\s+Larimer St\s/ : /brooklyn-1\s+Smith St\s/);
      expect(row.endsWith('✓'), row).toBe(true);
    }
    // The per-class totals: POS and QuickBooks equal and not zero.
    const perClass = out.split('\n').filter((l) => /^(Larimer St|Smith St)\s+sales − refunds, all dates/.test(l));
    expect(perClass).toHaveLength(2);
    for (const line of perClass) {
      const [pos, qbo] = line.match(/-?[\d,]+\.\d{2}/g)!;
      expect(pos).toBe(qbo);
      expect(pos).not.toBe('0.00');
      expect(line.endsWith('✓')).toBe(true);
    }
    expect(out).toMatch(/All \d+ tickets are in QuickBooks exactly once; every total matches to the cent\./);
  });
});
