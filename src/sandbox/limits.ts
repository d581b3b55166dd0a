/**
 * QuickBooks' per-company throttles (quickbooks-facts §5): requests per minute, requests in flight, batch
 * requests per minute. Windows slide over 60 s of CLOCK time, so a scaled clock shortens the
 * minute for benchmarks and a manual clock makes a test exact.
 *
 * A refused (429) request does not count toward any window: QuickBooks presumably meters only
 * what it admitted, and it is what makes "600 requests in a minute -> exactly the 100 beyond
 * 500 get 429" hold. The 10 requests/second figure of Intuit's page is enforced only through
 * the concurrency limit, which is how Intuit first announced it (CONC16).
 */
import type { Clock } from '../lib/clock.js';
import type { LimitOptions } from './types.js';

const WINDOW_MS = 60_000;

interface Window {
  entries: { at: number; units: number }[];
  total: number;
}

export interface Admission {
  /** A batch counts in the batch window; `units` is how much of the per-minute budget it spends. */
  batch: boolean;
  units: number;
}

export interface Limiter {
  /** True when admitted (the caller must `release()` once answered); false means 429. */
  admit(request: Admission): boolean;
  release(): void;
  inFlight(): number;
  maxConcurrency(): number;
  /** The most request units / batch requests ever admitted within one sliding minute. */
  maxPerMinute(): number;
  maxBatchesPerMinute(): number;
}

function prune(w: Window, now: number): void {
  let drop = 0;
  while (drop < w.entries.length && (w.entries[drop]?.at ?? Infinity) <= now - WINDOW_MS) {
    w.total -= w.entries[drop]?.units ?? 0;
    drop += 1;
  }
  if (drop > 0) w.entries.splice(0, drop);
}

/** `limits` is read at every admission, so limits changed at run time (sim.setLimits) apply at once. */
export function makeLimiter(limits: () => LimitOptions, clock: Clock): Limiter {
  const requests: Window = { entries: [], total: 0 };
  const batches: Window = { entries: [], total: 0 };
  let inFlight = 0;
  let highest = 0;
  let highestMinute = 0;
  let highestBatchMinute = 0;
  return {
    admit(request) {
      // The windows are kept with the limits off too, so the peaks say what a client sent.
      const now = clock.now();
      const options = limits();
      prune(requests, now);
      prune(batches, now);
      if (options.enabled) {
        if (requests.total + request.units > options.perMinute) return false;
        if (request.batch && batches.total + 1 > options.batchPerMinute) return false;
        if (inFlight + 1 > options.concurrent) return false;
      }
      requests.entries.push({ at: now, units: request.units });
      requests.total += request.units;
      highestMinute = Math.max(highestMinute, requests.total);
      if (request.batch) {
        batches.entries.push({ at: now, units: 1 });
        batches.total += 1;
        highestBatchMinute = Math.max(highestBatchMinute, batches.total);
      }
      inFlight += 1;
      highest = Math.max(highest, inFlight);
      return true;
    },
    release() {
      inFlight = Math.max(0, inFlight - 1);
    },
    inFlight: () => inFlight,
    maxConcurrency: () => highest,
    maxPerMinute: () => highestMinute,
    maxBatchesPerMinute: () => highestBatchMinute,
  };
}
