/**
 * What the intake routes share (tickets, drawer operations, payouts): how a request's body
 * becomes records (one object, a JSON array, or NDJSON) and how the answer is shaped.
 */
import { z } from 'zod';
import { formatFieldError } from '../../domain/ticket-schema.js';
import { JsonArrayError, splitJsonArray } from '../../intake/json-elements.js';
import type { IntakeEntry, IntakeResult } from '../../intake/take-records.js';
import { HttpError } from '../errors.js';

export const MAX_BATCH = 1000;

const fieldErrors = z.array(z.object({ field: z.string(), message: z.string(), text: z.string() }));

export const intakeAnswer = z.object({
  summary: z.object({ taken: z.number().int(), unchanged: z.number().int(), replaced: z.number().int(), refused: z.number().int() }),
  results: z.array(z.object({ index: z.number().int(), outcome: z.enum(['taken', 'unchanged', 'replaced', 'refused']), locationId: z.string().optional(),
    processor: z.string().optional(), id: z.string().optional(), version: z.number().int().optional(), errors: fieldErrors.optional(),
    warning: z.string().optional() })),
});

/** A request's records: one JSON object, a JSON array, or NDJSON lines (each record's text as received). */
export function entriesOf(body: string, contentType: string, noun = 'ticket'): IntakeEntry[] {
  const text = body.trim();
  if (!text) throw new HttpError(400, `the body is empty: send a ${noun} object, an array of ${noun}s, or NDJSON`);
  let entries: IntakeEntry[];
  if (contentType.startsWith('application/x-ndjson')) {
    entries = body.split('\n').map((raw, i) => ({ raw: raw.trim(), ref: i + 1 })).filter((e) => e.raw !== '');
  } else if (text.startsWith('[')) {
    try {
      entries = splitJsonArray(body).map((e) => ({ raw: e.text, ref: e.index }));
    } catch (err) {
      if (err instanceof JsonArrayError) throw new HttpError(400, `malformed JSON array: ${err.message}`);
      throw err;
    }
  } else if (text.startsWith('{')) {
    entries = [{ raw: text, ref: 0 }];
  } else {
    throw new HttpError(400, `the body must be a ${noun} object, an array of ${noun}s, or NDJSON`);
  }
  if (entries.length === 0) throw new HttpError(400, 'the batch is empty');
  if (entries.length > MAX_BATCH) throw new HttpError(413, `a batch holds at most ${MAX_BATCH} ${noun}s, this one has ${entries.length}: split it`);
  return entries;
}

export function present(r: IntakeResult) {
  return {
    index: r.ref,
    outcome: r.outcome,
    ...(r.locationId !== undefined && { locationId: r.locationId }),
    ...(r.processor !== undefined && { processor: r.processor }),
    ...(r.id !== undefined && { id: r.id }),
    ...(r.version !== undefined && { version: r.version }),
    ...(r.errors && { errors: r.errors.map((e) => ({ field: e.path, message: e.message, text: formatFieldError(e) })) }),
    ...(r.warning && { warning: r.warning }),
  };
}
