/**
 * The payouts part of the SyncService facade (web, API and CLI take this one path): turning
 * payouts on for a processor, and the payouts with where each Deposit stands.
 */
import { formatCents } from '../../domain/money.js';
import { listPayouts } from '../../store/payouts.js';
import type { PayoutFilter, StoredPayout } from '../../store/payouts.js';
import type { SyncDeps } from '../deps.js';
import { turnOnPayouts } from './turn-on.js';
import type { TurnOnRequest, TurnOnResult } from './turn-on.js';

export type { TurnOnRequest, TurnOnResult } from './turn-on.js';

/** A payout as people and scripts read it: money as decimal strings. */
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

export interface PayoutService {
  turnOn(tenantId: string, connectionId: number, req: TurnOnRequest): Promise<TurnOnResult>;
  list(tenantId: string, filter?: PayoutFilter): Promise<PayoutView[]>;
}

export function makePayoutService(deps: SyncDeps): PayoutService {
  return {
    turnOn: (tenantId, connectionId, req) => turnOnPayouts(deps, tenantId, connectionId, req),
    list: async (tenantId, filter) => (await listPayouts(deps.database.db, tenantId, filter)).map(payoutView),
  };
}

function payoutView(p: StoredPayout): PayoutView {
  const error = p.lastError as { message?: unknown } | null;
  return {
    processor: p.processor, id: p.id, version: p.version, locationId: p.locationId ?? null, arrivalDate: p.arrivalDate,
    gross: formatCents(p.gross), fees: formatCents(p.fees), adjustments: formatCents(p.adjustments), net: formatCents(p.net),
    state: p.state, postedVersion: p.postedVersion, depositId: p.depositId, error: typeof error?.message === 'string' ? error.message : null,
  };
}
