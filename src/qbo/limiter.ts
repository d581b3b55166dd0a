/**
 * The per-company rate limiter: at most `concurrent` requests in flight, at most `perMinute`
 * requests and `batchPerMinute` batch requests in any sliding window, all in CLOCK time (the
 * injected clock), so a scaled clock makes a QuickBooks minute last a second in benchmarks.
 *
 * How the window is kept safely: a request occupies its window slot from the moment it is
 * let through until `windowMs + safetyMarginMs` after its answer came back, not after it was
 * sent. QuickBooks counts a request when it arrives, which lies between the two, so however
 * slow the network was, a request we consider expired has also left the server's window.
 * The margin only has to cover timer and clock-rate slack.
 *
 * Several processes: this limiter is per process. The sync engine runs one run per company
 * at a time across all processes (server mode: one graphile-worker queue per company, see
 * src/jobs/job-queue.ts; embedded: one process), and only that run posts for the company, so
 * per-process accounting is the whole truth. Anything else that calls QuickBooks for a
 * company (Initialize from a page, the CLI) adds a few dozen requests beside it and accepts
 * that a 429 may happen, which the client absorbs (pause 60 s, retry).
 */
import type { Clock } from '../lib/clock.js';
import { fixedPacing } from './batch-reading.js';
import type { BatchPacing } from './batch-reading.js';
import { QboNotSentError } from './errors.js';
import type { QboLimits } from './provider.js';

/**
 * The caller's say on whether a request may still go out: once `stopped()` is true nothing more
 * is sent (a run stopping at SIGTERM or a lost lease), and `signal` wakes those waiting for a slot.
 */
export interface SendGate {
  stopped(): boolean;
  readonly signal: AbortSignal;
  /**
   * Told when a request of this gate joins the company's line (granted at once or waiting), or is
   * refused there. Until then the limiter cannot count it: a caller choosing what to send next by
   * `admits` waits for it (pipeline.ts), or two batches would be sent for the minute's last slot.
   */
  inLine?(): void;
}

export interface LimiterCost {
  /** How many requests this counts as toward `perMinute` whatever the reading (1 for a request or a batch's envelope). */
  requests: number;
  batch: boolean;
  /** A batch's items: they count toward `perMinute` too under the strict reading (batch-reading.ts). */
  items?: number;
}

export interface Permit {
  /** Frees the concurrency slot and starts the window countdown. `holdMs` keeps both for
   *  longer: after a client timeout the server may still be working on the request. */
  release(holdMs?: number): void;
}

export interface LimiterStats {
  inFlight: number;
  maxInFlight: number;
  windowRequests: number;
  windowBatches: number;
  /** The window counted under the strict reading (batch items too). */
  windowStrict: number;
  reading: 'strict' | 'lenient';
  queued: number;
  granted: number;
  pausedUntil: number;
  /** What the first request in line waits for, and until when (clock ms): a 429's pause, or the minute's budget. */
  waiting: LimiterWait | null;
}

export interface LimiterWait {
  reason: 'throttled' | 'per-minute';
  until: number;
}

export interface CompanyLimiter {
  /** Waits for a slot; refused with QboNotSentError once the gate is stopped (never granted after that). */
  acquire(cost: LimiterCost, gate?: SendGate): Promise<Permit>;
  /**
   * QuickBooks answered 429: stop letting requests through for `ms`; extends, never shortens, a
   * pause. The reading learns from it first (a 429 only the strict reading explains).
   */
  pauseFor(ms: number): void;
  stats(): LimiterStats;
  /** Which reading of batch metering paces this company (batch-reading.ts). */
  readonly pacing: BatchPacing;
  /**
   * Whether a request of this cost would be let through at once: nobody in line, no pause, a
   * slot free and room in the window under the company's reading. For a caller choosing what to
   * send next (pipeline.ts: a plain request where the minute's batches are used up).
   */
  admits(cost: LimiterCost): boolean;
  /** Resolves at the next change that may let a request through (a release, a window expiry, a pause's end). */
  changed(): Promise<void>;
}

