/** What the Days page shows, computed in TypeScript (the template only lays it out). */
import type { Location } from '../../domain/location.js';
import type { DaysOverview, ModeSwitchPreview, OverviewDay, ReconGroup } from '../../sync/index.js';
import { money } from './format.js';

const GROUP_NAMES: Record<ReconGroup, string> = {
  sales: 'Sales', returns: 'Returns', discounts: 'Discounts', giftCardSales: 'Gift card sales', taxes: 'Tax', tips: 'Tips',
  rewardPoints: 'Reward points', customerBalance: 'Customer balance', tenders: 'Tenders', other: 'Lines not from the POS',
  cogs: 'Cost of goods sold', drawer: 'Drawer',
};

/** The state's look: the same colours as the tickets' states where they mean the same. */
const STATE_CLASS: Record<OverviewDay['state'], string> = {
  open: 'open', ready: 'pending', posting: 'posting', posted: 'posted', 'out-of-date': 'pending', skipped: 'skipped', 'changed-in-qbo': 'skipped',
};

export interface ReconCell {
  /** 'none': nothing posted to compare; 'unread': QuickBooks was not read back. */
  status: 'match' | 'differs' | 'none' | 'unread';
  summary: string;
  rows: { group: string; pos: string; qbo: string; differs: boolean }[];
}

export interface DayRow {
  day: OverviewDay;
  id: string;
  stateClass: string;
  cells: { label: string; value: string }[];
  tenders: string[];
  recon: ReconCell;
  docs: { label: string; url: string }[];
  /** The button the day offers: Resync (skipped) or Repost this day (changed in QuickBooks). */
  action: { value: 'resync' | 'repost'; label: string } | null;
}

export interface PreviewView {
  mode: ModeSwitchPreview['mode'];
  from: string;
  effects: string[];
  /** Why it cannot be saved; empty when it can. */
  problems: string[];
}

export interface DaysPageView {
  view: DaysOverview;
  locations: Location[];
  range: { from: string; to: string };
  problems: string[];
  preview: PreviewView | null;
  connected: boolean;
  rows: DayRow[];
  modeWords: string;
}

function reconCell(d: OverviewDay): ReconCell {
  const r = d.reconciliation;
  if (!r) {
    // A day whose documents were deleted in QuickBooks has had some: "yet" would say it never posted.
    const nothing = d.state === 'changed-in-qbo' ? 'nothing left in QuickBooks' : 'nothing in QuickBooks yet';
    return d.documents.length === 0 ? { status: 'none', summary: nothing, rows: [] }
      : { status: 'unread', summary: 'not read back from QuickBooks', rows: [] };
  }
  const rows = r.rows.map((x) => ({ group: GROUP_NAMES[x.group], pos: money(x.pos), qbo: money(x.qbo), differs: x.pos !== x.qbo }));
  const off = rows.filter((x) => x.differs);
  const summary = off.length === 0 ? `matches to the cent (${rows.length} groups)`
    : `differs: ${off.map((x) => `${x.group} POS ${x.pos}, QuickBooks ${x.qbo}`).join('; ')}`;
  return { status: off.length === 0 ? 'match' : 'differs', summary, rows };
}

const DOC_LABELS = { salesReceipt: 'Sales receipt', cogs: 'COGS entry', drawer: 'Drawer entry' } as const;

function dayRow(d: OverviewDay): DayRow {
  const t = d.totals;
  return {
    day: d, id: `day-${d.date}`, stateClass: STATE_CLASS[d.state],
    cells: [
      { label: 'Tickets', value: String(d.tickets) }, { label: 'Gross sales', value: money(t?.sales) }, { label: 'Returns', value: money(t?.returns) },
      { label: 'Discounts', value: money(t?.discounts) }, { label: 'Tax', value: money(t?.taxes) }, { label: 'Tips', value: money(t?.tips) },
      { label: 'Tenders', value: money(t ? -t.tenders : null) },
    ],
    docs: d.documents.map((doc) => ({ label: `${DOC_LABELS[doc.kind]} ${doc.docNumber}`, url: d.links.find((x) => x.id === doc.id)?.url ?? '' })),
    tenders: d.tenders.map((x) => `${x.name} ${money(x.cents)}`),
    recon: reconCell(d),
    action: d.action === 'resync' ? { value: 'resync', label: 'Resync' } : d.action === 'repost' ? { value: 'repost', label: 'Repost this day' } : null,
  };
}

export function buildDaysView(input: Omit<DaysPageView, 'rows' | 'modeWords'>): DaysPageView {
  const m = input.view.mode;
  const modeWords = m.mode === 'summary' ? `Daily summary since ${m.summaryFrom}` : m.cutOvers.length ? 'Line-by-line (days summarised before stay so)' : 'Line-by-line';
  return { ...input, rows: input.view.days.map(dayRow), modeWords };
}
