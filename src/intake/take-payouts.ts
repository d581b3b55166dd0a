/**
 * Taking payouts in (records-format.md): the record intake of take-records.ts for this kind.
 * Named by processor and id, dated by `arrivalDate`; a payout may name a store (then it must
 * be a known one). Its processor must be one whose payouts the mapping turned on
 * (payout-processors.ts): any other is refused at intake, naming the field.
 */
import { parsePayoutText, payoutKey } from '../domain/payout.js';
import type { Payout } from '../domain/payout.js';
import type { Db } from '../store/index.js';
import { payoutVersions, writePayouts } from '../store/payouts.js';
import { payoutHomes } from './payout-processors.js';
import { takeRecords } from './take-records.js';
import type { IntakeEntry, IntakeOptions, IntakeResult, RecordKind } from './take-records.js';

export const PAYOUTS: RecordKind<Payout> = {
  noun: 'payout',
  parse: (raw) => parsePayoutText(raw),
  identity: (p) => ({
    key: payoutKey(p.processor, p.id),
    result: { processor: p.processor, id: p.id, version: p.version, ...(p.locationId !== undefined && { locationId: p.locationId }) },
  }),
  version: (p) => p.version,
  locationOf: (p) => p.locationId ?? null,
  businessDate: (p) => p.arrivalDate,
  dateField: (p) => ({ path: 'arrivalDate', text: p.arrivalDate }),
  async refuse(db, tenantId, payouts) {
    const homeOf = await payoutHomes(db, tenantId);
    return payouts.map((p) => {
      const home = homeOf(p);
      return home.ok ? undefined : [home.error];
    });
  },
  storedVersions: (db, tenantId, payouts) => payoutVersions(db, tenantId, payouts.map((p) => ({ processor: p.processor, id: p.id }))),
  write: (db, tenantId, writes) => writePayouts(db, tenantId, writes.map((w) => ({ payout: w.record, raw: w.raw }))),
};

export function takePayouts(db: Db, tenantId: string, entries: readonly IntakeEntry[], opts: IntakeOptions = {}): Promise<IntakeResult[]> {
  return takeRecords(db, tenantId, PAYOUTS, entries, opts);
}
