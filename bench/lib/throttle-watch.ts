/**
 * 429s as a scenario child sees them: every answer as Node reports it on its diagnostics
 * channels, node:http's (the product's transport) and undici's (Node's fetch, which the ideal
 * poster may use), so every QuickBooks answer of the process passes here whichever way it
 * was sent. An episode is a run of 429s with less than a QuickBooks-minute between them
 * (what one wrong guess of the budget costs).
 */
import diagnostics from 'node:diagnostics_channel';
import type { Clock } from '../../src/lib/clock.js';

export interface ThrottleWatch {
  answers(): number;
  episodes(): number;
}

export function watchThrottles(clock: () => Clock | undefined): ThrottleWatch {
  const at: number[] = [];
  const onHeaders = (message: unknown) => {
    const c = clock();
    if ((message as { response?: { statusCode?: number } }).response?.statusCode === 429 && c) at.push(c.now());
  };
  diagnostics.subscribe('undici:request:headers', onHeaders);
  diagnostics.subscribe('http.client.response.finish', onHeaders);
  return {
    answers: () => at.length,
    episodes: () => at.filter((t, i) => i === 0 || t - at[i - 1]! >= 60_000).length,
  };
}
