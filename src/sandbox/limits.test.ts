/**
 * Issue item 8 and the throttle acceptance: per-company limits over a sliding minute of clock
 * time (a manual clock here, so counts are exact), answered with QuickBooks' XML 429.
 */
import { describe, expect, it } from 'vitest';
import type { ManualClock } from '../lib/clock.js';
import { makeManualClock, makeScaledClock } from '../lib/clock.js';
import type { Answer, CompanyClient } from './test-support/harness.js';
import { startHarness, useHarness } from './test-support/harness.js';

const clock: ManualClock = makeManualClock();
const t = useHarness({ clock });

/** `n` cheap reads, at most 8 in flight (under the concurrency limit). */
async function reads(c: CompanyClient, n: number): Promise<Answer[]> {
  const out: Answer[] = [];
  for (let i = 0; i < n; i += 8) {
    const chunk = Array.from({ length: Math.min(8, n - i) }, () => c.call('GET', 'preferences'));
    out.push(...(await Promise.all(chunk)));
  }
  return out;
}

const statuses = (answers: Answer[]) => ({ ok: answers.filter((a) => a.status === 200).length, throttled: answers.filter((a) => a.status === 429).length });

describe('requests per minute', () => {
  it('600 requests inside one minute: exactly the 100 beyond 500 get 429', async () => {
    const c = t.h.company();
    const answers = await reads(c, 600);
    expect(statuses(answers)).toEqual({ ok: 500, throttled: 100 });
    expect(answers.slice(0, 500).every((a) => a.status === 200)).toBe(true);
    const last = answers[599] as Answer;
    expect(last.headers.get('content-type')).toContain('application/xml');
    expect(last.text).toContain('<Error code="3001"');
    expect(last.text).toContain('message=ThrottleExceeded; errorCode=003001; statusCode=429');
    expect(t.h.sim.counters(c.realmId)).toMatchObject({ requests: 600, throttled: 100 });
    await clock.advance(60_000);
    expect((await c.call('GET', 'preferences')).status).toBe(200);
  });

  it('slides: requests leave the window 60 s after they were admitted', async () => {
    const c = t.h.company();
    expect(statuses(await reads(c, 300))).toEqual({ ok: 300, throttled: 0 });
    await clock.advance(30_000);
    expect(statuses(await reads(c, 201))).toEqual({ ok: 200, throttled: 1 });
    await clock.advance(30_000);
    expect(statuses(await reads(c, 301))).toEqual({ ok: 300, throttled: 1 });
    // The peak minute is what was admitted (the 30 s of 200 plus the next 300), never the refused.
    expect(t.h.sim.counters(c.realmId).maxPerMinute).toBe(500);
  });

  it('is per company', async () => {
    const a = t.h.company();
    const b = t.h.company();
    expect(statuses(await reads(a, 501))).toEqual({ ok: 500, throttled: 1 });
    expect(statuses(await reads(b, 10))).toEqual({ ok: 10, throttled: 0 });
  });
});

describe('batches', () => {
  const batchOf = (c: CompanyClient, n: number) =>
    c.call('POST', 'batch', { BatchItemRequest: Array.from({ length: n }, (_, i) => ({ bId: String(i), Query: 'SELECT COUNT(*) FROM Item' })) });

  it('meters every batch item against the 500 per minute by default', async () => {
    const c = t.h.company();
    for (let i = 0; i < 16; i += 1) expect((await batchOf(c, 30)).status).toBe(200); // 16 x (1 + 30) = 496
    expect((await batchOf(c, 30)).status).toBe(429);
    expect((await batchOf(c, 3)).status).toBe(200); // 496 + 4 = 500
    expect((await c.call('GET', 'preferences')).status).toBe(429);
  });

  it('allows 40 batch requests per minute', async () => {
    const unmetered = await startHarness({ clock, limits: { meterBatchItems: false } });
    try {
      const c = unmetered.company();
      for (let i = 0; i < 40; i += 1) expect((await batchOf(c, 30)).status).toBe(200);
      expect((await batchOf(c, 1)).status).toBe(429);
      expect((await c.call('GET', 'preferences')).status).toBe(200);
      expect(unmetered.sim.counters(c.realmId)).toMatchObject({ maxBatchesPerMinute: 40, maxPerMinute: 41 });
      await clock.advance(60_000);
      expect((await batchOf(c, 1)).status).toBe(200);
    } finally {
      await unmetered.close();
    }
  });
});

describe('concurrency', () => {
  it('answers 429 to the 11th request in flight', async () => {
    const c = t.h.company();
    // Each request is held 1 s (real time), so all 15 are in flight together.
    t.h.sim.setFaults(c.realmId, { latencyMs: 1000 });
    const answers = await Promise.all(Array.from({ length: 15 }, () => c.call('GET', 'preferences')));
    expect(statuses(answers)).toEqual({ ok: 10, throttled: 5 });
    expect(t.h.sim.counters(c.realmId).maxConcurrency).toBe(10);
  });
});

describe('limits off', () => {
  it('admits everything', async () => {
    const free = await startHarness({ clock, limits: { enabled: false } });
    try {
      expect(statuses(await reads(free, 520))).toEqual({ ok: 520, throttled: 0 });
      // The peaks still say what a client sent, which is how tests check a client kept the limits.
      expect(free.sim.counters(free.realmId).maxPerMinute).toBe(520);
    } finally {
      await free.close();
    }
  });
});

describe('time scale', () => {
  it('with a 60x clock a QuickBooks minute passes in a real second', async () => {
    const scaled = makeScaledClock(60);
    const fast = await startHarness({ clock: scaled, limits: { perMinute: 20 } });
    try {
      expect(statuses(await reads(fast, 21))).toEqual({ ok: 20, throttled: 1 });
      await scaled.sleep(60_000);
      expect((await fast.call('GET', 'preferences')).status).toBe(200);
    } finally {
      await fast.close();
    }
  });
});
