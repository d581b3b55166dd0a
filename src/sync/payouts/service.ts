/**
 * The payouts part of the SyncService facade (web, API and CLI take this one path): turning
 * payouts on for a processor, the payouts with where each Deposit stands, and each processor's
 * clearing balance with its usual payout delay.
 */
import { requeuePayout } from '../../store/payout-posting.js';
import { listPayouts, payoutsWithId } from '../../store/payouts.js';
import type { PayoutFilter } from '../../store/payouts.js';
import type { SyncDeps } from '../deps.js';
import { ServiceError, notFound } from '../errors.js';
import { syncNow } from '../service/runs.js';
import { clearingOverview, setUsualDelay } from './clearing.js';
import type { ClearingOverview } from './clearing.js';
import { payoutView } from './payout-view.js';
import type { PayoutView } from './payout-view.js';
import { turnOnPayouts } from './turn-on.js';
import type { TurnOnRequest, TurnOnResult } from './turn-on.js';

export type { TurnOnRequest, TurnOnResult } from './turn-on.js';
export type { PayoutView } from './payout-view.js';
export type { ClearingOverview, ClearingPayoutView, ClearingView } from './clearing.js';

export interface RepostOutcome {
  payout: PayoutView;
  /** The run queued to post it; null when its company is not known yet (the next run posts it). */
  runId: number | null;
}

export interface PayoutService {
  turnOn(tenantId: string, connectionId: number, req: TurnOnRequest): Promise<TurnOnResult>;
  list(tenantId: string, filter?: PayoutFilter): Promise<PayoutView[]>;
  /** Each processor's clearing account: tenders in, payouts out, the balance in transit by date, warnings. */
  clearing(tenantId: string, opts?: { processor?: string }): Promise<ClearingOverview>;
  /** The processor's usual delay between a sale and its payout, in days (default 5). */
  setUsualDelay(tenantId: string, processor: string, days: number, by: string | null): Promise<{ processor: string; usualDelayDays: number }>;
  /**
   * "Repost this payout" (skipped, or changed in QuickBooks): it is posted again by a run queued
   * now; a Deposit changed in QuickBooks is rewritten with the payout's figures, one deleted made again.
   * `processor` may be left out when only one processor has a payout of that id.
   */
  repost(tenantId: string, id: string, processor?: string): Promise<RepostOutcome>;
}

export function makePayoutService(deps: SyncDeps, kick: () => void = () => undefined): PayoutService {
  const db = deps.database.db;
  return {
    turnOn: (tenantId, connectionId, req) => turnOnPayouts(deps, tenantId, connectionId, req),
    list: async (tenantId, filter) => (await listPayouts(deps.database.db, tenantId, filter)).map(payoutView),
    clearing: (tenantId, opts) => clearingOverview(deps, tenantId, opts),
    setUsualDelay: (tenantId, processor, days, by) => setUsualDelay(deps, tenantId, processor, days, by),
    async repost(tenantId, id, processor) {
      const found = await payoutsWithId(db, tenantId, id, processor);
      if (found.length === 0) throw notFound(`payout "${id}"${processor === undefined ? '' : ` of processor "${processor}"`}`);
      if (found.length > 1) {
        const names = found.map((p) => p.processor).join(', ');
        throw new ServiceError('INVALID', `payout "${id}" exists for processors ${names}: name the processor`, [{ path: 'processor', message: `one of ${names}` }]);
      }
      const p = found[0]!;
      if (!(await requeuePayout(db, tenantId, p))) {
        throw new ServiceError('INVALID', `payout ${p.processor}/${id} is ${p.state}: only a payout skipped or changed in QuickBooks is reposted`,
          [{ path: 'id', value: id, message: `is ${p.state}` }]);
      }
      const runId = p.connectionId === null ? null : (await syncNow(deps, tenantId, { connectionId: p.connectionId })).runId;
      if (runId !== null) kick();
      const [now] = await payoutsWithId(db, tenantId, id, p.processor);
      return { payout: payoutView(now!), runId };
    },
  };
}