export interface LimiterOptions {
  limits: Pick<QboLimits, 'perMinute' | 'concurrent' | 'batchPerMinute' | 'windowMs'>;
  clock: Clock;
  /**
   * Extra time a finished request stays in the window. Default 100 ms (0.17 % of a minute), as
   * the in-house ideal poster: the window already counts from the answer, after QuickBooks
   * counted the request, so the margin only covers timer and clock-rate slack.
   */
  safetyMarginMs?: number;
  /** Default: the strict reading, fixed. */
  pacing?: BatchPacing;
  /** Least time between two batches let through (clock ms). Default DEFAULT_BATCH_SPACING_MS. */
  batchSpacingMs?: number;
}

export const DEFAULT_SAFETY_MARGIN_MS = 100;
/**
 * Least time between two batches, off by default. 500 ms would keep about one batch on its way
 * at any instant, but on a real-time clock it held every batch of every test and run 500 ms (a CI
 * rehearsal ran more than twice as long); a stop closes the step's gate instead, so after
 * SIGTERM only what was already on its way reaches QuickBooks (engine/pipeline.ts).
 */
export const DEFAULT_BATCH_SPACING_MS = 0;

/** `weight` counts a batch's envelope only (lenient reading), `strict` its items too. */
interface Entry { weight: number; strict: number; batch: boolean; endAt: number | null }
interface Waiter { weight: number; strict: number; batch: boolean; gate: SendGate | undefined; grant: (permit: Permit) => void; refuse: () => void }

/**
 * What counts in the sliding window: requests in flight, and finished ones until they expire.
 * Finished entries are kept in the order they finished, which is the order they expire (a
 * request's answer moves the clock forward, never back), so pruning takes them off the front
 * and the next expiry is the first one's: under the lenient reading the window holds about 500
 * entries, and scanning them all on every grant and check was a twentieth of a run's CPU.
 */
function makeWindow(windowMs: number, margin: number) {
  // finished[head..] are the finished entries still in the window, by expiry.
  const finished: Entry[] = [];
  let head = 0;
  // Both readings are counted all along, so a switch of reading holds from the next request.
  const used = { requests: 0, strict: 0, batches: 0 };
  const expiresAt = (e: Entry) => (e.endAt === null ? Infinity : e.endAt + windowMs + margin);
  return {
    used,
    add(w: Pick<Entry, 'weight' | 'strict' | 'batch'>): Entry {
      // Only what the window counts: the waiter it is given also holds its gate, and through it
      // the request's documents, which pruned entries would keep until the array is trimmed.
      const entry: Entry = { weight: w.weight, strict: w.strict, batch: w.batch, endAt: null };
      used.requests += w.weight;
      used.strict += w.strict;
      if (w.batch) used.batches += 1;
      return entry;
    },
    /** The request answered at `at`: from now on it leaves the window a minute after that. */
    finish(entry: Entry, at: number) {
      entry.endAt = at;
      // A clock that stepped back (never seen) still gets its entry in expiry order.
      let i = finished.length;
      while (i > head && finished[i - 1]!.endAt! > at) i--;
      finished.splice(i, 0, entry);
    },
    prune(now: number) {
      while (head < finished.length && expiresAt(finished[head]!) <= now) {
        const e = finished[head++]!;
        used.requests -= e.weight;
        used.strict -= e.strict;
        if (e.batch) used.batches -= 1;
      }
      // Drop the pruned front now and then, not on every prune.
      if (head > 1024 && head * 2 > finished.length) {
        finished.splice(0, head);
        head = 0;
      }
    },
    /** When the next finished entry leaves the window; null if all are in flight. */
    nextExpiry(): number | null {
      return head < finished.length ? expiresAt(finished[head]!) : null;
    },
  };
}

/** One pending wake-up on the clock, moved earlier when asked, never later. */
function makeWakeUp(clock: Clock, onWake: () => void) {
  let timer: { at: number; abort: AbortController } | null = null;
  return (at: number) => {
    if (timer && timer.at <= at) return;
    timer?.abort.abort();
    const abort = new AbortController();
    timer = { at, abort };
    clock.sleep(Math.max(0, at - clock.now()), abort.signal).then(
      () => { if (timer?.abort === abort) timer = null; onWake(); },
      () => { /* superseded by an earlier wake-up */ },
    );
  };
}

