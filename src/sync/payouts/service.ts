/**
 * The payouts part of the SyncService facade (web, API and CLI take this one path): turning
 * payouts on for a processor, the payouts with where each Deposit stands, and each processor's
 * clearing balance with its usual payout delay.
 */
import { listPayouts } from '../../store/payouts.js';
import type { PayoutFilter } from '../../store/payouts.js';
import type { SyncDeps } from '../deps.js';
import { clearingOverview, setUsualDelay } from './clearing.js';
import type { ClearingOverview } from './clearing.js';
import { payoutView } from './payout-view.js';
import type { PayoutView } from './payout-view.js';
import { turnOnPayouts } from './turn-on.js';
import type { TurnOnRequest, TurnOnResult } from './turn-on.js';

export type { TurnOnRequest, TurnOnResult } from './turn-on.js';
export type { PayoutView } from './payout-view.js';
export type { ClearingOverview, ClearingPayoutView, ClearingView } from './clearing.js';

export interface PayoutService {
  turnOn(tenantId: string, connectionId: number, req: TurnOnRequest): Promise<TurnOnResult>;
  list(tenantId: string, filter?: PayoutFilter): Promise<PayoutView[]>;
  /** Each processor's clearing account: tenders in, payouts out, the balance in transit by date, warnings. */
  clearing(tenantId: string, opts?: { processor?: string }): Promise<ClearingOverview>;
  /** The processor's usual delay between a sale and its payout, in days (default 5). */
  setUsualDelay(tenantId: string, processor: string, days: number, by: string | null): Promise<{ processor: string; usualDelayDays: number }>;
}

export function makePayoutService(deps: SyncDeps): PayoutService {
  return {
    turnOn: (tenantId, connectionId, req) => turnOnPayouts(deps, tenantId, connectionId, req),
    list: async (tenantId, filter) => (await listPayouts(deps.database.db, tenantId, filter)).map(payoutView),
    clearing: (tenantId, opts) => clearingOverview(deps, tenantId, opts),
    setUsualDelay: (tenantId, processor, days, by) => setUsualDelay(deps, tenantId, processor, days, by),
  };
}
