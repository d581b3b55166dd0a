/**
 * The clearing balances view (issue 15 item 4; records-format.md: "per clearing account, what
 * went in (tenders) and what came out (payouts): the balance left is what is still in
 * transit"), one processor of one QuickBooks company at a time. It gathers the posted card
 * tenders of the company's stores from the processor's start date (what their documents
 * deposited to its clearing account, mapping/clearing-tenders.ts) and the processor's payouts,
 * and lets domain/clearing-balance.ts add them up and warn. Money as decimal strings.
 */
import { DEFAULT_USUAL_DELAY_DAYS, MAX_USUAL_DELAY_DAYS, clearingBalance } from '../../domain/clearing-balance.js';
import type { ClearingTender, ClearingWarning } from '../../domain/clearing-balance.js';
import { posNameKey } from '../../domain/account-mapping.js';
import type { QboRef } from '../../domain/account-mapping.js';
import { dateInZone } from '../../domain/business-date.js';
import { formatCents } from '../../domain/money.js';
import { payoutHomeResolver } from '../../domain/payout-home.js';
import { clearingShares } from '../../mapping/clearing-tenders.js';
import { compileRules } from '../../mapping/rules.js';
import { clearingTickets, processorDelays, setProcessorDelay } from '../../store/clearing.js';
import { listLocations } from '../../store/locations.js';
import { payoutHomeFacts } from '../../store/payout-homes.js';
import { listPayouts } from '../../store/payouts.js';
import type { StoredPayout } from '../../store/payouts.js';
import type { SyncDeps } from '../deps.js';
import { ServiceError, notFound } from '../errors.js';
import { payoutView } from './payout-view.js';
import type { PayoutView } from './payout-view.js';

export interface ClearingPayoutView extends PayoutView {
  periodStart: string | null;
  periodEnd: string | null;
  /** The card tenders of the days it covers (null: it does not say which days, or covers days before the start date). */
  covered: string | null;
  /** gross − covered. */
  difference: string | null;
}

export interface ClearingView {
  processor: string;
  connectionId: number;
  clearingAccount: QboRef;
  bankAccount: QboRef;
  /** Card tenders go to the clearing account from this business date. */
  from: string;
  usualDelayDays: number;
  tendersIn: string;
  payoutsOut: string;
  /** In transit: tenders in − payouts out. */
  balance: string;
  /** Gross of the payouts whose Deposit QuickBooks does not hold yet (pending, skipped…). */
  notInQuickBooks: string;
  days: { date: string; tendersIn: string; payoutsOut: string; balance: string }[];
  /** Newest first. */
  payouts: ClearingPayoutView[];
  warnings: { kind: ClearingWarning['kind']; message: string; amount: string; payoutId: string | null }[];
}

export interface ClearingOverview {
  /** The date ages are counted to (the stores' today). */
  today: string;
  processors: ClearingView[];
}

export async function clearingOverview(deps: SyncDeps, tenantId: string, opts: { processor?: string } = {}): Promise<ClearingOverview> {
  const db = deps.database.db;
  const facts = await payoutHomeFacts(db, tenantId);
  const locations = await listLocations(db, tenantId);
  const today = dateInZone(deps.clock.now(), locations[0]?.timeZone ?? 'UTC');
  const delays = await processorDelays(db, tenantId);
  const home = payoutHomeResolver(facts);
  const payouts = await listPayouts(db, tenantId, { limit: 100_000 });
  const wanted = opts.processor === undefined ? null : posNameKey(opts.processor);
  const processors: ClearingView[] = [];
  for (const { connectionId, mapping } of facts.mappings) {
    for (const [name, target] of Object.entries(mapping.processors)) {
      if (!target.clearing || !target.from || (wanted !== null && posNameKey(name) !== wanted)) continue;
      const stores = locations.filter((l) => l.connectionId === connectionId);
      const tenders: ClearingTender[] = [];
      for (const t of await clearingTickets(db, tenantId, stores.map((l) => l.id), target.from)) {
        const cents = clearingShares(t.ticket, t.businessDate, compileRules(mapping, t.locationId), t.summarised).get(posNameKey(name));
        if (cents !== undefined && cents !== 0) tenders.push({ date: t.businessDate, locationId: t.locationId, cents });
      }
      const own = payouts.filter((p) => belongs(p, connectionId, name, home));
      const storesToday = stores[0] ? dateInZone(deps.clock.now(), stores[0].timeZone) : today;
      processors.push(view({ name, connectionId, clearing: target.clearing, bank: target.bank, from: target.from,
        delay: delays.get(posNameKey(name)) ?? DEFAULT_USUAL_DELAY_DAYS, today: storesToday, tenders, payouts: own }));
    }
  }
  if (wanted !== null && processors.length === 0) throw notFound(`processor "${opts.processor}" with payouts turned on`);
  processors.sort((a, b) => (a.processor.toLowerCase() < b.processor.toLowerCase() ? -1 : 1) || a.connectionId - b.connectionId);
  return { today, processors };
}

