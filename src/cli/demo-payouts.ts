/**
 * `npm run demo -- --payouts` (or `--mode payouts`): the payouts story (issue 15 item 6) on the
 * demo's stores and tickets. Payouts are turned on for one processor, "square", from the first
 * demo day, so every card tender goes to its clearing account; the tickets post; then the
 * processor pays the week out in three payouts, each covering a run of days: fees kept back on
 * each, a chargeback adjustment on the second, the card refunds of its days netted in each
 * gross. A run posts each payout as one Deposit (gross out of clearing, fees and adjustments on
 * their lines, total = net), and the story ends with the clearing account's balance by date:
 * 0.00 in transit, every tender paid out.
 */
import { DateTime } from 'luxon';
import { DEMO_LOCATIONS } from '../demo/generate-tickets.js';
import { formatCents, parseMoney } from '../domain/money.js';
import { summarise } from '../intake/take-tickets.js';
import { takePayouts } from '../intake/take-payouts.js';
import { printReport } from './commands-sync.js';
import { formatClearing } from './clearing-table.js';
import type { DemoWorld } from './demo.js';
import { runWithProgress } from './run-progress.js';

const PROCESSOR = 'square';
const CHARGEBACK_CENTS = 4500;

const cents = (money: string): number => {
  const parsed = parseMoney(money);
  if (!parsed.ok) throw new Error(`the demo holds "${money}", not money`);
  return parsed.value;
};

/** The demo days cut in three runs (as even as they go), one per payout. */
export function threeRuns(dates: readonly string[]): string[][] {
  const runs: string[][] = [[], [], []];
  dates.forEach((d, i) => runs[Math.min(2, Math.floor((i * 3) / dates.length))]!.push(d));
  return runs.filter((r) => r.length > 0);
}

/**
 * Card refunds the payout's gross has netted: refund tickets of those days paid back mostly by
 * card (a refund receipt takes its whole total out of that tender's account, here the clearing).
 */
function refundsNetted(w: DemoWorld, dates: readonly string[]): number {
  const latest = new Map(w.tickets.map((t) => [`${t.locationId} ${t.id}`, t]));
  let refunds = 0;
  for (const t of latest.values()) {
    const total = cents(t.total);
    if (t.status !== 'closed' || total >= 0 || !dates.includes(t.closedAt.slice(0, 10))) continue;
    const byMethod = new Map<string, number>();
    for (const p of t.payments) byMethod.set(p.method, (byMethod.get(p.method) ?? 0) + cents(p.amount));
    const [method] = [...byMethod.entries()].reduce((a, b) => (b[1] < a[1] ? b : a));
    if (method === 'credit_card') refunds += total;
  }
  return refunds;
}

async function syncAndSay(w: DemoWorld, what: 'tickets' | 'payouts'): Promise<void> {
  const { runId } = await w.sync.syncNow(w.tenantId, { connectionId: w.connectionId });
  const { run, totals: t } = await runWithProgress(w.rt, w.deps, w.tenantId, runId, { progress: process.stderr.isTTY });
  if (what === 'tickets') {
    console.log(`   run ${runId} ${run?.status}: ${t.posted} tickets posted, ${t.skipped} skipped, ${t.pending} pending; ${t.httpRequests} QuickBooks requests`);
    return;
  }
  const payouts = await w.sync.payouts.list(w.tenantId, { processor: PROCESSOR });
  const states = [...new Set(payouts.map((p) => p.state))].map((s) => `${payouts.filter((p) => p.state === s).length} ${s}`).join(', ');
  console.log(`   run ${runId} ${run?.status}: payouts ${states}; Deposits ${payouts.flatMap((p) => (p.depositId ? [p.depositId] : [])).join(', ') || 'none'}`);
}

