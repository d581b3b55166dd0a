/**
 * QuickBooks usage (issue 17): what every client of this process spent, gathered in one
 * in-memory tally per database and written to the store per page, at the end of each run or
 * page action, and at shutdown - not per request. A failed write puts the counts back.
 *
 * The budget is the deployment's: Intuit meters reads per app and workspace (summed over every
 * company the app serves), so the page compares the month's reads of all companies with it
 * and warns at 80 %. A quota block is per company as QuickBooks answers it.
 */
import { makeUsageTally, monthOf } from '../qbo/index.js';
import type { UsageTally } from '../qbo/index.js';
import type { Database } from '../store/index.js';
import { addUsage, deploymentReads, usageOf } from '../store/qbo-usage.js';
import { listConnections } from '../store/qbo-connections.js';
import type { SyncDeps } from './deps.js';

/** Intuit's free (Builder) tier: 500,000 CorePlus calls a month. */
export const DEFAULT_MONTHLY_READ_BUDGET = 500_000;
export const WARN_AT = 0.8;

const tallies = new WeakMap<Database, UsageTally>();

export function usageTally(database: Database): UsageTally {
  let tally = tallies.get(database);
  if (!tally) tallies.set(database, (tally = makeUsageTally()));
  return tally;
}

/** Writes what was counted since the last flush (one statement); on failure keeps it for the next. */
export async function flushUsage(database: Database, logger?: Pick<SyncDeps['logger'], 'warn'>): Promise<void> {
  const tally = tallies.get(database);
  if (!tally || tally.pending() === 0) return;
  const deltas = tally.drain();
  try {
    await addUsage(database.db, deltas);
  } catch (err) {
    tally.restore(deltas);
    logger?.warn({ err }, 'QuickBooks usage counts not saved yet; kept for the next flush');
  }
}

export interface CompanyUsageView {
  connectionId: number;
  realmId: string;
  companyName: string | null;
  reads: number;
  writes: number;
  /** Set while QuickBooks refuses this company's reads for its monthly quota (ISO time of the last refusal). */
  quotaBlockedAt: string | null;
}

export interface UsageView {
  /** 'YYYY-MM', UTC. */
  month: string;
  /** Metered reads this month, every company of this installation. */
  reads: number;
  budget: number;
  /** reads / budget, 0..∞. */
  share: number;
  warning: boolean;
  companies: CompanyUsageView[];
}

/** The month's usage for a tenant's companies, against the deployment's budget. */
export async function usageView(deps: SyncDeps, tenantId: string): Promise<UsageView> {
  await flushUsage(deps.database, deps.logger);
  const db = deps.database.db;
  const month = monthOf(deps.clock.now());
  const connections = await listConnections(db, tenantId);
  const rows = new Map((await usageOf(db, connections.map((c) => c.realmId), month)).map((r) => [r.realmId, r]));
  const reads = await deploymentReads(db, month);
  const budget = deps.monthlyReadBudget ?? DEFAULT_MONTHLY_READ_BUDGET;
  const share = budget > 0 ? reads / budget : 0;
  return {
    month, reads, budget, share, warning: share >= WARN_AT,
    companies: connections.map((c) => {
      const r = rows.get(c.realmId);
      return {
        connectionId: c.id, realmId: c.realmId, companyName: c.companyName, reads: r?.reads ?? 0, writes: r?.writes ?? 0,
        quotaBlockedAt: r?.quotaBlockedAt?.toISOString() ?? null,
      };
    }),
  };
}
