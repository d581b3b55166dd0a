/**
 * The embedded store's share of a sync, alone: a data folder a measured sync left (its tickets
 * posted, its company connected) is opened as `tillbooks sync` opens it, its tickets are put back
 * to pending, and then the statements a run makes for them are made again, page by page, with
 * nothing else around them (no QuickBooks, no mapping): the claim, the journal written ahead and
 * marked over per batch of writes, the settlement, the journal's clean-up and the history lines.
 * Each kind's CPU time is summed; so are opening the store (PGlite's start and the migration
 * check) and closing it. The journal is written without its run fence (a running run's row is
 * not there to check), a little less than a run does.
 *
 *   node --import tsx bench/scenarios/page-sql.ts --data-dir D [--page 300] [--batch 30]
 *
 * Prints `@@bench <PageSqlResult>`.
 */
import { sql } from 'kysely';
import { useBaselineJavaScript } from '../../src/lib/one-run-v8.js';
import { sizePoolToStore } from '../../src/store/buffer-pool.js';
import { openStore } from '../../src/store/index.js';
import { markRequestsOver, markSettled, reserveInflight } from '../../src/store/qbo-writes.js';
import type { JournalRow } from '../../src/store/qbo-writes.js';
import { claimTickets, finishTickets, insertEvents } from '../../src/store/sync-tickets.js';
import type { ClaimedTicket } from '../../src/store/sync-tickets.js';
import { upkeepStore } from '../../src/store/upkeep.js';
import { cpuMsSince, report } from '../lib/children.js';
import { flags } from '../lib/flags.js';
import { SQL_KINDS } from '../lib/page-sql-result.js';
import type { PageSqlResult, SqlKind } from '../lib/page-sql-result.js';

const f = flags(process.argv.slice(2), { 'data-dir': '', page: '300', batch: '30' });
// As `tillbooks sync` runs (cli/commands-sync.ts).
useBaselineJavaScript();
sizePoolToStore();

const opening = process.cpuUsage();
const database = await openStore({ dataDir: f['data-dir'] });
const openMs = cpuMsSince(opening).totalMs;
const db = database.db;
const { tenant_id: tenantId, location_id: locationId } = (await sql<{ tenant_id: string; location_id: string }>`
  SELECT tenant_id, location_id FROM tickets LIMIT 1`.execute(db)).rows[0]!;
const connectionId = (await sql<{ id: number }>`SELECT id FROM qbo_connections ORDER BY id LIMIT 1`.execute(db)).rows[0]!.id;
const runId = (await sql<{ id: number }>`SELECT max(id) AS id FROM sync_runs`.execute(db)).rows[0]!.id;
await sql`UPDATE tickets SET sync_state = 'pending', last_run_id = NULL WHERE tenant_id = ${tenantId}`.execute(db);
await upkeepStore(database);

const ms = Object.fromEntries(SQL_KINDS.map((k) => [k, 0])) as Record<SqlKind, number>;
async function timed<T>(kind: SqlKind, work: () => Promise<T>): Promise<T> {
  const since = process.cpuUsage();
  const out = await work();
  ms[kind] += cpuMsSince(since).totalMs;
  return out;
}

/** The writes a run sends for a ticket: one per document QuickBooks holds for it. */
function writesOf(t: ClaimedTicket): JournalRow[] {
  const kinds = [...(t.docs.invoice ? ['invoice'] : []), ...(t.docs.payments ?? []).map(() => 'payment'), ...(t.docs.refundReceipt ? ['refundReceipt'] : [])];
  return kinds.map((docKind, i) => ({
    requestId: `${t.locationId}/${t.ticketId}/${t.version}/${i}`, locationId: t.locationId, ticketId: t.ticketId, version: t.version, docKind, operation: 'create',
  }));
}

let tickets = 0;
let writes = 0;
const scope = { tenantId, locations: [{ id: locationId, startDate: null }] };
for (;;) {
  const page = await timed('claim', () => claimTickets(db, scope, runId, Number(f.page), { requireRunningRun: false }));
  if (page.length === 0) break;
  // Each statement's arguments are made before its clock starts: what is timed is the statement.
  const perTicket = page.map(writesOf);
  const rows = perTicket.flat();
  const settlements = page.map((t) => ({
    locationId: t.locationId, ticketId: t.ticketId, version: t.version, outcome: 'posted' as const, postedVersion: t.version, error: null, epoch: t.epoch, docs: t.docs,
  }));
  const events = page.map((t, i) => ({
    runId, locationId: t.locationId, ticketId: t.ticketId, version: t.version, kind: 'posted', detail: { documents: perTicket[i]!.length },
  }));
  for (let i = 0; i < rows.length; i += Number(f.batch)) {
    const batch = rows.slice(i, i + Number(f.batch));
    const ids = batch.map((r) => r.requestId);
    await timed('journal ahead', () => reserveInflight(db, tenantId, connectionId, batch));
    await timed('journal over', () => markRequestsOver(db, connectionId, ids));
  }
  const ids = rows.map((r) => r.requestId);
  await timed('settlement', () => finishTickets(db, tenantId, runId, settlements));
  await timed('journal out', () => markSettled(db, connectionId, ids));
  await timed('history', () => insertEvents(db, tenantId, events));
  tickets += page.length;
  writes += rows.length;
}
const closing = process.cpuUsage();
await database.close();
report({ tickets, writes, openMs, closeMs: cpuMsSince(closing).totalMs, ms } satisfies PageSqlResult);
