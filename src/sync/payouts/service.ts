/**
 * The payouts part of the SyncService facade (web, API and CLI take this one path): turning
 * payouts on for a processor, and the payouts with where each Deposit stands.
 */
import { formatCents } from '../../domain/money.js';
import { requeuePayout } from '../../store/payout-posting.js';
import { listPayouts, payoutsWithId } from '../../store/payouts.js';
import type { PayoutFilter, StoredPayout } from '../../store/payouts.js';
import type { SyncDeps } from '../deps.js';
import { ServiceError, notFound } from '../errors.js';
import { syncNow } from '../service/runs.js';
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

export interface RepostOutcome {
  payout: PayoutView;
  /** The run queued to post it; null when its company is not known yet (the next run posts it). */
  runId: number | null;
}

export interface PayoutService {
  turnOn(tenantId: string, connectionId: number, req: TurnOnRequest): Promise<TurnOnResult>;
  list(tenantId: string, filter?: PayoutFilter): Promise<PayoutView[]>;
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
    list: async (tenantId, filter) => (await listPayouts(db, tenantId, filter)).map(payoutView),
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

function payoutView(p: StoredPayout): PayoutView {
  const error = p.lastError as { message?: unknown } | null;
  return {
    processor: p.processor, id: p.id, version: p.version, locationId: p.locationId ?? null, arrivalDate: p.arrivalDate,
    gross: formatCents(p.gross), fees: formatCents(p.fees), adjustments: formatCents(p.adjustments), net: formatCents(p.net),
    state: p.state, postedVersion: p.postedVersion, depositId: p.depositId, error: typeof error?.message === 'string' ? error.message : null,
  };
}