export async function runPayoutsStory(w: DemoWorld): Promise<boolean> {
  const { sync, tenantId, connectionId, dates } = w;
  const from = dates[0]!;
  console.log('4. Initialize');
  printReport(await sync.initialize(tenantId, connectionId));
  const bank = (await sync.mapping.companyLists(tenantId, connectionId)).accounts.find((a) => a.type === 'Bank');
  if (!bank) throw new Error('the demo company has no bank account');
  const on = await sync.payouts.turnOn(tenantId, connectionId, { processor: PROCESSOR, from, bank: { id: bank.id, name: bank.name }, by: 'demo' });
  console.log(`5. Payouts on for ${PROCESSOR} from ${from}: card tenders go to "${on.target.clearing?.name}", payouts into "${bank.name}", fees on "${on.target.fees.name}"`);
  console.log('6. Sync now: the tickets, their card payments deposited to the clearing account');
  await syncAndSay(w, 'tickets');
  const before = (await sync.payouts.clearing(tenantId, { processor: PROCESSOR })).processors[0]!;
  console.log(`   in clearing: ${before.balance} of card tenders (refunds netted), waiting for payouts`);

  const today = DateTime.fromMillis(w.rt.clock.now(), { zone: DEMO_LOCATIONS[0]!.timeZone }).toISODate()!;
  const byDate = new Map(before.days.map((d) => [d.date, cents(d.tendersIn)]));
  const records = threeRuns(dates).map((run, i) => {
    const gross = run.reduce((s, d) => s + (byDate.get(d) ?? 0), 0);
    const fees = Math.round(gross * 0.026) + 10;
    const adjustments = i === 1 ? -Math.min(CHARGEBACK_CENTS, Math.floor(gross / 10)) : 0;
    const arrival = DateTime.fromISO(run.at(-1)!).plus({ days: 2 }).toISODate()!;
    return { id: `po_${run[0]!.replaceAll('-', '')}`, processor: PROCESSOR, arrivalDate: arrival < today ? arrival : today,
      gross: formatCents(gross), fees: formatCents(fees), adjustments: formatCents(adjustments), net: formatCents(gross - fees + adjustments),
      periodStart: `${run[0]}T00:00:00Z`, periodEnd: `${DateTime.fromISO(run.at(-1)!).plus({ days: 1 }).toISODate()}T00:00:00Z`, run };
  });
  console.log(`7. ${records.length} payouts from ${PROCESSOR}, each covering a run of days:`);
  for (const r of records) {
    const refunds = refundsNetted(w, r.run);
    console.log(`   ${r.id} arrives ${r.arrivalDate}: covers ${r.run[0]}…${r.run.at(-1)}, gross ${r.gross} (card refunds netted: ${formatCents(-refunds)}), `
      + `fees ${r.fees}${r.adjustments !== '0.00' ? `, chargeback ${r.adjustments}` : ''}, net ${r.net}`);
  }
  const taken = summarise(await takePayouts(w.rt.database.db, tenantId, records.map(({ run: _, ...p }, i) => ({ raw: JSON.stringify(p), ref: i }))));
  if (taken.refused > 0) throw new Error(`the demo's own payouts were refused (${taken.refused})`);
  console.log('8. Sync now: each payout becomes one Deposit (gross out of clearing, fees and the chargeback on their lines, total = net)');
  await syncAndSay(w, 'payouts');
  const after = await sync.payouts.clearing(tenantId, { processor: PROCESSOR });
  console.log('9. The clearing account, by date: what went in, what came out, what is still in transit\n');
  console.log(formatClearing(after));
  const v = after.processors[0]!;
  const deposits = v.payouts.filter((p) => p.state === 'posted' && p.depositId !== null).length;
  const ok = v.balance === '0.00' && deposits === records.length && v.payouts.length === records.length && v.warnings.length === 0;
  console.log(ok ? `\nClearing balance ${v.balance}: every card tender paid out; ${records.length} payouts, ${deposits} Deposits, each equal to its payout's net.`
    : `\nThe clearing account does not balance: ${v.balance} in transit, ${deposits} Deposits for ${records.length} payouts.`);
  return ok;
}
