/**
 * How long QuickBooks' per-company limits let an amount of work take, at the least, whatever the
 * client does (the limiter enforces exactly these: limiter.ts). For W document writes sent in the
 * fewest batches, B = ceil(W / batchItems) batch requests, and U = W + B metered requests when
 * batch items count toward `perMinute` (the strict reading), else B:
 *   minutes = max(U / perMinute, B / batchPerMinute)
 * The same sum as the benchmark's limit-bound figure (bench/lib/limits-math.ts).
 */
import type { QboLimits } from './provider.js';

export interface LimitBound {
  documents: number;
  batches: number;
  /** Requests the per-minute budget counts. */
  requests: number;
  /** In the limiter's clock (a QuickBooks minute is `windowMs`). */
  ms: number;
}

export function limitBound(documents: number, limits: Pick<QboLimits, 'perMinute' | 'batchPerMinute' | 'batchItems' | 'meterBatchItems' | 'windowMs'>): LimitBound {
  const docs = Math.max(0, Math.ceil(documents));
  const batches = Math.ceil(docs / limits.batchItems);
  const requests = (limits.meterBatchItems ? docs : 0) + batches;
  const minutes = Math.max(requests / limits.perMinute, batches / limits.batchPerMinute);
  return { documents: docs, batches, requests, ms: Math.round(minutes * limits.windowMs) };
}
