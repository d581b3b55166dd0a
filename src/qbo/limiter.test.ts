import { describe, expect, it } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import type { ManualClock } from '../lib/clock.js';
import { fixedPacing } from './batch-reading.js';
import { makeCompanyLimiter, makeLimiterRegistry } from './limiter.js';
import type { CompanyLimiter, LimiterCost, Permit } from './limiter.js';

const ONE: LimiterCost = { requests: 1, batch: false };
const BATCH: LimiterCost = { requests: 1, batch: true };
const limits = { perMinute: 3, concurrent: 2, batchPerMinute: 1, windowMs: 60_000 };

/** Starts an acquire and reports whether it has been granted yet. */
function track(limiter: CompanyLimiter, cost: LimiterCost = ONE) {
  const state: { permit: Permit | null } = { permit: null };
  void limiter.acquire(cost).then((p) => { state.permit = p; });
  return state;
}
const settle = () => new Promise((r) => setImmediate(r));

function setup(extra: Partial<typeof limits> = {}, margin = 1_000): { clock: ManualClock; limiter: CompanyLimiter } {
  const clock = makeManualClock();
  return { clock, limiter: makeCompanyLimiter({ limits: { ...limits, ...extra }, clock, safetyMarginMs: margin, batchSpacingMs: 0 }) };
}

describe('company limiter', () => {
  it('lets at most `concurrent` requests through at once', async () => {
    const { limiter } = setup({ perMinute: 100 });
    const a = track(limiter); const b = track(limiter); const c = track(limiter);
    await settle();
    expect([!!a.permit, !!b.permit, !!c.permit]).toEqual([true, true, false]);
    a.permit!.release();
    await settle();
    expect(c.permit).not.toBeNull();
    expect(limiter.stats().maxInFlight).toBe(2);
  });

  it('counts the minute from when an answer came back, plus the safety margin', async () => {
    const { clock, limiter } = setup({ concurrent: 10 });
    const first = [track(limiter), track(limiter), track(limiter)];
    await settle();
    await clock.advance(10_000);
    for (const t of first) t.permit!.release();
    const fourth = track(limiter);
    await settle();
    expect(fourth.permit).toBeNull();
    await clock.advance(60_000 + 1_000 - 1); // one ms short of answer + window + margin
    expect(fourth.permit).toBeNull();
    await clock.advance(1);
    expect(fourth.permit).not.toBeNull();
  });

  it('keeps in-flight requests in the window however long they take', async () => {
    const { clock, limiter } = setup({ perMinute: 1, concurrent: 10 });
    const first = track(limiter);
    const second = track(limiter);
    await settle();
    await clock.advance(5 * 60_000);
    expect(second.permit).toBeNull();
    first.permit!.release();
    await clock.advance(61_000);
    expect(second.permit).not.toBeNull();
  });

  it('meters batch requests per minute, and a batch\'s weight toward the request budget', async () => {
    const { clock, limiter } = setup({ perMinute: 10, concurrent: 10, batchPerMinute: 1 });
    const b1 = track(limiter, { requests: 4, batch: true });
    const b2 = track(limiter, BATCH);
    await settle();
    expect(b1.permit).not.toBeNull();
    expect(b2.permit).toBeNull();
    expect(limiter.stats()).toMatchObject({ windowRequests: 4, windowBatches: 1, queued: 1 });
    b1.permit!.release();
    await clock.advance(61_000);
    expect(b2.permit).not.toBeNull();
  });

  it('serves waiters in order: a single request does not overtake a waiting batch', async () => {
    const { clock, limiter } = setup({ perMinute: 10, concurrent: 10, batchPerMinute: 1 });
    const b1 = track(limiter, BATCH);
    const b2 = track(limiter, BATCH);
    const single = track(limiter);
    await settle();
    expect([!!b1.permit, !!b2.permit, !!single.permit]).toEqual([true, false, false]);
    b1.permit!.release();
    await clock.advance(61_000);
    expect([!!b2.permit, !!single.permit]).toEqual([true, true]);
  });

  it('pauses every request of the company after a 429, then resumes', async () => {
    const { clock, limiter } = setup({ perMinute: 100, concurrent: 10 });
    limiter.pauseFor(60_000);
    limiter.pauseFor(1_000); // a shorter pause never shortens the running one
    const t = track(limiter);
    await clock.advance(59_999);
    expect(t.permit).toBeNull();
    await clock.advance(1);
    expect(t.permit).not.toBeNull();
  });

  it('keeps a slot held after a client timeout for as long as asked', async () => {
    const { clock, limiter } = setup({ perMinute: 100, concurrent: 1 });
    const a = track(limiter);
    const b = track(limiter);
    await settle();
    a.permit!.release(60_000);
    await clock.advance(59_999);
    expect(b.permit).toBeNull();
    await clock.advance(1);
    expect(b.permit).not.toBeNull();
  });

  it('never lets a server counting arrivals see more than perMinute in any minute', async () => {
    const clock = makeManualClock();
    const perMinute = 20;
    const limiter = makeCompanyLimiter({ limits: { perMinute, concurrent: 4, batchPerMinute: 40, windowMs: 60_000 }, clock, safetyMarginMs: 0 });
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const arrivals: number[] = [];
    const jobs = Array.from({ length: 90 }, async () => {
      const permit = await limiter.acquire(ONE);
      const latency = Math.floor(rand() * 20_000);
      const arriveAfter = Math.floor(rand() * latency); // anywhere between sending and the answer
      await clock.sleep(arriveAfter);
      arrivals.push(clock.now());
      await clock.sleep(latency - arriveAfter);
      permit.release();
    });
    let done = false;
    void Promise.all(jobs).then(() => { done = true; });
    for (let i = 0; i < 100_000 && !done; i++) await clock.advance(250);
    expect(done).toBe(true);
    expect(arrivals).toHaveLength(90);
    arrivals.sort((x, y) => x - y);
    for (let i = 0; i < arrivals.length; i++) {
      const inWindow = arrivals.filter((a) => a > arrivals[i]! - 60_000 && a <= arrivals[i]!).length;
      expect(inWindow).toBeLessThanOrEqual(perMinute);
    }
  });
});

