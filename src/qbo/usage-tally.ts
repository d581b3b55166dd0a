/**
 * Usage events gathered in memory per company and calendar month (UTC), so the store is
 * written once per page, run or shutdown rather than once per request. `drain()` hands over
 * what accumulated and starts afresh; `restore()` puts a drained batch back when writing it
 * failed, so nothing counted is lost to a passing database error.
 */
import type { UsageEvent, UsageSink } from './metering.js';

export interface UsageDelta {
  realmId: string;
  /** 'YYYY-MM', UTC. */
  month: string;
  reads: number;
  writes: number;
  oauth: number;
  /** The last read refused by the quota, epoch ms; null when none in this delta. */
  blockedAt: number | null;
  /** The last successful read, epoch ms: a read that worked after a block means the block was lifted. */
  lastReadAt: number | null;
}

export interface UsageTally extends UsageSink {
  drain(): UsageDelta[];
  restore(deltas: readonly UsageDelta[]): void;
  /** Deltas not drained yet (for tests and a shutdown log line). */
  pending(): number;
}

export const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

const later = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

export function makeUsageTally(): UsageTally {
  let rows = new Map<string, UsageDelta>();
  const rowFor = (realmId: string, month: string): UsageDelta => {
    const key = `${realmId}\u0000${month}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { realmId, month, reads: 0, writes: 0, oauth: 0, blockedAt: null, lastReadAt: null }));
    return row;
  };
  const merge = (d: UsageDelta) => {
    const row = rowFor(d.realmId, d.month);
    row.reads += d.reads;
    row.writes += d.writes;
    row.oauth += d.oauth;
    row.blockedAt = later(row.blockedAt, d.blockedAt);
    row.lastReadAt = later(row.lastReadAt, d.lastReadAt);
  };
  return {
    record(e: UsageEvent) {
      merge({
        realmId: e.realmId, month: monthOf(e.atMs), reads: e.reads, writes: e.writes, oauth: e.oauth,
        blockedAt: e.quotaBlocked ? e.atMs : null, lastReadAt: e.reads > 0 ? e.atMs : null,
      });
    },
    drain() {
      const out = [...rows.values()];
      rows = new Map();
      return out;
    },
    restore(deltas) {
      for (const d of deltas) merge(d);
    },
    pending: () => rows.size,
  };
}
