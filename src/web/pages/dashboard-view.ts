/**
 * The home page's answer to "do my books match, and what needs me?" (issue 18), per location
 * and for all: the verdict, the reasons with their action, the tickets by state, the last run
 * and the next, the connection and QuickBooks usage, and each day's money as the POS recorded
 * it against what is posted (the Reconciliation page reads QuickBooks back on demand).
 */
import { DateTime } from 'luxon';
import { dateInZone } from '../../domain/business-date.js';
import type { AttentionKind } from '../../domain/attention.js';
import type { Location } from '../../domain/location.js';
import { attentionCounts, moneyByDay } from '../../store/attention.js';
import type { AttentionCount, DayMoney } from '../../store/attention.js';
import { listLocations } from '../../store/locations.js';
import type { ConnectionView, RunView, TicketCounts, UsageView } from '../../sync/index.js';
import { ATTENTION_WORDS, actionHref, attentionTicketsHref } from './attention-words.js';
import type { AttentionWords } from './attention-words.js';
import type { BackOfficeDeps } from './page-kit.js';

export const DAY_CHOICES = [14, 30] as const;

export interface AttentionGroup extends AttentionWords {
  kind: AttentionKind;
  tickets: number;
  cents: number;
  ticketsHref: string;
  actionHref: string | null;
}

export type Verdict =
  | { kind: 'match'; text: string }
  | { kind: 'attention'; text: string }
  | { kind: 'waiting'; text: string }
  | { kind: 'not-connected'; text: string };

export interface LocationSummary {
  location: Location;
  connection: ConnectionView | null;
  verdict: Verdict;
  attention: AttentionGroup[];
  attentionTickets: number;
  counts: { pending: number; pendingCents: number; beforeStart: number; posted: number; postedCents: number; void: number; posting: number };
  lastRun: RunView | null;
  nextRun: string | null;
  quotaBlockedAt: string | null;
}

export interface DayRow extends Omit<DayMoney, 'locationId'> {
  notPostedCents: number;
  /** 0..100 of the widest day, for the row's bar (an SVG width: no inline style). */
  postedBar: number;
  notPostedBar: number;
  reconcileHref: string;
}

export interface DashboardView {
  locations: Location[];
  /** The location shown alone; null: all of them. */
  selected: Location | null;
  summaries: LocationSummary[];
  /** Over the summaries shown. */
  overall: Verdict;
  days: number;
  from: string;
  to: string;
  money: DayRow[];
  usage: UsageView;
}

export async function loadDashboard(deps: BackOfficeDeps, tenantId: string, ask: { locationId?: string; days: number }): Promise<DashboardView | 'no-locations' | null> {
  const locations = await listLocations(deps.db, tenantId);
  if (locations.length === 0) return 'no-locations';
  const selected = ask.locationId === undefined ? null : locations.find((l) => l.id === ask.locationId);
  if (selected === undefined) return null;
  const shown = selected ? [selected] : locations;
  const to = dateInZone((deps.now ?? Date.now)(), (selected ?? locations[0]!).timeZone);
  const from = DateTime.fromISO(to).minus({ days: ask.days - 1 }).toISODate()!;
  const { sync } = deps;
  const [connections, counts, attention, nextRuns, usage, money, runs] = await Promise.all([
    sync.connections(tenantId), sync.ticketCounts(tenantId), attentionCounts(deps.db, tenantId), sync.nextRuns(tenantId),
    sync.usage(tenantId), moneyByDay(deps.db, tenantId, { locationId: selected?.id, from, to }),
    Promise.all(shown.map((l) => sync.recentRuns(tenantId, { locationId: l.id, limit: 1 }))),
  ]);
  const summaries = shown.map((location, i) => summarize({
    location, connection: connections.find((c) => c.id === location.connectionId) ?? null,
    counts: counts.filter((c) => c.locationId === location.id), attention: attention.filter((a) => a.locationId === location.id),
    lastRun: runs[i]![0] ?? null, nextRun: nextRuns[location.id] ?? null, usage,
  }));
  return {
    locations, selected, summaries, overall: overallVerdict(summaries), days: ask.days, from, to,
    money: dayRows(money, selected?.id), usage,
  };
}

