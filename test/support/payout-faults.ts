/**
 * Payouts for the fault tests (issue 15 acceptance: 0 duplicate, 0 missing Deposits): numbered
 * payouts of "square" with varied figures, and the check of what QuickBooks holds against them.
 */
import { formatCents } from '../../src/domain/money.js';
import type { QboClient, QboEntity } from '../../src/qbo/index.js';

export interface FaultPayout { id: string; version: number; arrivalDate: string; gross: number; fees: number; adjustments: number; net: number }

/** Payouts `from`…`from + count − 1`, version 1; arrival dates spread over November 2026. */
export function faultPayouts(from: number, count: number): FaultPayout[] {
  return Array.from({ length: count }, (_, i) => withFigures(`fp_${String(from + i).padStart(3, '0')}`, 1, from + i));
}

/** The same payout at a higher version, with other figures (its Deposit is rewritten in place). */
export const nextVersion = (p: FaultPayout): FaultPayout => withFigures(p.id, p.version + 1, Number(p.id.slice(3)) + 17 * p.version, p.arrivalDate);

function withFigures(id: string, version: number, n: number, arrivalDate?: string): FaultPayout {
  const gross = 10_000 + ((n * 7919) % 90_000);
  const fees = Math.round(gross * 0.029);
  const adjustments = n % 4 === 0 ? -1500 : 0;
  return { id, version, arrivalDate: arrivalDate ?? `2026-11-${String(1 + (n % 28)).padStart(2, '0')}`, gross, fees, adjustments, net: gross - fees + adjustments };
}

export function wireFaultPayout(p: FaultPayout): Record<string, unknown> {
  return { id: p.id, processor: 'square', version: p.version, arrivalDate: p.arrivalDate, gross: formatCents(p.gross), fees: formatCents(p.fees),
    adjustments: formatCents(p.adjustments), net: formatCents(p.net) };
}

type Deposit = QboEntity & { Id: string; TotalAmt: number; PrivateNote?: string; TxnDate: string };

/**
 * What QuickBooks holds against the payouts (latest version each), read over HTTP: the
 * payouts with no Deposit, those with more than one, and those whose one Deposit is not at the
 * payout's version, net and date; and Deposits that belong to no payout.
 */
export interface DepositProblems { missing: string[]; duplicate: string[]; wrong: string[]; strangers: string[] }

export async function depositProblems(client: QboClient, payouts: readonly FaultPayout[]): Promise<DepositProblems> {
  const deposits = await client.queryAll<Deposit>('Deposit');
  const byId = new Map<string, Deposit[]>();
  const strangers: string[] = [];
  for (const d of deposits) {
    const id = /^POS payout square\/(\S+) v\d+/.exec(d.PrivateNote ?? '')?.[1];
    if (id === undefined) strangers.push(d.Id);
    else byId.set(id, [...(byId.get(id) ?? []), d]);
  }
  const out: DepositProblems = { missing: [], duplicate: [], wrong: [], strangers };
  for (const p of payouts) {
    const found = byId.get(p.id) ?? [];
    byId.delete(p.id);
    if (found.length === 0) out.missing.push(p.id);
    else if (found.length > 1) out.duplicate.push(`${p.id} ×${found.length}`);
    else {
      const d = found[0]!;
      const want = `POS payout square/${p.id} v${p.version} ${formatCents(p.net)} ${p.arrivalDate}`;
      const got = `${d.PrivateNote} ${formatCents(Math.round(d.TotalAmt * 100))} ${d.TxnDate}`;
      if (got !== want) out.wrong.push(`${want} ≠ ${got}`);
    }
  }
  out.strangers.push(...[...byId.keys()]);
  return out;
}

export const NO_PROBLEMS: DepositProblems = { missing: [], duplicate: [], wrong: [], strangers: [] };
