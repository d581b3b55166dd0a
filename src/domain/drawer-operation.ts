/**
 * A drawer operation (records-format.md): cash that enters or leaves the drawer without a sale.
 * Named by its location and id; dated by `at` in the location's time zone. `drop` (cash to
 * the safe or the bank bag) has no effect on the books in v1: it is kept and shown only.
 */
import { z } from 'zod';
import { money, text, timestamp } from './ticket-schema.js';
import type { Cents } from './money.js';
import { VERSION_RULE, parseRecordText } from './pos-record.js';
import type { RecordParse } from './pos-record.js';

export const DRAWER_KINDS = ['paid_in', 'paid_out', 'drop'] as const;
export type DrawerKind = (typeof DRAWER_KINDS)[number];

export interface DrawerOperation {
  id: string;
  locationId: string;
  version: number;
  at: string;
  atMs: number;
  kind: DrawerKind;
  amount: Cents; // > 0
  reason: string;
  category?: string;
}

export const drawerOperationSchema = z.object({
  id: text(1, 64),
  locationId: text(1, 64),
  version: z.number(VERSION_RULE).int(VERSION_RULE).min(1, VERSION_RULE).max(2_147_483_647, { error: 'is too large' }).default(1),
  at: timestamp,
  kind: z.enum(DRAWER_KINDS, { error: 'must be "paid_in", "paid_out" or "drop"' }),
  amount: money({ min: 'positive' }),
  reason: text(0, 200),
  category: text(0, 100).optional(),
});

export function parseDrawerOperationText(raw: string): RecordParse<DrawerOperation> {
  return parseRecordText(raw, 'drawer operation', drawerOperationSchema, (d) => ({
    ok: true,
    record: {
      id: d.id, locationId: d.locationId, version: d.version, at: d.at.text, atMs: d.at.ms, kind: d.kind,
      amount: d.amount, reason: d.reason, ...(d.category !== undefined && { category: d.category }),
    },
  }));
}

/** The key of a drawer operation within its tenant. */
export const drawerOperationKey = (locationId: string, id: string): string => `${locationId}\u0000${id}`;
