import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import { makeCompanyLimiter } from './limiter.js';
import type { LimiterCost, SendGate } from './limiter.js';

// A collection on demand: new contexts get `gc` once the flag is set.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const ONE: LimiterCost = { requests: 1, batch: false };
const nextTurn = () => new Promise((r) => setImmediate(r));

describe('company limiter memory', () => {
  it('keeps a finished request in the minute by its counts, not its gate and what the gate holds', async () => {
    const limiter = makeCompanyLimiter({
      limits: { perMinute: 1, concurrent: 10, batchPerMinute: 40, windowMs: 60_000 }, clock: makeManualClock(), safetyMarginMs: 0, batchSpacingMs: 0,
    });
    // A run's gate leads to the documents of the request it let through (pipeline.ts); a window
    // entry holding it kept every request's documents for as long as the run lasted.
    const sent = async (): Promise<WeakRef<SendGate>> => {
      const gate = { stopped: () => false, signal: new AbortController().signal, documents: Array.from({ length: 1_000 }, (_, i) => ({ line: i })) };
      (await limiter.acquire(ONE, gate)).release();
      return new WeakRef(gate);
    };
    const gate = await sent();
    await nextTurn();
    gc();
    expect(gate.deref()).toBeUndefined();
    // Still counted: the minute's one request is used up.
    expect(limiter.admits(ONE)).toBe(false);
  });
});