function summarize(p: { location: Location; connection: ConnectionView | null; counts: TicketCounts[]; attention: AttentionCount[];
  lastRun: RunView | null; nextRun: string | null; usage: UsageView }): LocationSummary {
  const sum = (pick: (c: TicketCounts) => boolean, field: 'tickets' | 'cents') => p.counts.filter(pick).reduce((n, c) => n + c[field], 0);
  const pendingNow = (c: TicketCounts) => c.state === 'pending' && !c.beforeStart;
  const counts = {
    pending: sum(pendingNow, 'tickets'), pendingCents: sum(pendingNow, 'cents'),
    beforeStart: sum((c) => c.beforeStart, 'tickets'),
    posted: sum((c) => c.state === 'posted', 'tickets'), postedCents: sum((c) => c.state === 'posted', 'cents'),
    void: sum((c) => c.state === 'void', 'tickets'), posting: sum((c) => c.state === 'posting', 'tickets'),
  };
  const attention = p.attention.map((a) => ({
    ...ATTENTION_WORDS[a.kind], kind: a.kind, tickets: a.tickets, cents: a.cents,
    ticketsHref: attentionTicketsHref(a.kind, p.location.id), actionHref: actionHref(a.kind, p.location.id),
  }));
  const attentionTickets = attention.reduce((n, a) => n + a.tickets, 0);
  const quotaBlockedAt = p.usage.companies.find((u) => u.connectionId === p.connection?.id)?.quotaBlockedAt ?? null;
  return {
    location: p.location, connection: p.connection, attention, attentionTickets, counts, lastRun: p.lastRun, nextRun: p.nextRun, quotaBlockedAt,
    verdict: verdictOf(p.connection, attentionTickets, counts.pending + counts.posting),
  };
}

function verdictOf(connection: ConnectionView | null, attention: number, waiting: number): Verdict {
  if (attention > 0) return { kind: 'attention', text: `${plural(attention, 'ticket')} ${attention === 1 ? 'needs' : 'need'} you` };
  if (!connection || connection.status === 'disconnected') return { kind: 'not-connected', text: 'Not connected to QuickBooks' };
  if (connection.status === 'reconnect_needed') return { kind: 'attention', text: 'The connection to QuickBooks needs a reconnect' };
  if (waiting > 0) return { kind: 'waiting', text: `Books match what is posted; ${plural(waiting, 'ticket')} ${waiting === 1 ? 'waits' : 'wait'} for the next run` };
  return { kind: 'match', text: 'Books match' };
}

function overallVerdict(summaries: readonly LocationSummary[]): Verdict {
  if (summaries.length === 1) return summaries[0]!.verdict;
  const attention = summaries.reduce((n, s) => n + s.attentionTickets, 0);
  if (attention > 0) return { kind: 'attention', text: `${plural(attention, 'ticket')} ${attention === 1 ? 'needs' : 'need'} you` };
  const worst = summaries.find((s) => s.verdict.kind !== 'match');
  if (worst) return { kind: worst.verdict.kind, text: `${worst.location.name}: ${worst.verdict.text}` } as Verdict;
  return { kind: 'match', text: 'Books match at every location' };
}

/** One row a business date (all locations summed when none is chosen), newest first. */
function dayRows(money: readonly DayMoney[], locationId: string | undefined): DayRow[] {
  const byDate = new Map<string, Omit<DayMoney, 'locationId'>>();
  for (const m of money) {
    const d = byDate.get(m.date) ?? { date: m.date, tickets: 0, posCents: 0, postedCents: 0, postedTickets: 0 };
    d.tickets += m.tickets; d.posCents += m.posCents; d.postedCents += m.postedCents; d.postedTickets += m.postedTickets;
    byDate.set(m.date, d);
  }
  const widest = Math.max(1, ...[...byDate.values()].map((d) => Math.abs(d.posCents)));
  return [...byDate.values()].map((d) => {
    const notPosted = d.posCents - d.postedCents;
    const params = new URLSearchParams({ from: d.date, to: d.date, ...(locationId !== undefined && { location: locationId }) });
    return {
      ...d, notPostedCents: notPosted,
      postedBar: bar(d.postedCents, widest), notPostedBar: bar(notPosted, widest), reconcileHref: `/reconcile?${params.toString()}`,
    };
  });
}

function bar(cents: number, widest: number): number {
  return Math.max(0, Math.round((cents / widest) * 1000) / 10);
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