describe('batch spacing', () => {
  it('lets batches out at least batchSpacingMs apart although the window would take them at once; plain requests are not held', async () => {
    const clock = makeManualClock();
    const limiter = makeCompanyLimiter({ limits: { perMinute: 500, concurrent: 10, batchPerMinute: 40, windowMs: 60_000 }, clock, batchSpacingMs: 250 });
    const batches = [track(limiter, BATCH), track(limiter, BATCH), track(limiter, BATCH)];
    await settle();
    expect(batches.map((b) => !!b.permit)).toEqual([true, false, false]);
    await clock.advance(249);
    expect(batches[1]!.permit).toBeNull();
    await clock.advance(1);
    expect(batches.map((b) => !!b.permit)).toEqual([true, true, false]);
    const plain = track(limiter);
    await settle();
    expect(plain.permit).toBeNull(); // behind the batch in line, which goes first
    await clock.advance(250);
    expect([!!batches[2]!.permit, !!plain.permit]).toEqual([true, true]);
  });
});

describe('a stopped gate', () => {
  function gate() {
    const abort = new AbortController();
    let stop = false;
    return { stop: () => { stop = true; }, abort: () => abort.abort(), gate: { stopped: () => stop || abort.signal.aborted, signal: abort.signal } };
  }

  it('refuses waiting requests as QBO_NOT_SENT when it closes, and lets requests of other gates through', async () => {
    const { limiter } = setup({ perMinute: 100, concurrent: 1 });
    const first = await limiter.acquire(ONE);
    const g = gate();
    const waiting = [limiter.acquire(ONE, g.gate), limiter.acquire(ONE, g.gate)].map((p) => p.then(() => 'granted', (e: Error & { code?: string }) => e.code));
    const other = track(limiter);
    g.abort();
    expect(await Promise.all(waiting)).toEqual(['QBO_NOT_SENT', 'QBO_NOT_SENT']);
    first.release();
    await settle();
    expect(other.permit).not.toBeNull();
    expect(limiter.stats()).toMatchObject({ queued: 0, granted: 2 });
    await expect(limiter.acquire(ONE, g.gate)).rejects.toMatchObject({ code: 'QBO_NOT_SENT' });
  });

  it('tells the gate when a request has joined the line: granted at once, waiting, or refused', async () => {
    const { limiter } = setup({ perMinute: 100, concurrent: 1 });
    const g = gate();
    let told = 0;
    const watched = { ...g.gate, inLine: () => { told += 1; } };
    const first = limiter.acquire(ONE, watched);
    expect(told).toBe(1); // granted: counted in the limiter before the caller's next choice
    const second = limiter.acquire(ONE, watched);
    expect(told).toBe(2); // waiting for the slot
    expect(limiter.stats()).toMatchObject({ inFlight: 1, queued: 1 });
    g.stop();
    await expect(limiter.acquire(ONE, watched)).rejects.toMatchObject({ code: 'QBO_NOT_SENT' });
    expect(told).toBe(3);
    (await first).release();
    await expect(second).rejects.toMatchObject({ code: 'QBO_NOT_SENT' });
  });

  it('is asked at the moment of granting: a stop seen only by stopped() still lets nothing out', async () => {
    const { clock, limiter } = setup({ perMinute: 1, concurrent: 10 });
    (await limiter.acquire(ONE)).release();
    const g = gate();
    const waiting = limiter.acquire(ONE, g.gate).then(() => 'granted', (e: Error & { code?: string }) => e.code);
    await settle();
    g.stop(); // no abort event: the grant itself must look
    await clock.advance(61_000);
    expect(await waiting).toBe('QBO_NOT_SENT');
    expect(limiter.stats().granted).toBe(1);
  });
});

describe('limiter registry', () => {
  it('gives every client of a company the same limiter, and different companies different ones', () => {
    const registry = makeLimiterRegistry();
    const clock = makeManualClock();
    const opts = { limits, clock };
    expect(registry.forCompany('1', opts)).toBe(registry.forCompany('1', opts));
    expect(registry.forCompany('1', opts)).not.toBe(registry.forCompany('2', opts));
  });

  it('says whether a batch or a plain request would go at once, and wakes a watcher when the window frees', async () => {
    const clock = makeManualClock();
    const limiter = makeCompanyLimiter({ limits: { perMinute: 5, concurrent: 3, batchPerMinute: 1, windowMs: 60_000 }, clock, safetyMarginMs: 0,
      batchSpacingMs: 0, pacing: fixedPacing(false) });
    const batch30: LimiterCost = { requests: 1, batch: true, items: 30 };
    expect(limiter.admits(batch30)).toBe(true);
    (await limiter.acquire(batch30)).release();
    // Lenient: the minute's one batch is used, 4 of its 5 requests are not.
    expect(limiter.admits(batch30)).toBe(false);
    expect(limiter.admits(ONE)).toBe(true);
    let woke = false;
    void limiter.changed().then(() => { woke = true; });
    await clock.advance(59_000);
    await settle();
    expect(woke).toBe(false);
    await clock.advance(1_000);
    await settle();
    expect(woke).toBe(true);
    expect(limiter.admits(batch30)).toBe(true);
    // During a 429's pause nothing is admitted.
    limiter.pauseFor(10_000);
    expect(limiter.admits(ONE)).toBe(false);
  });
});