function belongs(p: StoredPayout, connectionId: number, name: string, home: ReturnType<typeof payoutHomeResolver>): boolean {
  if (posNameKey(p.processor) !== posNameKey(name)) return false;
  if (p.connectionId !== null) return p.connectionId === connectionId;
  const h = home(p);
  return h.ok && h.connectionId === connectionId;
}

interface ViewInput {
  name: string; connectionId: number; clearing: QboRef; bank: QboRef; from: string; delay: number; today: string;
  tenders: ClearingTender[]; payouts: StoredPayout[];
}

function view(v: ViewInput): ClearingView {
  const b = clearingBalance({ from: v.from, usualDelayDays: v.delay, today: v.today, tenders: v.tenders, payouts: v.payouts });
  const coverage = new Map(b.coverage.map((c) => [c.payoutId, c]));
  const money = (c: number | null | undefined) => (c === null || c === undefined ? null : formatCents(c));
  const unposted = v.payouts.filter((p) => p.state !== 'posted' || p.postedVersion !== p.version);
  return {
    processor: v.name, connectionId: v.connectionId, clearingAccount: v.clearing, bankAccount: v.bank, from: v.from, usualDelayDays: v.delay,
    tendersIn: formatCents(b.tendersIn), payoutsOut: formatCents(b.payoutsOut), balance: formatCents(b.balance),
    notInQuickBooks: formatCents(unposted.reduce((s, p) => s + p.gross, 0)),
    days: b.days.map((d) => ({ date: d.date, tendersIn: formatCents(d.tendersIn), payoutsOut: formatCents(d.payoutsOut), balance: formatCents(d.balance) })),
    payouts: v.payouts.map((p) => ({
      ...payoutView(p), periodStart: p.periodStart ?? null, periodEnd: p.periodEnd ?? null,
      covered: money(coverage.get(p.id)?.covered), difference: money(coverage.get(p.id)?.difference),
    })),
    warnings: b.warnings.map((w) => ({
      kind: w.kind, message: w.message, payoutId: w.kind === 'mismatch' ? w.payoutId : null,
      amount: formatCents(w.kind === 'mismatch' ? w.difference : w.amount),
    })),
  };
}

/** Sets a processor's usual delay (days between a sale and its payout) for the tenant. */
export async function setUsualDelay(deps: SyncDeps, tenantId: string, processor: string, days: number,
  by: string | null): Promise<{ processor: string; usualDelayDays: number }> {
  const name = processor.trim();
  const bad = [
    ...(name.length === 0 || name.length > 64 ? [{ path: 'processor', value: processor, message: 'must be 1 to 64 characters' }] : []),
    ...(Number.isInteger(days) && days >= 0 && days <= MAX_USUAL_DELAY_DAYS ? [] : [{ path: 'days', value: days, message: `must be a whole number of days from 0 to ${MAX_USUAL_DELAY_DAYS}` }]),
  ];
  if (bad.length > 0) throw new ServiceError('INVALID', `the usual delay was not saved: ${bad.map((e) => `${e.path} ${JSON.stringify(e.value)} ${e.message}`).join('; ')}`, bad);
  await setProcessorDelay(deps.database.db, tenantId, posNameKey(name), days, by);
  return { processor: name, usualDelayDays: days };
}
