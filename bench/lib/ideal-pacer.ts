/**
 * The in-house ideal poster's pacing: it knows QuickBooks' limits exactly (the simulator's)
 * and sends the next batch the moment the sliding minute and the requests in flight allow it.
 * A request counts from when it left until its answer came back plus a minute and `marginMs`:
 * the server admitted it somewhere in between, and no client can know when, so the answer's
 * time is the earliest moment it is surely out of the server's minute. That costs about one
 * latency a minute (1 % here); counting from the send instead met 429s on a loaded machine.
 *
 *   strict:  a batch of n items spends 1 + n of `perMinute`, and one of `batchPerMinute`
 *   lenient: a batch spends 1 of `perMinute`, and one of `batchPerMinute`
 *   a plain request spends 1 of `perMinute` under either
 *
 * Under the lenient reading the poster also sends plain requests while the minute's batches are
 * used up (`tryPlain`): 460 more documents a minute.
 */
import type { Clock } from '../../src/lib/clock.js';

export interface PacerLimits {
  perMinute: number;
  batchPerMinute: number;
  concurrent: number;
  /** The strict reading: batch items count toward perMinute. */
  meterBatchItems: boolean;
  windowMs: number;
}

export const SIMULATOR_LIMITS = { perMinute: 500, batchPerMinute: 40, concurrent: 10, windowMs: 60_000 } as const;

export interface IdealPacer {
  /** Resolves when a batch of `items` may leave now; call the returned function when it is answered. */
  acquire(items: number): Promise<() => void>;
  /** QuickBooks answered 429 anyway: nothing leaves for `ms`. */
  pauseFor(ms: number): void;
  maxInFlight(): number;
  /** A plain request's slot if it may leave now (call the returned function when answered), else null. */
  tryPlain(): (() => void) | null;
  /** Whether a batch of `items` may leave now. */
  batchFitsNow(items: number): boolean;
  /** Resolves when room may have changed: an answer, a window expiry or a pause's end. */
  changed(): Promise<void>;
}

export function makeIdealPacer(l: PacerLimits, clock: Clock, marginMs = 100): IdealPacer {
  // `at`: when the answer came; Infinity while in flight.
  const sent: { at: number; units: number; batch: boolean }[] = [];
  let inFlight = 0;
  let most = 0;
  let pausedUntil = 0;
  let wake: (() => void) | null = null;
  const watchers: (() => void)[] = [];
  const prune = (now: number) => {
    for (let i = sent.length - 1; i >= 0; i--) if (sent[i]!.at + l.windowMs + marginMs <= now) sent.splice(i, 1);
  };
  /** Clock ms until `units` and one more batch fit the window; 0 when they fit now. */
  const waitFor = (units: number, now: number): number => {
    prune(now);
    let used = sent.reduce((a, s) => a + s.units, 0);
    let batches = sent.filter((s) => s.batch).length;
    // Oldest answers leave the window first; the ones in flight last.
    for (const s of [...sent].sort((a, b) => a.at - b.at)) {
      if (used + units <= l.perMinute && batches + 1 <= l.batchPerMinute) break;
      used -= s.units;
      if (s.batch) batches -= 1;
      if (used + units <= l.perMinute && batches + 1 <= l.batchPerMinute) return s.at + l.windowMs + marginMs - now;
    }
    return 0;
  };
  const take = (units: number, batch: boolean) => {
    const entry = { at: Infinity, units, batch };
    sent.push(entry);
    inFlight += 1;
    most = Math.max(most, inFlight);
    return () => {
      entry.at = clock.now();
      inFlight -= 1;
      const w = wake;
      wake = null;
      w?.();
      for (const r of watchers.splice(0)) r();
    };
  };
  return {
    async acquire(items) {
      const units = 1 + (l.meterBatchItems ? items : 0);
      for (;;) {
        const now = clock.now();
        const ms = inFlight >= l.concurrent ? Infinity : Math.max(waitFor(units, now), pausedUntil - now);
        if (ms <= 0) break;
        // Infinity: only an answer frees room (a slot, or a request whose minute can start).
        if (ms === Infinity) await new Promise<void>((r) => { wake = r; });
        else await clock.sleep(ms);
      }
      return take(units, true);
    },
    tryPlain() {
      const now = clock.now();
      prune(now);
      const used = sent.reduce((a, s) => a + s.units, 0);
      return inFlight < l.concurrent && now >= pausedUntil && used + 1 <= l.perMinute ? take(1, false) : null;
    },
    batchFitsNow(items) {
      const now = clock.now();
      return inFlight < l.concurrent && now >= pausedUntil && waitFor(1 + (l.meterBatchItems ? items : 0), now) === 0;
    },
    changed() {
      return new Promise<void>((resolve) => {
        watchers.push(resolve);
        const now = clock.now();
        prune(now);
        const at = Math.max(pausedUntil, Math.min(...sent.map((s) => s.at + l.windowMs + marginMs)));
        if (Number.isFinite(at)) void clock.sleep(Math.max(0, at - now)).then(resolve);
      });
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, clock.now() + ms);
    },
    maxInFlight: () => most,
  };
}
