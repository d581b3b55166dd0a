/**
 * A run handed back (its worker stopped, or a crash took its lease) goes on as a continuation
 * with the tickets still pending, and its own counts start again from zero. A command that
 * followed the whole chain reports the whole sync (issue 18: "run 5 finished: 846 posted" for
 * 1,746): the counts of the runs that ended added up, plus the one going on. What is still
 * pending is the last run's alone (the earlier runs' pending tickets are the later runs' scope).
 */
import type { RunCounts } from '../domain/run.js';

type Counted = RunCounts & { id: number };

export interface RunChain {
  /** Takes the latest view of a run of the chain (the same run again, or its continuation). */
  see(run: Counted): RunCounts;
  /** The runs seen, first to last. */
  readonly ids: number[];
  totals(): RunCounts;
}

const ZERO: RunCounts = { total: 0, done: 0, posted: 0, skipped: 0, pending: 0, voided: 0, httpRequests: 0 };

export function makeRunChain(): RunChain {
  const ids: number[] = [];
  let ended: RunCounts = { ...ZERO };
  let current: Counted | null = null;
  const totals = (): RunCounts => {
    const c = current ?? { ...ZERO, id: 0 };
    return {
      total: ended.done + c.total, done: ended.done + c.done, posted: ended.posted + c.posted, skipped: ended.skipped + c.skipped,
      pending: c.pending, voided: ended.voided + c.voided, httpRequests: ended.httpRequests + c.httpRequests,
    };
  };
  return {
    ids,
    see(run) {
      if (current && current.id !== run.id) {
        if (ids.includes(run.id)) return totals();
        ended = { ...totals(), total: 0, pending: 0 };
      }
      if (!ids.includes(run.id)) ids.push(run.id);
      const { total, done, posted, skipped, pending, voided, httpRequests } = run;
      current = { id: run.id, total, done, posted, skipped, pending, voided, httpRequests };
      return totals();
    },
    totals,
  };
}
