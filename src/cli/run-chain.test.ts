import { describe, expect, it } from 'vitest';
import { makeRunChain } from './run-chain.js';

const run = (id: number, c: Partial<Record<'total' | 'done' | 'posted' | 'skipped' | 'pending' | 'voided' | 'httpRequests', number>>) =>
  ({ id, total: 0, done: 0, posted: 0, skipped: 0, pending: 0, voided: 0, httpRequests: 0, ...c });

describe('a run and its continuations, as one sync', () => {
  it('adds up the runs that ended and the one going on; pending is the last run\'s', () => {
    const chain = makeRunChain();
    chain.see(run(1, { total: 1746, done: 300, posted: 300, httpRequests: 10 }));
    // Handed back after 900 posted; 846 left pending for the continuation.
    chain.see(run(1, { total: 1746, done: 900, posted: 898, skipped: 2, pending: 846, httpRequests: 30 }));
    expect(chain.see(run(5, { total: 846, done: 0 }))).toEqual({ total: 1746, done: 900, posted: 898, skipped: 2, pending: 0, voided: 0, httpRequests: 30 });
    const end = chain.see(run(5, { total: 846, done: 846, posted: 846, httpRequests: 25 }));
    expect(end).toEqual({ total: 1746, done: 1746, posted: 1744, skipped: 2, pending: 0, voided: 0, httpRequests: 55 });
    expect(chain.ids).toEqual([1, 5]);
    // A late view of an earlier run changes nothing.
    expect(chain.see(run(1, { total: 1746, done: 900, posted: 898 }))).toEqual(end);
  });

  it('is the run itself when there is no continuation', () => {
    const chain = makeRunChain();
    expect(chain.see(run(3, { total: 3, done: 3, posted: 3, httpRequests: 4 })))
      .toEqual({ total: 3, done: 3, posted: 3, skipped: 0, pending: 0, voided: 0, httpRequests: 4 });
  });
});