/** A permit whose first release frees its slot (after `holdMs`, when given); later releases do nothing. */
function releaseOnce(clock: Clock, free: () => void): Permit {
  let released = false;
  return {
    release(holdMs = 0) {
      if (released) return;
      released = true;
      if (holdMs > 0) void clock.sleep(holdMs).then(free, free);
      else free();
    },
  };
}

/** A cost as the window counts it; one above the whole budget could never pass, so it waits for an empty window instead. */
function weightsOf(cost: LimiterCost, limits: LimiterOptions['limits']): Pick<Waiter, 'weight' | 'strict' | 'batch'> {
  const clamp = (n: number) => Math.min(Math.max(1, Math.ceil(n)), limits.perMinute);
  return { weight: clamp(cost.requests), strict: clamp(cost.requests + (cost.items ?? 0)), batch: cost.batch };
}

/** Whether `head` would take the window past the minute's requests or batches. */
function overBudget(used: { requests: number; strict: number; batches: number }, head: Pick<Waiter, 'weight' | 'strict' | 'batch'>, limits: LimiterOptions['limits'], strict: boolean): boolean {
  const overMinute = strict ? used.strict + head.strict > limits.perMinute : used.requests + head.weight > limits.perMinute;
  return overMinute || (head.batch && used.batches + 1 > limits.batchPerMinute);
}

/** Queues a request for its slot; a gate that stops takes it out of the line at once, unsent. */
function waitInLine(queue: Waiter[], cost: Pick<Waiter, 'weight' | 'strict' | 'batch'>, gate: SendGate | undefined, pump: () => void): Promise<Permit> {
  if (gate?.stopped()) {
    gate.inLine?.();
    return Promise.reject(new QboNotSentError());
  }
  return new Promise<Permit>((grant, reject) => {
    const onAbort = () => {
      const at = queue.indexOf(waiter);
      if (at >= 0) queue.splice(at, 1);
      reject(new QboNotSentError());
      // Not from inside the abort (which may fire while pump runs): the next in line may go now.
      queueMicrotask(pump);
    };
    const waiter: Waiter = {
      ...cost, gate,
      grant: (permit) => { gate?.signal.removeEventListener('abort', onAbort); grant(permit); },
      refuse: () => { gate?.signal.removeEventListener('abort', onAbort); reject(new QboNotSentError()); },
    };
    gate?.signal.addEventListener('abort', onAbort, { once: true });
    queue.push(waiter);
    pump();
    gate?.inLine?.();
  });
}

/** What the head of the line waits for: the pause after a 429, or a finished request leaving the minute's window. */
function waitOf(head: Waiter | undefined, now: number, pausedUntil: number, window: ReturnType<typeof makeWindow>,
  limits: LimiterOptions['limits'], pacing: BatchPacing): LimiterWait | null {
  if (!head) return null;
  if (now < pausedUntil) return { reason: 'throttled', until: pausedUntil };
  window.prune(now);
  const at = overBudget(window.used, head, limits, pacing.reading(now) === 'strict') ? window.nextExpiry() : null;
  return at === null ? null : { reason: 'per-minute', until: at };
}

interface LimiterState {
  limits: LimiterOptions['limits'];
  pacing: BatchPacing;
  window: ReturnType<typeof makeWindow>;
  counts: { inFlight: number; maxInFlight: number; granted: number; pausedUntil: number; lastBatchAt: number };
  spacing: number;
}

/** What keeps `cost` from going now: nothing (null), a release ('release': a slot, or a request in flight to finish), or until when. */
function holdOf(st: LimiterState, cost: Pick<Waiter, 'weight' | 'strict' | 'batch'>, now: number): null | 'release' | number {
  if (now < st.counts.pausedUntil) return st.counts.pausedUntil;
  if (st.counts.inFlight >= st.limits.concurrent) return 'release';
  if (overBudget(st.window.used, cost, st.limits, st.pacing.reading(now) === 'strict')) return st.window.nextExpiry() ?? 'release';
  if (cost.batch && now < st.counts.lastBatchAt + st.spacing) return st.counts.lastBatchAt + st.spacing;
  return null;
}

