/**
 * What the /metrics endpoint reads at scrape time, across every tenant: tickets by sync state,
 * runs by status, and the runs waiting in the queue. Each is one grouped count on an index.
 */
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

export interface StoreMetrics {
  ticketsByState: { state: string; tenantId: string; n: number }[];
  runsByStatus: { status: string; n: number }[];
  queuedRuns: number;
}

export async function readStoreMetrics(db: Kysely<DB>): Promise<StoreMetrics> {
  const tickets = await db.selectFrom('tickets')
    .select(['tenant_id', 'sync_state', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy(['tenant_id', 'sync_state']).execute();
  const runs = await db.selectFrom('sync_runs')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('status').execute();
  return {
    ticketsByState: tickets.map((r) => ({ tenantId: r.tenant_id, state: r.sync_state, n: Number(r.n) })),
    runsByStatus: runs.map((r) => ({ status: r.status, n: Number(r.n) })),
    queuedRuns: Number(runs.find((r) => r.status === 'queued')?.n ?? 0),
  };
}
