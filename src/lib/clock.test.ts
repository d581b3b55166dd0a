import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { makeManualClock, makeScaledClock, systemClock } from './clock.js';

describe('a sleep on a long-lived signal', () => {
  it('leaves the signal once it ends (a worker sleeps thousands of times on its stop signal)', async () => {
    const stop = new AbortController();
    for (let i = 0; i < 20; i++) await systemClock.sleep(1, stop.signal);
    await makeScaledClock(60).sleep(30, stop.signal);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('leaves it on the manual clock too', async () => {
    const clock = makeManualClock();
    const stop = new AbortController();
    const sleeps = Array.from({ length: 10 }, () => clock.sleep(1_000, stop.signal));
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(10);
    await clock.advance(1_000);
    await Promise.all(sleeps);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('still ends early, rejected, when the signal aborts', async () => {
    const stop = new AbortController();
    const sleeping = systemClock.sleep(60_000, stop.signal);
    stop.abort(new Error('stopping'));
    await expect(sleeping).rejects.toThrow('stopping');
  });
});
