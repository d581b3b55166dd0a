/**
 * Processors' clearing accounts as people read them in a terminal (`tillbooks payouts clearing`,
 * the payouts demo): warnings first, then the balance in transit by date, then the payouts with
 * their Deposits.
 */
import type { ClearingOverview, ClearingView } from '../sync/index.js';

function table(rows: string[][], numeric: (i: number) => boolean): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

export function formatClearingView(v: ClearingView, today: string): string {
  const lines = [`${v.processor}: clearing account "${v.clearingAccount.name}" (card tenders from ${v.from}), payouts into "${v.bankAccount.name}"; `
    + `usual delay ${v.usualDelayDays} days; today ${today}`];
  for (const w of v.warnings) lines.push(`  ! ${w.message}`);
  lines.push(`  tenders in ${v.tendersIn}, payouts out ${v.payoutsOut}, in transit ${v.balance}`
    + `${v.notInQuickBooks !== '0.00' ? ` (payouts not in QuickBooks yet: ${v.notInQuickBooks})` : ''}`);
  if (v.days.length > 0) {
    lines.push('', table([['date', 'tenders in', 'payouts out', 'in transit'], ...v.days.map((d) => [d.date, d.tendersIn, d.payoutsOut, d.balance])], (i) => i > 0));
  }
  if (v.payouts.length > 0) {
    const rows = [['payout', 'arrived', 'gross', 'fees', 'adjustments', 'net', 'covers', 'Deposit']];
    for (const p of v.payouts) {
      rows.push([`${p.id} v${p.version}`, p.arrivalDate, p.gross, p.fees, p.adjustments, p.net,
        p.covered === null ? '-' : `${p.covered}${p.difference !== '0.00' ? ` (off ${p.difference})` : ''}`,
        `${p.state}${p.depositId ? ` ${p.depositId}` : ''}${p.error ? `: ${p.error}` : ''}`]);
    }
    lines.push('', table(rows, (i) => i >= 2 && i <= 5));
  }
  return lines.join('\n');
}

export function formatClearing(o: ClearingOverview): string {
  if (o.processors.length === 0) return 'no processor has payouts turned on: tillbooks payouts on PROCESSOR --from DATE --bank ACCOUNT';
  return o.processors.map((v) => formatClearingView(v, o.today)).join('\n\n');
}
