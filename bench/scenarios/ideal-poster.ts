/**
 * The in-house ideal poster (issue 17): the same documents the engine makes for the dataset's
 * tickets - invoices and refund receipts, then each invoice's payments once it exists - sent
 * as full batches of 30, paced exactly to the simulator's limits under the reading it is told
 * (ideal-pacer.ts), up to 10 in flight; under the lenient reading, single documents as plain
 * requests while the minute's batches are used up. No store, no claiming, no journal: only what QuickBooks'
 * limits make unavoidable, so the engine's time over its time says what the engine wastes.
 *
 *   node --import tsx bench/scenarios/ideal-poster.ts --dataset FILE --simulator URL --time-scale 60 --data-dir D \
 *     --reading strict|lenient [--latency-ms 3.33 --latency-per-item-ms 0.25]
 *
 * Prints `@@bench <IdealResult>`.
 */
import { linkPayment, mapTicket } from '../../src/mapping/index.js';
import { fixedPacing } from '../../src/qbo/index.js';
import type { BatchOp, CompanyLimiter, LimiterRegistry, QboClient } from '../../src/qbo/index.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { clientFor } from '../../src/sync/deps.js';
import { ensureTicketNeeds } from '../../src/sync/setup/needs.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import type { StoredSetup } from '../../src/sync/setup/initialize.js';
import { cpuMsSince, report } from '../lib/children.js';
import { finalTickets } from '../lib/final-tickets.js';
import { flags } from '../lib/flags.js';
import { makeIdealPacer, SIMULATOR_LIMITS } from '../lib/ideal-pacer.js';
import type { IdealPacer } from '../lib/ideal-pacer.js';
import { counterDelta, fetchCounters } from '../lib/simulator-process.js';
import type { CounterDelta } from '../lib/simulator-process.js';
import { TENANT, addLatency, connectCompany, startProduct } from '../lib/product.js';
import { watchThrottles } from '../lib/throttle-watch.js';

export interface IdealResult {
  realmId: string;
  reading: 'strict' | 'lenient';
  tickets: number;
  documents: number;
  batches: number;
  runClockMs: number;
  runWallMs: number;
  cpuMs: { userMs: number; systemMs: number; totalMs: number };
  maxInFlight: number;
  throttleEpisodes: number;
  counters: CounterDelta;
}

const BATCH = 30;
type Op = Extract<BatchOp, { key: string }>;
interface First { op: Op; payments: Op[] }

/** The documents of every ticket: first the ones that need nothing, each with the payments that wait for it. */
function documentsOf(tickets: Awaited<ReturnType<typeof finalTickets>>, setup: StoredSetup): First[] {
  const include = ['allowduplicatedocnum'];
  const out: First[] = [];
  for (const { ticket, date } of tickets) {
    const mapped = mapTicket(ticket, date, setup);
    if (!mapped.ok) throw new Error(`ticket ${ticket.id} does not map`);
    const docs = mapped.documents;
    const key = (part: string) => `ideal:${ticket.locationId}:${ticket.id}:v${ticket.version}:${part}`;
    if (docs.kind === 'none') continue;
    if (docs.kind === 'refund') {
      out.push({ op: { operation: 'create', entity: 'RefundReceipt', body: { ...docs.refundReceipt }, key: key('refund'), include }, payments: [] });
      continue;
    }
    out.push({
      op: { operation: 'create', entity: 'Invoice', body: { ...docs.invoice }, key: key('invoice'), include },
      // The invoice's Id is filled in once it exists.
      payments: docs.payments.map((draft) => ({ operation: 'create', entity: 'Payment', body: draft as unknown as Record<string, unknown>, key: key(`payment:${draft.PrivateNote}`) })),
    });
  }
  return out;
}

const withInvoice = (p: Op, invoiceId: string): Op => ({ ...p, body: linkPayment(p.body as never, invoiceId) as unknown as Record<string, unknown> });

/** A limiter that lets everything through: the pacer in front of it does the pacing. */
function passThrough(pacer: IdealPacer, strict: boolean): LimiterRegistry {
  const limiter: CompanyLimiter = {
    acquire: () => Promise.resolve({ release: () => undefined }),
    pauseFor: (ms) => pacer.pauseFor(ms),
    stats: () => ({ inFlight: 0, maxInFlight: 0, windowRequests: 0, windowBatches: 0, windowStrict: 0, reading: strict ? 'strict' : 'lenient', queued: 0, granted: 0, pausedUntil: 0,
      waiting: null }),
    pacing: fixedPacing(strict),
    admits: () => true,
    changed: () => new Promise<void>(() => undefined),
  };
  return { forCompany: () => limiter };
}

