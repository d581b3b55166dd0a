/**
 * Prometheus metrics of this process. The QuickBooks client knows nothing of them: it reports
 * each HTTP exchange to an observer (QboRequestLog), which counts here; tickets, runs and the
 * queue are read from the store at scrape time (concurrent scrapes share one read).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QboRequestLog } from '../qbo/index.js';
import type { Db } from '../store/index.js';
import { readStoreMetrics } from '../store/metrics.js';

export interface Metrics {
  /** Hand to the QuickBooks client (SyncDeps.qboObserver): one call per HTTP exchange. */
  observeQbo(event: QboRequestLog): void;
  /** The exposition text, with the store's figures read now. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** The kind of a QuickBooks call, a handful of values whatever the entity. */
export function qboCallKind(e: Pick<QboRequestLog, 'method' | 'path'>): string {
  if (e.path === 'batch') return 'batch';
  if (e.path === 'query') return 'query';
  if (e.path.startsWith('reports/')) return 'report';
  return e.method === 'POST' ? 'write' : 'read';
}

export function makeMetrics(db: Db): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tillbooks_' });
  const calls = new Counter({
    name: 'tillbooks_qbo_requests_total', help: 'QuickBooks HTTP exchanges (each retry counts) by kind and outcome (ok, or the error code)',
    labelNames: ['kind', 'outcome'], registers: [registry],
  });
  const throttled = new Counter({ name: 'tillbooks_qbo_throttled_total', help: 'QuickBooks answers HTTP 429 (throttled), by kind', labelNames: ['kind'], registers: [registry] });
  const latency = new Histogram({
    name: 'tillbooks_qbo_request_duration_seconds', help: 'QuickBooks HTTP exchanges that got an answer: time from sending to the whole answer',
    labelNames: ['kind'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [registry],
  });
  const tickets = new Gauge({ name: 'tillbooks_tickets', help: 'Tickets by tenant and sync state', labelNames: ['tenant', 'state'], registers: [registry] });
  const runs = new Gauge({ name: 'tillbooks_runs', help: 'Sync runs by status', labelNames: ['status'], registers: [registry] });
  const queue = new Gauge({ name: 'tillbooks_queue_depth', help: 'Sync runs queued, waiting for a worker', registers: [registry] });

  let reading: Promise<void> | null = null;
  async function readStore(): Promise<void> {
    const m = await readStoreMetrics(db);
    tickets.reset();
    for (const t of m.ticketsByState) tickets.set({ tenant: t.tenantId, state: t.state }, t.n);
    runs.reset();
    for (const r of m.runsByStatus) runs.set({ status: r.status }, r.n);
    queue.set(m.queuedRuns);
  }

  return {
    observeQbo(e) {
      const kind = qboCallKind(e);
      calls.inc({ kind, outcome: e.errorCode ?? 'ok' });
      if (e.status === 429) throttled.inc({ kind });
      if (e.status !== null) latency.observe({ kind }, e.durationMs / 1000);
    },
    async render() {
      // Scrapes at the same moment share one read of the store.
      reading ??= readStore().finally(() => { reading = null; });
      await reading;
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
