/**
 * 429s as a scenario child sees them: global fetch wrapped before the product makes its
 * clients, so every QuickBooks answer passes here. An episode is a run of 429s with less than
 * a QuickBooks-minute between them (what one wrong guess of the budget costs).
 */
import type { Clock } from '../../src/lib/clock.js';

export interface ThrottleWatch {
  answers(): number;
  episodes(): number;
}

export function watchThrottles(clock: () => Clock | undefined): ThrottleWatch {
  const at: number[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const res = await original(input, init);
    const c = clock();
    if (res.status === 429 && c) at.push(c.now());
    return res;
  };
  return {
    answers: () => at.length,
    episodes: () => at.filter((t, i) => i === 0 || t - at[i - 1]! >= 60_000).length,
  };
}
