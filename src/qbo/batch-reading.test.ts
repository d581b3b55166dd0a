import { describe, expect, it } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import { fixedPacing, makeBatchPacing } from './batch-reading.js';
import type { LearnedReading } from './batch-reading.js';
import { makeCompanyLimiter } from './limiter.js';
import type { LimiterCost, Permit } from './limiter.js';

const HOUR = 3_600_000;
const over = { strictUsed: 600, perMinute: 500 };
const under = { strictUsed: 400, perMinute: 500 };

describe('the batch reading of a company', () => {
  it('adaptive: starts lenient, learns strict from a 429 only the strict reading explains, tries lenient again after the period', () => {
    const learned: LearnedReading[] = [];
    const pacing = makeBatchPacing({ setting: 'adaptive', retryAfterMs: 24 * HOUR, onLearn: (l) => learned.push(l) });
    expect(pacing.reading(0)).toBe('lenient');
    expect(pacing.onThrottle(under, 1_000)).toBe(false); // a stray 429: the strict count was within the budget too
    expect(pacing.reading(1_000)).toBe('lenient');
    expect(pacing.onThrottle(over, 2_000)).toBe(true);
    expect(learned).toEqual([{ reading: 'strict', learnedAt: 2_000 }]);
    expect(pacing.reading(2_000 + 23 * HOUR)).toBe('strict');
    expect(pacing.onThrottle(over, 3_000)).toBe(false); // already strict: nothing more to learn
    expect(pacing.reading(2_000 + 24 * HOUR)).toBe('lenient');
  });

  it('takes what the store remembers, the later learning winning, and keeps it when a client brings nothing', () => {
    const pacing = makeBatchPacing({ setting: 'adaptive', retryAfterMs: HOUR, learned: { reading: 'strict', learnedAt: 10 } });
    expect(pacing.reading(20)).toBe('strict');
    pacing.configure({ setting: 'adaptive', retryAfterMs: HOUR, learned: { reading: 'strict', learnedAt: 5 } });
    expect(pacing.learned()).toEqual({ reading: 'strict', learnedAt: 10 });
    pacing.configure({ setting: 'adaptive', retryAfterMs: HOUR, learned: null });
    expect(pacing.reading(20)).toBe('strict');
  });

  it('a setting forces either reading: nothing is learned', () => {
    const lenient = makeBatchPacing({ setting: 'lenient', retryAfterMs: HOUR });
    expect(lenient.onThrottle(over, 1)).toBe(false);
    expect(lenient.reading(1)).toBe('lenient');
    const strict = makeBatchPacing({ setting: 'strict', retryAfterMs: HOUR });
    expect(strict.reading(0)).toBe('strict');
    expect(fixedPacing(false).reading(0)).toBe('lenient');
  });
});

describe('the limiter under each reading', () => {
  const BATCH: LimiterCost = { requests: 1, batch: true, items: 30 };
  const limits = { perMinute: 100, concurrent: 10, batchPerMinute: 40, windowMs: 60_000 };
  const grantedOf = async (setting: 'adaptive' | 'strict') => {
    const clock = makeManualClock();
    // No spacing between batches: what is counted here is the window alone.
    const limiter = makeCompanyLimiter({ limits, clock, pacing: makeBatchPacing({ setting, retryAfterMs: HOUR }), batchSpacingMs: 0 });
    const permits: Permit[] = [];
    for (let i = 0; i < 6; i++) void limiter.acquire(BATCH).then((p) => { permits.push(p); p.release(); });
    await new Promise((r) => setImmediate(r));
    return { clock, limiter, granted: permits.length };
  };

  it('lenient lets a batch count once; strict counts its items; a 429 the strict count explains switches at once', async () => {
    expect((await grantedOf('strict')).granted).toBe(3); // 3 × 31 ≤ 100 < 4 × 31
    const adaptive = await grantedOf('adaptive');
    expect(adaptive.granted).toBe(6);
    expect(adaptive.limiter.stats()).toMatchObject({ reading: 'lenient', windowRequests: 6, windowStrict: 186 });
    adaptive.limiter.pauseFor(60_000);
    expect(adaptive.limiter.stats().reading).toBe('strict');
    expect(adaptive.limiter.pacing.learned()).toEqual({ reading: 'strict', learnedAt: adaptive.clock.now() });
  });
});
