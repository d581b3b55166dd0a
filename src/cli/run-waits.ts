/**
 * What a command following a run waits for, said while it waits (issue 18: "a command that
 * waits says what it waits for and how long"): QuickBooks' per-minute limit (a 429's pause, or
 * the minute's requests used up), read from the company's limiter in this process, and the
 * lease of a run whose process went silent (run-progress.ts says that one).
 */
import type { Run } from '../domain/run.js';
import type { LimiterWait } from '../qbo/limiter.js';
import { processLimiters } from '../qbo/limiter.js';
import { getConnection } from '../store/qbo-connections.js';
import { getRun } from '../store/runs.js';
import type { SyncDeps } from '../sync/index.js';

/** "waiting 12 s for QuickBooks' per-minute limit …"; `timeScale`: QuickBooks-clock ms per real ms (the simulator's scale). */
export function throttleWords(wait: LimiterWait, now: number, timeScale = 1): string {
  const s = Math.max(1, Math.ceil((wait.until - now) / 1000 / timeScale));
  return wait.reason === 'throttled'
    ? `waiting ${s} s for QuickBooks' per-minute limit: it answered 429 (too many requests), so nothing is sent to this company until then`
    : `waiting ${s} s for QuickBooks' per-minute limit: the requests of the last minute used it up`;
}

/** What a command says while another process holds the run it follows, and for how long at most. */
export function waitWords(run: Pick<Run, 'id' | 'status' | 'heartbeatAt'>, leaseMs: number, now: number): string {
  if (run.status === 'queued') return `waiting for run ${run.id}: it is queued behind another run of the same QuickBooks company, which goes first`;
  const lease = Math.ceil(leaseMs / 1000);
  const heard = run.heartbeatAt ? Math.max(0, Math.round((now - run.heartbeatAt.getTime()) / 1000)) : null;
  const left = heard === null ? lease : Math.max(0, lease - heard);
  return `waiting for the previous run's lease (up to ${left} s): run ${run.id} is held by a process${heard === null ? '' : ` last heard from ${heard} s ago`}. `
    + 'If that process stopped, this command carries the run on then; if it is working, this command follows it to the end.';
}

/**
 * Polls the limiter of the run's company every `everyMs` and calls `say` when a wait starts or
 * changes (null when it is over). Returns the function that stops watching.
 */
export function watchThrottle(deps: SyncDeps, tenantId: string, runId: number, say: (words: string | null) => void,
  opts: { timeScale: number; everyMs?: number }): () => void {
  let realmId: string | null = null;
  let last: LimiterWait | null = null;
  const tick = async () => {
    if (realmId === null) {
      const run = await getRun(deps.database.db, tenantId, runId);
      realmId = run?.connectionId ? (await getConnection(deps.database.db, tenantId, run.connectionId))?.realmId ?? null : null;
      if (realmId === null) return;
    }
    const wait = (deps.limiters ?? processLimiters).existing?.(realmId)?.stats().waiting ?? null;
    if (wait && (!last || last.reason !== wait.reason || Math.abs(wait.until - last.until) > 2000)) say(throttleWords(wait, deps.clock.now(), opts.timeScale));
    else if (!wait && last) say(null);
    last = wait;
  };
  const timer = setInterval(() => void tick().catch(() => undefined), opts.everyMs ?? 1000);
  return () => clearInterval(timer);
}
