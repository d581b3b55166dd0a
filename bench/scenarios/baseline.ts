/**
 * The baseline: the same tickets posted the way a typical integration does it, one request per
 * document, one document at a time (create the invoice, then each payment applied to it; or the
 * refund receipt). It uses our own QuickBooks client, so it is a well-behaved integration:
 * requestids, the company limiter (no 429 storm), token refresh; the documents are exactly the
 * ones our mapping makes, so only the way of sending them differs from the engine's.
 *
 *   node --import tsx bench/scenarios/baseline.ts --dataset FILE --simulator URL --time-scale 60 --data-dir D [--latency-ms 4]
 *
 * Prints `@@bench <BaselineResult>`.
 */
import type { Ticket } from '../../src/domain/ticket.js';
import { linkPayment, mapTicket } from '../../src/mapping/index.js';
import type { QboClient } from '../../src/qbo/index.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { clientFor } from '../../src/sync/deps.js';
import { ensureTicketNeeds } from '../../src/sync/setup/needs.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import type { StoredSetup } from '../../src/sync/setup/initialize.js';
import type { InitializeReport } from '../../src/sync/service/types.js';
import { cpuMsSince, peakRssMb, report } from '../lib/children.js';
import { finalTickets } from '../lib/final-tickets.js';
import { flags } from '../lib/flags.js';
import { counterDelta, fetchCounters } from '../lib/simulator-process.js';
import type { CounterDelta } from '../lib/simulator-process.js';
import { TENANT, addLatency, connectCompany, startProduct } from '../lib/product.js';

export interface BaselineResult {
  realmId: string;
  tickets: number;
  documents: number;
  requests: number;
  runClockMs: number;
  runWallMs: number;
  cpuMs: { userMs: number; systemMs: number; totalMs: number };
  peakRssMb: number;
  counters: CounterDelta;
}

/** One ticket, one document after the other; returns how many documents it created. */
async function postOne(client: QboClient, setup: StoredSetup, ticket: Ticket, date: string): Promise<number> {
  const mapped = mapTicket(ticket, date, setup);
  if (!mapped.ok) throw new Error(`ticket ${ticket.id} does not map`);
  const docs = mapped.documents;
  const key = (part: string) => `baseline:${ticket.locationId}:${ticket.id}:v${ticket.version}:${part}`;
  const include = ['allowduplicatedocnum'];
  if (docs.kind === 'none') return 0;
  if (docs.kind === 'refund') {
    await client.create('RefundReceipt', { ...docs.refundReceipt }, { key: key('refund'), include });
    return 1;
  }
  const invoice = await client.create('Invoice', { ...docs.invoice }, { key: key('invoice'), include });
  for (const draft of docs.payments) {
    await client.create('Payment', { ...linkPayment(draft, String(invoice.Id)) }, { key: key(`payment:${draft.PrivateNote}`) });
  }
  return 1 + docs.payments.length;
}

const f = flags(process.argv.slice(2), { dataset: '', simulator: '', 'time-scale': '60', 'data-dir': '', 'latency-ms': '0' });
const t = await startProduct({ dataDir: f['data-dir'], inMemory: true, simulatorUrl: f.simulator, timeScale: Number(f['time-scale']) });
try {
  const tickets = await finalTickets(f.dataset);
  const { connectionId, realmId } = await connectCompany(t, 'Baseline café');
  await addLatency(f.simulator, realmId, Number(f['latency-ms']));
  const report0: InitializeReport = await t.sync.initialize(TENANT, connectionId);
  const connection = (await getConnection(t.database.db, TENANT, connectionId))!;
  const client = clientFor(t.syncDeps, connection);
  // Set-up is not timed, as for the engine: discount items are created before the clock starts.
  const setup = await ensureTicketNeeds(client, readSetup(connection)!.setup, tickets.map((x) => x.ticket), report0);

  const before = client.requests();
  const countersBefore = await fetchCounters(f.simulator, realmId);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const started = t.syncDeps.clock.now();
  let documents = 0;
  for (const { ticket, date } of tickets) documents += await postOne(client, setup, ticket, date);
  const result: BaselineResult = {
    realmId, tickets: tickets.filter((x) => x.ticket.status === 'closed').length, documents, requests: client.requests() - before,
    runClockMs: t.syncDeps.clock.now() - started, runWallMs: performance.now() - wall, cpuMs: cpuMsSince(cpu), peakRssMb: peakRssMb(),
    counters: counterDelta(countersBefore, await fetchCounters(f.simulator, realmId)),
  };
  report(result);
} finally {
  await t.stop();
}
