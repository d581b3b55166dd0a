/**
 * A payout (records-format.md): what a card processor deposited into the bank, and what it
 * kept. Named by its processor and id; dated by `arrivalDate`. Its arithmetic is checked at
 * intake (`net = gross − fees + adjustments`), so the Deposit it becomes equals the bank line.
 */
import { z } from 'zod';
import { DATE_RANGE_TEXT, isDateInRange } from './business-date.js';
import { formatCents } from './money.js';
import type { Cents } from './money.js';
import { money, text, timestamp } from './ticket-schema.js';
import type { FieldError } from './ticket-schema.js';
import { VERSION_RULE, parseRecordText } from './pos-record.js';
import type { RecordParse } from './pos-record.js';

export interface Payout {
  id: string;
  processor: string;
  locationId?: string;
  version: number;
  arrivalDate: string;
  gross: Cents;
  fees: Cents; // ≥ 0
  adjustments: Cents; // 0 when absent; negative: kept back
  net: Cents;
  periodStart?: string;
  periodEnd?: string;
}

const date = z.string({ error: 'must be a date YYYY-MM-DD' }).refine(isDateInRange, {
  error: (iss) => `"${String(iss.input)}" is not a date YYYY-MM-DD from ${DATE_RANGE_TEXT}`,
});

export const payoutSchema = z.object({
  id: text(1, 64),
  processor: text(1, 64),
  locationId: text(1, 64).optional(),
  version: z.number(VERSION_RULE).int(VERSION_RULE).min(1, VERSION_RULE).max(2_147_483_647, { error: 'is too large' }).default(1),
  arrivalDate: date,
  gross: money(),
  fees: money({ min: 'nonnegative' }),
  adjustments: money().optional(),
  net: money(),
  periodStart: timestamp.optional(),
  periodEnd: timestamp.optional(),
});

export function parsePayoutText(raw: string): RecordParse<Payout> {
  return parseRecordText(raw, 'payout', payoutSchema, (p) => {
    const payout: Payout = {
      id: p.id, processor: p.processor, version: p.version, arrivalDate: p.arrivalDate,
      gross: p.gross, fees: p.fees, adjustments: p.adjustments ?? 0, net: p.net,
      ...(p.locationId !== undefined && { locationId: p.locationId }),
      ...(p.periodStart && { periodStart: p.periodStart.text }),
      ...(p.periodEnd && { periodEnd: p.periodEnd.text }),
    };
    const errors = checkPayout(payout, p.periodStart?.ms, p.periodEnd?.ms);
    return errors.length ? { ok: false, errors } : { ok: true, record: payout };
  });
}

function checkPayout(p: Payout, startMs: number | undefined, endMs: number | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const computed = p.gross - p.fees + p.adjustments;
  if (computed !== p.net) {
    errors.push({ path: 'net', message: `net ${formatCents(p.net)} ≠ gross ${formatCents(p.gross)} − fees ${formatCents(p.fees)}`
      + ` + adjustments ${formatCents(p.adjustments)} = ${formatCents(computed)}` });
  }
  if (startMs !== undefined && endMs !== undefined && startMs > endMs) {
    errors.push({ path: 'periodEnd', message: `"${p.periodEnd}" is before periodStart "${p.periodStart}"` });
  }
  return errors;
}

/** The key of a payout within its tenant: a payout id is unique per processor. */
export const payoutKey = (processor: string, id: string): string => `${processor}\u0000${id}`;

/** DocNumber and PrivateNote of its Deposit (records-format: "POS payout <processor>/<id> v<version>"). */
export const payoutNote = (p: Pick<Payout, 'processor' | 'id' | 'version'>): string => `POS payout ${p.processor}/${p.id} v${p.version}`;
