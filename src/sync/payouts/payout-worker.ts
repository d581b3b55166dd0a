/**
 * The run's payouts (issue 15 item 3): after its tickets, a run posts the tenant's pending
 * payouts whose processor this run's QuickBooks company maps (domain/payout-home.ts), each as
 * one Deposit (post-payout.ts), and records how each left. A payout whose processor is no
 * longer turned on waits, saying why. A resync of chosen tickets posts no payouts.
 */
import { ticketKey } from '../../domain/ticket.js';
import { payoutHomeResolver } from '../../domain/payout-home.js';
import { payoutHomeFacts } from '../../store/payout-homes.js';
import { markSettled } from '../../store/qbo-writes.js';
import { claimPayout, holdPayout, postablePayouts, settlePayout, settledPayoutState } from '../../store/payout-posting.js';
import type { UnitContext, UnitWorker } from '../engine/units.js';
import { payoutJournalLocation } from './deposit.js';
import { postPayout } from './post-payout.js';

/** Payouts read per pass; a run takes passes until none is left that it can post. */
const PASS = 200;

export const PAYOUT_WORKER: UnitWorker = {
  unit: 'payout',
  async work(ctx: UnitContext): Promise<string | null> {
    if (ctx.run.ticketKeys !== null) return null;
    const { deps, run, page, summary } = ctx;
    const db = deps.database.db;
    const homeOf = payoutHomeResolver(await payoutHomeFacts(db, run.tenantId));
    const seen = new Set<string>();
    for (;;) {
      const batch = (await postablePayouts(db, run.tenantId, PASS + seen.size)).filter((p) => !seen.has(ticketKey(p.processor, p.id)));
      if (batch.length === 0) return null;
      for (const p of batch) {
        if (page.stopRequested()) return null;
        seen.add(ticketKey(p.processor, p.id));
        const home = homeOf(p);
        if (!home.ok) {
          const hint = 'The payout waits; it is posted by the next run once payouts are turned on for its processor.';
          const at = new Date(deps.clock.now()).toISOString();
          await holdPayout(db, run.tenantId, p, { kind: 'mapping', code: 'PAYOUTS_NOT_ON', message: home.error.message, hint, at });
          continue;
        }
        if (home.connectionId !== page.connection.id) continue;
        if (!(await claimPayout(db, run.tenantId, p, run.id))) continue;
        const journalKey = ticketKey(payoutJournalLocation(p.processor), p.id);
        const inflight = page.inflight.get(journalKey) ?? [];
        const result = await postPayout(
          { tenantId: run.tenantId, connectionId: page.connection.id, client: page.client, now: () => new Date(deps.clock.now()) },
          { ...p, mayExist: p.orphan || p.attempts > 0 || inflight.length > 0 },
          home.target,
        );
        // Not saved (the run was taken over meanwhile): its writes stay in flight for the continuation.
        const saved = await settlePayout(db, run.tenantId, p, result.settlement, run.id);
        const state = settledPayoutState(result.settlement.outcome);
        if (saved && state !== 'pending') {
          await markSettled(db, page.connection.id, [...inflight, ...result.requestIds]);
          page.inflight.delete(journalKey);
        }
        summary.total++;
        summary.done++;
        if (state === 'posted') summary.posted++;
        else if (state === 'pending') summary.pending++;
        else summary.skipped++;
        if (result.stopsRun) return `QuickBooks stopped the payouts: ${(result.stopsRun as Error).message}; payouts stay pending`;
      }
    }
  },
};
