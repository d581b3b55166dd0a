/** A payout as people and scripts read it: money as decimal strings. */
import { formatCents } from '../../domain/money.js';
import type { StoredPayout } from '../../store/payouts.js';

export interface PayoutView {
  processor: string;
  id: string;
  version: number;
  locationId: string | null;
  arrivalDate: string;
  gross: string;
  fees: string;
  adjustments: string;
  net: string;
  state: StoredPayout['state'];
  postedVersion: number | null;
  depositId: string | null;
  error: string | null;
}

export function payoutView(p: StoredPayout): PayoutView {
  const error = p.lastError as { message?: unknown } | null;
  return {
    processor: p.processor, id: p.id, version: p.version, locationId: p.locationId ?? null, arrivalDate: p.arrivalDate,
    gross: formatCents(p.gross), fees: formatCents(p.fees), adjustments: formatCents(p.adjustments), net: formatCents(p.net),
    state: p.state, postedVersion: p.postedVersion, depositId: p.depositId, error: typeof error?.message === 'string' ? error.message : null,
  };
}
