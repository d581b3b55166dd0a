/**
 * A location's summary days as people read them in a terminal (`tillbooks days`, the summary
 * demo): one row a day with its POS totals, state and documents, then the reconciliation per
 * group of each day read back from QuickBooks.
 */
import { formatCents } from '../domain/money.js';
import type { DaysOverview, OverviewDay } from '../sync/index.js';

const COLUMNS = ['date', 'tickets', 'gross sales', 'returns', 'discounts', 'tax', 'tips', 'tenders', 'state', 'QuickBooks'] as const;

const money = (cents: number | undefined) => (cents === undefined ? '-' : formatCents(cents));

function cells(d: OverviewDay): string[] {
  const t = d.totals;
  return [d.date, String(d.tickets), money(t?.sales), money(t?.returns), money(t?.discounts), money(t?.taxes),
    money(t?.tips), money(t ? -t.tenders : undefined), d.stateWords, d.documents.map((doc) => `${doc.entity} ${doc.id} (${doc.docNumber})`).join(', ') || '-'];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (i: number) => i >= 1 && i <= 7;
  return rows.map((r) => r.map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** The days table and, below it, each read-back day's reconciliation (differences spelt out). */
export function formatDays(view: DaysOverview): string {
  const head = `${view.locationId} (${view.timeZone}), ${view.mode.mode}${view.mode.summaryFrom ? ` from ${view.mode.summaryFrom}` : ''}; today there: ${view.today}`;
  if (view.days.length === 0) return `${head}\nno summary days${view.mode.mode === 'summary' ? ' yet' : ': the location posts line-by-line'}`;
  const lines = [head, table([[...COLUMNS], ...view.days.map(cells)])];
  if (view.readBack.error) lines.push(`QuickBooks could not be read back: ${view.readBack.error}`);
  const checked = view.days.filter((d) => d.reconciliation);
  if (checked.length > 0) {
    lines.push('', 'Reconciliation, POS against QuickBooks read back, per group:');
    const rows = [['date', 'group', 'POS', 'QuickBooks', 'difference']];
    for (const d of checked) {
      for (const r of d.reconciliation!.rows) rows.push([d.date, r.group, formatCents(r.pos), formatCents(r.qbo), r.pos === r.qbo ? 'ok' : formatCents(r.qbo - r.pos)]);
    }
    lines.push(reconTable(rows));
    const off = checked.filter((d) => !d.reconciliation!.matches).map((d) => d.date);
    lines.push(off.length === 0 ? `Every day read back matches to the cent (${checked.length} days).` : `Days that do not match: ${off.join(', ')}`);
  }
  for (const d of view.days) {
    if (d.error) lines.push(`${d.date}: ${d.error.message} → ${d.error.hint}`);
    for (const x of d.difference ?? []) lines.push(`  ${x.group}: posted ${formatCents(x.posted)}, now ${formatCents(x.now)} (${formatCents(x.difference)})`);
  }
  return lines.join('\n');
}

function reconTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}
