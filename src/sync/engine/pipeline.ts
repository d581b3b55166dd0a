/**
 * The batches of one step sent together (issue 17): up to PIPELINE_DEPTH in flight for the
 * page, the company's limiter deciding the pace and the requests in flight (10), so QuickBooks'
 * latency overlaps instead of adding up. A step's operations are independent by construction
 * (plan-ops.ts: whatever depends on another goes in a later step), so their batches may be
 * answered in any order. Each batch folds its answers into its tickets' facts (batch.ts), saved
 * with their settlements at the page's end; until then the journal holds every write sent, to
 * be looked up on resume after a crash.
 *
 * Under the lenient reading the 40 batches a minute bind long before the 500 requests: once
 * the minute's batches are used up, single operations go as plain requests in the requests the
 * batches leave (about 460 documents a minute more), never under the strict reading, where a
 * plain request buys one document for the unit a batch item costs anyway.
 *
 * A stop (SIGTERM, a lost lease) closes the step's gate: batches waiting for a limiter slot are
 * not sent (their tickets wait for the next run, nothing journalled stays open), those already
 * sent are answered and their facts saved with the page. So after a stop at most what was already on its way
 * reaches QuickBooks, however many batches were queued.
 */
import { setMaxListeners } from 'node:events';
import type { SendGate } from '../../qbo/index.js';
import { runBatch } from './batch.js';
import { toBatchOp } from './ops-batch.js';
import type { PageContext } from './page.js';
import type { Op } from './plan-ops.js';
import { isOpen } from './work-ticket.js';
import type { WorkTicket } from './work-ticket.js';

/** QuickBooks' requests in flight per company; the limiter enforces it, this bounds what waits on it. */
export const PIPELINE_DEPTH = 10;
/**
 * Batches in flight in the whole process beyond each step's first. A server worker runs up to
 * 10 runs at once: 10 batches each would queue 100 answers' saves on its 10 database
 * connections, and its heartbeats behind them, until runs fence themselves off (execute-run.ts)
 * and hand back, over and over. Every step may always have one batch out; more only while the
 * process has room, so a lone run (the embedded process) still gets its 10.
 */
const PROCESS_BATCHES = 10;
let processInFlight = 0;

/**
 * How often (real ms) a step looks at the stop request to wake batches waiting for a slot.
 * Granting a slot checks it too, so nothing goes out after a stop whatever this is; it only
 * bounds how long a stopped step waits for its waiters. A run at QuickBooks' pace is mostly
 * waiting, and every wake-up costs CPU: measured on a 6-minute run (300 tickets, 20 s of
 * latency a request), 3.25 s of CPU at 20 ms against 2.40 s at 250 ms, about 2.3 ms a second.
 * On the 2-core machine of BENCHMARKS.md a timer that wakes an idle process and does nothing
 * costs 0.17–0.37 ms of CPU, and at 250 ms this poll was 381 of a paced 2,000-ticket run's ~530
 * timer wake-ups (0.05 ms a ticket); a second is still prompt for a person or a lost lease.
 */
const STOP_POLL_MS = 1000;
/**
 * Writes journalled together ahead of their requests (QboClient.reserveWrites): one statement
 * for several requests instead of one each. On the embedded store a one-row journal entry cost
 * 0.74 ms of CPU in a paced lenient run (1,030 of them for 1,948 tickets, most of them plain
 * requests), each after a wait. Plain requests: 16, about two seconds of QuickBooks' time at the
 * pace the batches leave them (~460 a minute); batches: what the pipeline sends at once. What
 * is reserved and not sent is taken out at the step's end.
 */
const RESERVE_PLAIN = 16;

type Item = { w: WorkTicket; op: Op };

/**
 * Sends a step's operations in batches of up to `batchItems`, up to the pipeline depth in
 * flight. `follow` is asked for a ticket whose operations here were all answered and which is
 * still open: the operations it returns (creates only, which need no read first: a sale's
 * payments once its invoice exists) join this flow at once instead of waiting for the step's
 * last batch. A batch not yet full waits while others are in flight (their answers may fill
 * it): under the lenient reading the 40 batches a minute bind, so a batch is worth filling.
 */