/** When a request may next go that cannot now: the pause's end, or the next window expiry (null: only a release). */
function nextChange(st: LimiterState, now: number): number | null {
  st.window.prune(now);
  return now < st.counts.pausedUntil ? st.counts.pausedUntil : st.window.nextExpiry();
}

function statsOf(st: LimiterState, queue: Waiter[], now: number): LimiterStats {
  const { inFlight, maxInFlight, granted, pausedUntil } = st.counts;
  return {
    inFlight, maxInFlight, granted, pausedUntil, windowRequests: st.window.used.requests, windowBatches: st.window.used.batches,
    windowStrict: st.window.used.strict, reading: st.pacing.reading(now), queued: queue.length,
    waiting: waitOf(queue[0], now, pausedUntil, st.window, st.limits, st.pacing),
  };
}

export function makeCompanyLimiter(opts: LimiterOptions): CompanyLimiter {
  const { limits, clock } = opts;
  const pacing = opts.pacing ?? fixedPacing(true);
  const window = makeWindow(limits.windowMs, opts.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS);
  const queue: Waiter[] = [];
  const counts = { inFlight: 0, maxInFlight: 0, granted: 0, pausedUntil: 0, lastBatchAt: -Infinity };
  const st: LimiterState = { limits, pacing, window, counts, spacing: opts.batchSpacingMs ?? DEFAULT_BATCH_SPACING_MS };

  const permitFor = (entry: Entry): Permit => releaseOnce(clock, () => {
    counts.inFlight -= 1;
    window.finish(entry, clock.now());
    pump();
  });

  const watchers: (() => void)[] = [];
  const pump = (): void => {
    const now = clock.now();
    window.prune(now);
    for (const wake of watchers.splice(0)) wake();
    while (queue.length > 0) {
      const head = queue[0]!;
      // Checked at the moment of granting: a stop never lets another request out.
      if (head.gate?.stopped()) {
        // Its abort listener may have taken it out already.
        if (queue[0] === head) queue.shift();
        head.refuse();
        continue;
      }
      const hold = holdOf(st, head, now);
      if (hold === 'release') return; // a release pumps again
      if (hold !== null) return wakeAt(hold);
      if (head.batch) counts.lastBatchAt = now;
      queue.shift();
      counts.inFlight += 1;
      counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
      counts.granted += 1;
      head.grant(permitFor(window.add(head)));
    }
  };
  const wakeAt = makeWakeUp(clock, pump);

  return {
    acquire(cost, gate) {
      return waitInLine(queue, weightsOf(cost, limits), gate, pump);
    },
    pacing,
    admits(cost) {
      const now = clock.now();
      window.prune(now);
      return queue.length === 0 && holdOf(st, weightsOf(cost, limits), now) === null;
    },
    changed: () => new Promise<void>((resolve) => {
      watchers.push(resolve);
      const at = nextChange(st, clock.now());
      if (at !== null) wakeAt(at);
    }),
    pauseFor(ms) {
      window.prune(clock.now());
      pacing.onThrottle({ strictUsed: window.used.strict, perMinute: limits.perMinute }, clock.now());
      counts.pausedUntil = Math.max(counts.pausedUntil, clock.now() + ms);
      pump();
    },
    stats: () => statsOf(st, queue, clock.now()),
  };
}

/** One limiter per company, shared by every client of that company in the process. */
export interface LimiterRegistry {
  forCompany(realmId: string, opts: LimiterOptions): CompanyLimiter;
  /** The company's limiter if a client made it (a command watching a run's waits). */
  existing?(realmId: string): CompanyLimiter | undefined;
}

export function makeLimiterRegistry(): LimiterRegistry {
  const byRealm = new Map<string, CompanyLimiter>();
  return {
    forCompany(realmId, opts) {
      let limiter = byRealm.get(realmId);
      if (!limiter) {
        limiter = makeCompanyLimiter(opts);
        byRealm.set(realmId, limiter);
      }
      return limiter;
    },
    existing: (realmId) => byRealm.get(realmId),
  };
}

/** The process-wide registry clients use unless given one (tests give their own). The first
 *  client of a company decides its limiter's clock and limits. */
export const processLimiters: LimiterRegistry = makeLimiterRegistry();
