/**
 * Time, injectable. Everything that waits or reads the time takes a Clock, so tests can
 * move time by hand and benchmarks can run a busy QuickBooks hour in a minute.
 */
export interface Clock {
  /** Milliseconds since the epoch, in this clock's time. */
  now(): number;
  /** Resolves after `ms` of this clock's time has passed. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => realSleep(ms, signal),
};

/**
 * A clock that runs `scale` times faster than the wall: with scale 60 a minute of its time
 * lasts one real second. The simulator and the client share one scale in benchmarks, so
 * QuickBooks' per-minute limits bind exactly as they would in real time.
 */
export function makeScaledClock(scale: number, origin = Date.now()): Clock {
  if (!(scale > 0)) throw new RangeError(`time scale must be > 0, got ${scale}`);
  const realStart = Date.now();
  return {
    now: () => origin + (Date.now() - realStart) * scale,
    sleep: (ms, signal) => realSleep(ms / scale, signal),
  };
}

/**
 * A clock that only moves when told to. `sleep` resolves once `advance` has carried the
 * time past its deadline, so backoff can be asserted without waiting.
 */
export interface ManualClock extends Clock {
  advance(ms: number): Promise<void>;
  set(epochMs: number): Promise<void>;
  /** How many sleeps are waiting right now. */
  pending(): number;
}

export function makeManualClock(start = Date.UTC(2026, 10, 25, 12, 0, 0)): ManualClock {
  let current = start;
  let sleepers: { at: number; resolve: () => void }[] = [];
  const wake = async () => {
    const due = sleepers.filter((s) => s.at <= current);
    sleepers = sleepers.filter((s) => s.at > current);
    for (const s of due) s.resolve();
    // Let the woken continuations run before the caller looks at the world again.
    await new Promise((r) => setImmediate(r));
  };
  return {
    now: () => current,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (ms <= 0) return resolve();
        const onAbort = () => {
          sleepers = sleepers.filter((s) => s !== entry);
          reject(signal!.reason);
        };
        const entry = { at: current + ms, resolve: () => { signal?.removeEventListener('abort', onAbort); resolve(); } };
        sleepers.push(entry);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    advance: async (ms) => {
      current += ms;
      await wake();
    },
    set: async (epochMs) => {
      current = epochMs;
      await wake();
    },
    pending: () => sleepers.length,
  };
}

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // A sleep that ends leaves the signal: a long-lived one (a worker's or the simulator's stop)
    // would otherwise hold a listener per sleep until it aborts (Node warned at 11).
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