export async function sendStep(ctx: PageContext, items: readonly Item[], batchItems: number, follow?: (w: WorkTicket) => readonly Op[]): Promise<void> {
  const queue: Item[] = [...items];
  const unanswered = new Map<WorkTicket, number>();
  for (const { w } of items) unanswered.set(w, (unanswered.get(w) ?? 0) + 1);
  // Tickets close only in the answers of a batch: the queue is looked through after one, not at every turn.
  let maybeClosed = true;
  const answered = (batch: readonly Item[]) => {
    maybeClosed = true;
    for (const { w } of batch) {
      const left = unanswered.get(w)! - 1;
      unanswered.set(w, left);
      if (left > 0 || !follow || !isOpen(w)) continue;
      const next = follow(w);
      unanswered.set(w, next.length);
      for (const op of next) queue.push({ w, op });
    }
  };
  const running = new Set<Promise<void>>();
  // The last batch dispatched, until it stands in the company's line (see lineWatch).
  let lining: Promise<void> | null = null;
  let failure: { err: unknown } | null = null;
  const gate = stepGate(ctx.stopRequested);
  const onStop = whenStopped(gate);
  const ahead = reservations(ctx);
  try {
    // Stopping between batches, not pages: a page at QuickBooks' pace takes minutes (issue 20).
    while (failure === null && !gate.stopped()) {
      // A ticket refused in an answered batch of this step sends nothing more.
      if (maybeClosed) dropClosed(queue);
      maybeClosed = false;
      if (queue.length === 0 && running.size === 0) break;
      const room = running.size === 0 || (running.size < pipelineDepth(ctx) && processInFlight < PROCESS_BATCHES);
      // A batch on its way to the limiter (its journal entry first) is not counted there yet.
      if (lining) {
        await Promise.race([...running, lining, onStop]);
        continue;
      }
      const plain = room && plainInstead(ctx, Math.min(queue.length, batchItems));
      if (plain === 'wait') {
        await Promise.race([...running, ctx.client.pace.changed(), onStop]);
        continue;
      }
      if (!plain && (!room || (queue.length < batchItems && running.size > 0))) {
        await Promise.race(running);
        continue;
      }
      // Journalled ahead first, then chosen afresh (answers came in meanwhile); failed, it fails the step as an entry would.
      const reserving = ahead.reserve(queue, plain ? RESERVE_PLAIN : pipelineDepth(ctx) * batchItems);
      if (reserving) { failure = await reserving; continue; }
      const batch = queue.splice(0, plain ? 1 : batchItems);
      processInFlight += 1;
      const lined = lineWatch(gate, () => { lining = null; });
      lining = lined.inLine;
      const sent: Promise<void> = runBatch(ctx, batch, lined.gate, plain === true)
        .then(() => answered(batch), (err: unknown) => { failure ??= { err }; maybeClosed = true; })
        .finally(() => { processInFlight -= 1; running.delete(sent); lined.done(); });
      running.add(sent);
    }
    // Every batch sent is answered (its facts folded in) before the step ends or fails.
    await Promise.all(running);
  } finally {
    gate.close();
    await ahead.releaseUnsent();
  }
  if (failure !== null) throw (failure as { err: unknown }).err;
}

/**
 * The step's writes journalled ahead: when the next one is not yet, it and those queued after it
 * (up to `count`), in one statement; at the step's end, those never sent are taken out again (a
 * failure there only leaves them to be looked up by the next run).
 */
function reservations(ctx: PageContext) {
  const done = new WeakSet<Item>();
  const ids: string[] = [];
  return {
    /** Null when the next one is journalled already; else resolves to the failure, if it failed. */
    reserve(queue: readonly Item[], count: number): Promise<{ err: unknown } | null> | null {
      if (queue.length === 0 || done.has(queue[0]!)) return null;
      const next = queue.slice(0, count).filter((item) => !done.has(item));
      for (const item of next) done.add(item);
      const writes = next.map((i) => toBatchOp(i.op, i.w.keys, i.w.docs)).filter((op) => 'key' in op);
      return ctx.client.reserveWrites(writes).then((reserved) => { ids.push(...reserved); return null; }, (err: unknown) => ({ err }));
    },
    async releaseUnsent(): Promise<void> {
      try {
        await ctx.client.releaseUnsent(ids);
      } catch (err) {
        ctx.deps.logger.warn({ err }, 'could not take unsent writes out of the journal; the next run looks their tickets up');
      }
    },
  };
}

/**
 * Whether the next operation goes as a plain request (true), as a batch (false), or waits for
 * the limiter to change ('wait'): plain only with pipelining on, under the lenient reading,
 * while the minute's batches are used up and a plain request would go at once.
 */
function plainInstead(ctx: PageContext, items: number): boolean | 'wait' {
  const pace = ctx.client.pace;
  if (items === 0 || pipelineDepth(ctx) === 1 || !pace.lenient() || pace.admitsBatch(items)) return false;
  return pace.admitsPlain() ? true : 'wait';
}

/**
 * One batch's view of the step's gate; `inLine` resolves once the batch has joined the company's
 * line (or ended without), so the step's next choice by `admits` counts it. Without it the
 * minute's last batch slot went to several batches at once: the extras waited a minute at the
 * head of the line, plain requests behind them.
 */
function lineWatch(gate: SendGate, onLined: () => void): { gate: SendGate; inLine: Promise<void>; done(): void } {
  let resolve = () => {};
  const inLine = new Promise<void>((r) => { resolve = r; });
  let lined = false;
  const finish = () => {
    if (lined) return;
    lined = true;
    onLined();
    resolve();
  };
  return { gate: { stopped: gate.stopped, signal: gate.signal, inLine: finish }, inLine, done: finish };
}

const whenStopped = (gate: SendGate): Promise<void> => new Promise((resolve) => {
  if (gate.signal.aborted) resolve();
  else gate.signal.addEventListener('abort', () => resolve(), { once: true });
});

function dropClosed(queue: Item[]): void {
  if (queue.every((item) => isOpen(item.w))) return;
  const open = queue.filter((item) => isOpen(item.w));
  queue.splice(0, queue.length, ...open);
}

/** Batches of a step in flight at once: deps.pipelineDepth (QBO_PIPELINE_DEPTH), else 10. */
function pipelineDepth(ctx: PageContext): number {
  return Math.max(1, Math.min(ctx.deps.pipelineDepth ?? PIPELINE_DEPTH, PIPELINE_DEPTH));
}

/** The step's gate: stopped once the run is asked to stop; its signal wakes batches waiting for a slot. */
function stepGate(stopRequested: () => boolean): SendGate & { close(): void } {
  const abort = new AbortController();
  // Each batch or request waiting for a limiter slot listens for the stop (up to the depth, and
  // their retries): more than Node's default of 10 is expected, not a leak.
  setMaxListeners(4 * PIPELINE_DEPTH, abort.signal);
  const stopped = () => {
    if (!abort.signal.aborted && stopRequested()) abort.abort();
    return abort.signal.aborted;
  };
  const timer = setInterval(stopped, STOP_POLL_MS);
  timer.unref();
  return { stopped, signal: abort.signal, close: () => clearInterval(timer) };
}
