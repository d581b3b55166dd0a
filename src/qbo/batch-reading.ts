/**
 * Which reading of Intuit's limits a company's pacing follows (quickbooks-facts §5): whether
 * each item of a batch also counts toward the 500 requests a minute (strict) or a batch counts
 * once (lenient). Nobody outside Intuit knows, and it may differ by company or change, so by
 * default (adaptive) a company starts lenient - the faster one - and learns strict from a 429
 * that only the strict reading explains: QuickBooks throttled although the lenient count was
 * within the budget while the strict count was over it. A learned strict reading is kept with
 * when it was learned and tried lenient again after `retryAfterMs`. A setting forces either.
 */

export type BatchReading = 'strict' | 'lenient';
export type BatchReadingSetting = 'adaptive' | BatchReading;

/** What a company learned: QuickBooks meters its batch items (the strict reading), since `learnedAt`. */
export interface LearnedReading {
  reading: 'strict';
  /** Epoch ms, clock time. */
  learnedAt: number;
}

export interface BatchReadingOptions {
  setting: BatchReadingSetting;
  /** How long a learned strict reading holds before lenient is tried again (clock ms). */
  retryAfterMs: number;
  /** What the store remembers for the company (another process, an earlier start); null: nothing. */
  learned?: LearnedReading | null;
  /** Told when the company learned the strict reading, to remember it. */
  onLearn?: (learned: LearnedReading) => void;
}

export interface BatchPacing {
  /** The reading in force at `now`. */
  reading(now: number): BatchReading;
  /**
   * QuickBooks answered 429. Under the lenient reading, when the requests of the window counted
   * strictly were over the budget, the strict reading explains it: the company switches to it.
   * Returns true when it switched.
   */
  onThrottle(window: { strictUsed: number; perMinute: number }, now: number): boolean;
  /** A client of the company brings the setting and what the store remembers (a later learning wins). */
  configure(opts: BatchReadingOptions): void;
  learned(): LearnedReading | null;
}

/** Twenty-four hours: a learned reading is tried again once a day. */
export const DEFAULT_READING_RETRY_MS = 24 * 60 * 60 * 1000;

export function makeBatchPacing(initial: BatchReadingOptions): BatchPacing {
  let opts = initial;
  let learned: LearnedReading | null = initial.learned ?? null;
  const reading = (now: number): BatchReading => {
    if (opts.setting !== 'adaptive') return opts.setting;
    return learned !== null && now - learned.learnedAt < opts.retryAfterMs ? 'strict' : 'lenient';
  };
  return {
    reading,
    onThrottle(window, now) {
      if (opts.setting !== 'adaptive' || reading(now) === 'strict') return false;
      // Over the budget only when items count: the reading is the cause, not a stray 429.
      if (window.strictUsed <= window.perMinute) return false;
      learned = { reading: 'strict', learnedAt: now };
      opts.onLearn?.(learned);
      return true;
    },
    configure(next) {
      opts = { ...next, onLearn: next.onLearn ?? opts.onLearn };
      if (next.learned && (!learned || next.learned.learnedAt > learned.learnedAt)) learned = next.learned;
    },
    learned: () => learned,
  };
}

/** The fixed pacing of a provider's `meterBatchItems` (strict when true), for clients given no setting. */
export function fixedPacing(strict: boolean): BatchPacing {
  return makeBatchPacing({ setting: strict ? 'strict' : 'lenient', retryAfterMs: DEFAULT_READING_RETRY_MS });
}