/** Sends every document; payments join the queue as their invoices are answered, and go first. */
async function postAll(client: QboClient, pacer: IdealPacer, firsts: First[], lenient: boolean): Promise<{ documents: number; batches: number }> {
  let documents = 0;
  let batches = 0;
  let next = 0;
  let firstsInFlight = 0;
  const payments: Op[] = [];
  const running = new Set<Promise<void>>();
  let failure: unknown = null;
  const send = async (ops: Op[], after?: (results: { Id?: unknown }[]) => void) => {
    const done = await pacer.acquire(ops.length);
    batches += 1;
    const p = (async () => {
      try {
        const results = await client.batch(ops);
        const bad = results.find((r) => !r.ok);
        if (bad && !bad.ok) throw bad.error;
        documents += ops.length;
        after?.(results.map((r) => (r.ok ? r.entity : {})));
      } finally {
        done();
      }
    })();
    running.add(p);
    // A batch that failed stops the poster: the ideal's figures hold only when every document went.
    p.catch((err: unknown) => { failure ??= err; }).finally(() => running.delete(p)).catch(() => undefined);
  };
  const sendPlain = (op: Op, done: () => void, after?: (made: { Id?: unknown }) => void) => {
    const p = (async () => {
      try {
        const r = await client.writeOne(op);
        if (!r.ok) throw r.error;
        documents += 1;
        after?.(r.entity);
      } finally {
        done();
      }
    })();
    running.add(p);
    p.catch((err: unknown) => { failure ??= err; }).finally(() => running.delete(p)).catch(() => undefined);
  };
  for (;;) {
    if (failure) throw failure;
    // Lenient: the minute's batches used up, the requests they leave carry single documents.
    if (lenient && (payments.length > 0 || next < firsts.length) && !pacer.batchFitsNow(BATCH)) {
      const done = pacer.tryPlain();
      if (!done) {
        await Promise.race([pacer.changed(), ...running]);
      } else if (payments.length > 0) {
        sendPlain(payments.shift()!, done);
      } else {
        const first = firsts[next++]!;
        firstsInFlight += 1;
        sendPlain(first.op, done, (made) => {
          firstsInFlight -= 1;
          payments.push(...first.payments.map((p) => withInvoice(p, String(made.Id))));
        });
      }
      continue;
    }
    const endOfFirsts = next >= firsts.length && firstsInFlight === 0;
    if (payments.length >= BATCH || (endOfFirsts && payments.length > 0)) {
      await send(payments.splice(0, BATCH));
    } else if (next < firsts.length) {
      const chunk = firsts.slice(next, next + BATCH);
      next += chunk.length;
      firstsInFlight += 1;
      await send(chunk.map((f) => f.op), (made) => {
        firstsInFlight -= 1;
        chunk.forEach((f, i) => payments.push(...f.payments.map((p) => withInvoice(p, String(made[i]!.Id)))));
      });
    } else if (running.size > 0) {
      await Promise.race(running);
    } else break;
  }
  if (failure) throw failure;
  return { documents, batches };
}

const f = flags(process.argv.slice(2), { dataset: '', simulator: '', 'time-scale': '60', 'data-dir': '', 'latency-ms': '0', 'latency-per-item-ms': '0', reading: 'strict' });
const strict = f.reading !== 'lenient';
const t = await startProduct({ dataDir: f['data-dir'], inMemory: true, simulatorUrl: f.simulator, timeScale: Number(f['time-scale']) });
const throttles = watchThrottles(() => t.syncDeps.clock);
try {
  const tickets = await finalTickets(f.dataset);
  const { connectionId, realmId } = await connectCompany(t, 'Ideal café');
  await addLatency(f.simulator, realmId, Number(f['latency-ms']), Number(f['latency-per-item-ms']));
  const init = await t.sync.initialize(TENANT, connectionId);
  const connection = (await getConnection(t.database.db, TENANT, connectionId))!;
  // Set-up (discount items and the like) is not timed, as for the engine.
  const setup = await ensureTicketNeeds(clientFor(t.syncDeps, connection), readSetup(connection)!.setup, tickets.map((x) => x.ticket), init);
  const firsts = documentsOf(tickets, setup);

  const clock = t.syncDeps.clock;
  // A QuickBooks-minute after set-up, so its requests are out of the window the run starts in.
  await clock.sleep(SIMULATOR_LIMITS.windowMs + 1000);
  const pacer = makeIdealPacer({ ...SIMULATOR_LIMITS, meterBatchItems: strict }, clock);
  const client = clientFor({ ...t.syncDeps, limiters: passThrough(pacer, strict) }, connection);
  const countersBefore = await fetchCounters(f.simulator, realmId);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const started = clock.now();
  const sent = await postAll(client, pacer, firsts, !strict);
  const result: IdealResult = {
    realmId, reading: strict ? 'strict' : 'lenient', tickets: tickets.length, ...sent,
    runClockMs: clock.now() - started, runWallMs: performance.now() - wall, cpuMs: cpuMsSince(cpu), maxInFlight: pacer.maxInFlight(),
    throttleEpisodes: throttles.episodes(), counters: counterDelta(countersBefore, await fetchCounters(f.simulator, realmId)),
  };
  report(result);
} finally {
  await t.stop();
}
