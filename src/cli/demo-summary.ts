/**
 * `npm run demo -- --mode summary`: the daily-summary story (issue 14) on the demo's stores and
 * tickets. Both stores switch to summary mode from the first demo day; a run posts each
 * store-day as one zero-total sales receipt with its journal entries (r1). Then a ticket rung
 * up offline arrives late for the first day and a posted ticket of the second day has its tip
 * adjusted: those two days go out of date, and the next run rewrites them in place (r2). It ends
 * in each store's days and their reconciliation read back from QuickBooks, group by group.
 */
import { DEMO_LOCATIONS } from '../demo/generate-tickets.js';
import type { DemoTicket } from '../demo/generate-tickets.js';
import { formatCents, parseMoney } from '../domain/money.js';
import { daysOverview } from '../sync/index.js';
import { printReport } from './commands-sync.js';
import type { DemoWorld } from './demo.js';
import { formatDays } from './days-table.js';
import { runWithProgress } from './run-progress.js';

const TIP_ADDED_CENTS = 200;

const cents = (money: string): number => {
  const parsed = parseMoney(money);
  if (!parsed.ok) throw new Error(`the demo's ticket holds "${money}", not money`);
  return parsed.value;
};

/** A closed sale sent once (no later version, no return), of one store and day: safe to copy or edit. */
function plainSale(w: DemoWorld, locationId: string, date: string, ...preferred: ((t: DemoTicket) => boolean)[]): DemoTicket {
  const versions = new Map<string, number>();
  for (const t of w.tickets) versions.set(`${t.locationId} ${t.id}`, (versions.get(`${t.locationId} ${t.id}`) ?? 0) + 1);
  const plain = w.tickets.filter((t) => t.locationId === locationId && t.closedAt.startsWith(date) && t.status === 'closed'
    && versions.get(`${t.locationId} ${t.id}`) === 1 && cents(t.total) > 0 && t.lines.every((l) => !l.quantity.startsWith('-')));
  const found = preferred.map((pick) => plain.find(pick)).find((t) => t !== undefined);
  if (!found) throw new Error(`no plain sale at ${locationId} on ${date} in the demo's tickets: try more tickets per day`);
  return found;
}

/** The late ticket (a copy of a sale rung up offline that day) and the edit (a card tip adjusted when the batch closed). */
function lateAndEdited(w: DemoWorld): { late: DemoTicket; edited: DemoTicket } {
  const [first, second] = [DEMO_LOCATIONS[0]!.id, DEMO_LOCATIONS[1]!.id];
  const original = plainSale(w, first, w.dates[0]!, () => true);
  const late: DemoTicket = { ...original, id: `${original.id}-offline`, version: 1, note: 'Rung up offline, sent late' };
  const date = w.dates[1] ?? w.dates[0]!;
  // A card tip is the usual edit; a small day may have no card sale, and then the tip goes on its last payment.
  const posted = plainSale(w, second, date, (t) => t.payments.some((p) => p.method === 'credit_card'), () => true);
  const cardAt = posted.payments.findIndex((p) => p.method === 'credit_card');
  const card = cardAt >= 0 ? cardAt : posted.payments.length - 1;
  const add = (money: string | undefined) => formatCents(cents(money ?? '0') + TIP_ADDED_CENTS);
  const edited: DemoTicket = {
    ...posted, version: posted.version + 1, note: 'Tip adjusted', tip: add(posted.tip), total: add(posted.total),
    payments: posted.payments.map((p, i) => (i === card ? { ...p, amount: add(p.amount) } : p)),
  };
  return { late, edited };
}

async function syncAndSay(w: DemoWorld, what: string): Promise<void> {
  const { runId } = await w.sync.syncNow(w.tenantId, { connectionId: w.connectionId });
  const { run, totals: t, runIds } = await runWithProgress(w.rt, w.deps, w.tenantId, runId, { progress: process.stderr.isTTY });
  const days = { posted: 0, skipped: 0, changed: 0, pending: 0 };
  for (const id of runIds) {
    const c = await w.sync.days.runDays(w.tenantId, id);
    for (const k of Object.keys(days) as (keyof typeof days)[]) days[k] += c?.[k] ?? 0;
  }
  console.log(`   run ${runId} ${run?.status}: ${what}: ${days.posted} days posted, ${days.skipped} skipped, ${days.changed} changed in QuickBooks, ${days.pending} pending; ${t.httpRequests} QuickBooks requests`);
}

async function daysStates(w: DemoWorld): Promise<string> {
  const parts: string[] = [];
  for (const l of DEMO_LOCATIONS) {
    const days = await w.sync.days.list(w.tenantId, l.id, { from: w.dates[0]!, to: w.dates.at(-1)! });
    parts.push(`${l.id}: ${days.map((d) => `${d.date} ${d.stateWords}`).join(', ')}`);
  }
  return parts.map((p) => `   ${p}`).join('\n');
}

export async function runSummaryStory(w: DemoWorld): Promise<boolean> {
  const { sync, tenantId, dates } = w;
  console.log(`4. Summary mode: each store posts one daily summary per day from ${dates[0]}`);
  for (const l of DEMO_LOCATIONS) await sync.days.setMode(tenantId, l.id, { mode: 'summary', from: dates[0]!, savedBy: 'demo' });
  console.log('5. Initialize');
  printReport(await sync.initialize(tenantId, w.connectionId));
  console.log('6. Sync now: each store-day as a zero-total sales receipt, with journal entries for costs and the drawer where a day has them');
  await syncAndSay(w, 'first posting');
  console.log(await daysStates(w));
  const { late, edited } = lateAndEdited(w);
  console.log(`7. After posting: ticket ${late.id} (${late.locationId}) arrives late, ticket ${edited.id} (${edited.locationId}) has its tip raised by ${formatCents(TIP_ADDED_CENTS)}`);
  await w.take([late, edited]);
  console.log(await daysStates(w));
  console.log('8. Sync now: the days out of date are rewritten in place (same documents, next revision)');
  await syncAndSay(w, 'rewrite');
  console.log('9. Reconciliation: each day\'s POS groups against its documents read back from QuickBooks');
  let ok = true;
  for (const l of DEMO_LOCATIONS) {
    const view = await daysOverview(sync, tenantId, { locationId: l.id, from: dates[0]!, to: dates.at(-1)! });
    console.log(`\n${formatDays(view)}`);
    ok &&= view.readBack.done && view.days.length === dates.length && view.days.every((d) => d.state === 'posted' && d.reconciliation?.matches === true);
  }
  console.log(ok ? 'Every store-day is in QuickBooks once, rewritten in place where it changed, and matches the POS to the cent.'
    : 'Some store-days do not match: see above.');
  return ok;
}
