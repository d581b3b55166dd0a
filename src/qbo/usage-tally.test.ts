import { describe, expect, it } from 'vitest';
import { makeUsageTally, monthOf } from './usage-tally.js';

const at = (iso: string) => Date.parse(iso);
const event = (iso: string, e: { reads?: number; writes?: number; quotaBlocked?: boolean }, realmId = 'r1') =>
  ({ realmId, atMs: at(iso), reads: e.reads ?? 0, writes: e.writes ?? 0, oauth: 0, quotaBlocked: e.quotaBlocked ?? false });

describe('the usage tally', () => {
  it('adds up per company and calendar month in UTC, and starts afresh once drained', () => {
    const tally = makeUsageTally();
    tally.record(event('2026-11-30T23:59:59Z', { reads: 2 }));
    tally.record(event('2026-12-01T00:00:00Z', { reads: 1, writes: 5 }));
    tally.record(event('2026-12-01T08:00:00Z', { reads: 1 }, 'r2'));
    tally.record(event('2026-12-02T00:00:00Z', { writes: 3 }));
    expect(monthOf(at('2026-12-01T00:00:00Z'))).toBe('2026-12');
    const rows = tally.drain();
    expect(rows.map((r) => [r.realmId, r.month, r.reads, r.writes])).toEqual([
      ['r1', '2026-11', 2, 0], ['r1', '2026-12', 1, 8], ['r2', '2026-12', 1, 0],
    ]);
    expect(tally.pending()).toBe(0);
    tally.restore(rows);
    expect(tally.drain()).toEqual(rows);
  });

  it('keeps the last block and the last successful read, so the store can tell blocked from lifted', () => {
    const tally = makeUsageTally();
    tally.record(event('2026-12-03T10:00:00Z', { reads: 1 }));
    tally.record(event('2026-12-03T11:00:00Z', { quotaBlocked: true }));
    expect(tally.drain()[0]).toMatchObject({ blockedAt: at('2026-12-03T11:00:00Z'), lastReadAt: at('2026-12-03T10:00:00Z') });
    tally.record(event('2026-12-03T12:00:00Z', { quotaBlocked: true }));
    tally.record(event('2026-12-03T13:00:00Z', { reads: 1 }));
    expect(tally.drain()[0]).toMatchObject({ blockedAt: at('2026-12-03T12:00:00Z'), lastReadAt: at('2026-12-03T13:00:00Z') });
  });
});
