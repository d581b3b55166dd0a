/**
 * The limit-bound maximum: how fast QuickBooks' throttles let a given amount of work through,
 * whatever the client does. Per company (quickbooks-facts §5): `perMinute` requests per sliding
 * minute, `batchPerMinute` batch requests, `batchItems` operations per batch, and - the strict
 * reading the simulator applies by default - every batch item counts toward `perMinute` too.
 *
 * For W operations sent in the fewest batches, B = ceil(W / batchItems):
 *   units U = W + B            (meterBatchItems; only B otherwise)
 *   T = max(U / perMinute, B / batchPerMinute) minutes
 * and one request per document (the baseline) is U = W, T = W / perMinute.
 * T is the steady rate's bound. A sliding window also lets the first minute's budget go at
 * once, so a finished job may beat T by up to a minute: `burstMinutes` is that stricter floor,
 * max(ceil(U / perMinute) - 1, ceil(B / batchPerMinute) - 1). Concurrency (10 in flight) binds
 * neither: it limits latency, not the count.
 */
export interface Limits {
  perMinute: number;
  batchPerMinute: number;
  batchItems: number;
  meterBatchItems: boolean;
}

export const QBO_LIMITS: Limits = { perMinute: 500, batchPerMinute: 40, batchItems: 30, meterBatchItems: true };

export interface Bound {
  operations: number;
  batches: number;
  units: number;
  minutes: number;
  burstMinutes: number;
}

export function batchedBound(operations: number, l: Limits = QBO_LIMITS): Bound {
  const batches = Math.ceil(operations / l.batchItems);
  const units = (l.meterBatchItems ? operations : 0) + batches;
  return {
    operations, batches, units,
    minutes: Math.max(units / l.perMinute, batches / l.batchPerMinute),
    burstMinutes: Math.max(Math.ceil(units / l.perMinute) - 1, Math.ceil(batches / l.batchPerMinute) - 1, 0),
  };
}

export function singleBound(operations: number, l: Limits = QBO_LIMITS): Bound {
  return { operations, batches: 0, units: operations, minutes: operations / l.perMinute, burstMinutes: Math.max(Math.ceil(operations / l.perMinute) - 1, 0) };
}

/**
 * The lenient reading with plain requests in what the batches leave: each minute carries
 * `batchPerMinute` full batches and `perMinute − batchPerMinute` single documents (500 and 40:
 * 1,200 + 460 = 1,660 documents a minute). Under the strict reading mixing buys nothing a
 * request per ticket can afford: a plain request carries one document for the unit a batch
 * item costs anyway.
 */
export function mixedBound(operations: number, l: Limits = QBO_LIMITS): Bound {
  const perMinute = l.batchPerMinute * l.batchItems + (l.perMinute - l.batchPerMinute);
  const minutes = operations / perMinute;
  const batches = Math.min(Math.ceil(operations / l.batchItems), Math.round(minutes * l.batchPerMinute));
  const units = batches + Math.max(0, operations - batches * l.batchItems);
  return { operations, batches, units, minutes, burstMinutes: Math.max(Math.ceil(minutes) - 1, 0) };
}
