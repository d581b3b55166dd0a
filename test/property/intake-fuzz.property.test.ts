/**
 * Intake under fuzzing (issue 7): whatever a POS sends to POST /api/v1/tickets - valid tickets,
 * mutated ones, arbitrary JSON, garbage, in a JSON array, a single object or NDJSON, under any
 * content type - the answer is never a 5xx, and the database agrees with the answer: every
 * ticket answered taken or replaced is stored whole (its raw text as received, the normalised
 * form of that text, its business date and total), and nothing else is stored. A model of
 * what the database should hold, fed only by the answers, is compared with it after each
 * request; every stored row is re-derived from its own raw text.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDate } from '../../src/domain/business-date.js';
import { parseTicket } from '../../src/domain/ticket-schema.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createApiKey } from '../../src/store/api-keys.js';
import type { Database } from '../../src/store/index.js';
import { upsertLocation } from '../../src/store/locations.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { buildApp } from '../../src/web/app.js';
import { backends, closeTestDatabase } from '../support/stores.js';
import { ticketJsonArbitrary } from '../support/ticket-arbitrary.js';
import { edgeDatedTicket, mutatedTicket, nulTicket } from './support/ticket-mutations.js';

const TENANT = 'fuzz';
const ZONE = 'America/Denver';
const LOCATION = 'fuzz-1';

let database: Database;
let app: FastifyInstance;
let url: string;
let apiKey: string;
/** What the database should hold, by "location\u0000id", learnt from the answers only. */
const model = new Map<string, { version: number; raw: string }>();
let run = 0;
/** The model's raw text of a ticket sent in a deliberately mismatched body: learnt from its row. */
const UNKNOWN_RAW = '\u0000unknown';

beforeAll(async () => {
  database = await backends()[0]!.open();
  await ensureTenant(database.db, { id: TENANT, name: 'Fuzz' });
  await upsertLocation(database.db, TENANT, { id: LOCATION, name: 'Fuzz', timeZone: ZONE, enabled: true, syncTime: '00:00', syncTimeZone: ZONE, syncStartDate: null });
  apiKey = (await createApiKey(database.db, TENANT, 'fuzzer')).key;
  // The rate limit would answer 429 to a fuzzer soon enough; it has tests of its own (test/security).
  app = await buildApp({ db: database.db, logger: silentLogger, intakeRateLimit: 1_000_000 });
  url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
});
afterAll(async () => {
  await app?.close();
  if (database) await closeTestDatabase(database);
});

/** One entry of a batch: a valid ticket (fresh id, sometimes an edit of the one before), a mutant, or any JSON. */
const valid = ticketJsonArbitrary().map((t) => ({ ...t, locationId: LOCATION }));
const entry = fc.oneof(
  { arbitrary: valid, weight: 3 },
  { arbitrary: mutatedTicket(valid), weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  // Issue 20: dates at the calendar's edges, and U+0000 in every string position (values and keys).
  { arbitrary: edgeDatedTicket(valid), weight: 1 },
  { arbitrary: nulTicket(valid), weight: 1 },
);
type Encoding = 'array' | 'object' | 'ndjson';
const batch = fc.record({
  entries: fc.array(entry, { minLength: 1, maxLength: 6 }),
  encoding: fc.constantFrom<Encoding>('array', 'ndjson', 'object'),
  /** Mostly the type that fits the encoding (chosen below), now and then another. */
  otherType: fc.oneof({ arbitrary: fc.constant(null), weight: 4 },
    { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/x-ndjson', 'text/plain'), weight: 1 }),
  /** Garbage lines mixed into NDJSON, and a last entry cut short. */
  garbage: fc.array(fc.string({ maxLength: 30 }).filter((s) => !s.includes('\n')), { maxLength: 2 }),
  truncate: fc.boolean(),
});
/**
 * A batch that surely holds an edit: four valid tickets, the fourth the third's version 2
 * (ownIds). Left to chance, 150 batches reached no "replaced" now and then (seen in a CI
 * rehearsal): an edit needs two valid entries in a row and a stored version below 2.
 */
const withAnEdit = (): (typeof batch extends fc.Arbitrary<infer T> ? T : never) => ({
  // The third at version 1, so the fourth's version 2 is newer and replaces it.
  entries: fc.sample(valid, { numRuns: 4, seed: 20261206 }).map((t, i) => (i === 2 ? { ...t, version: 1 } : t)),
  encoding: 'array', otherType: null, garbage: [], truncate: false,
});
const garbageBody = fc.record({
  body: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('', '[', '[]', '{', '[{},', '[1,2', '"x"', 'null', '[[[[[[[[[[]]]]]]]]]]', '{"a":1}{"b":2}', '\u0000')),
  contentType: fc.constantFrom('application/json', 'application/x-ndjson', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded'),
});

/** Gives each ticket-shaped entry an id of this run, so refusals and takings of runs never mix. */
function ownIds(entries: unknown[]): unknown[] {
  return entries.map((e, i) => {
    if (typeof e !== 'object' || e === null || Array.isArray(e) || typeof (e as { id?: unknown }).id !== 'string') return e;
    // One in four reuses the previous entry's id as version 2: an edit (or a clash) inside the batch.
    const edit = i % 4 === 3;
    return { ...e, id: `r${run}-${edit ? i - 1 : i}`, ...(edit && { version: 2 }) };
  });
}

/**
 * The body, and the entries the server must see in it (each one's text as received) - known
 * when the content type matches the encoding, as the API documents it; null when they are
 * mismatched on purpose (then only "no 5xx, stored whole" is checked, not which text).
 */
function encode(b: { entries: unknown[]; encoding: Encoding; garbage: string[]; truncate: boolean; contentType: string }):
  { body: string; raws: string[] | null } {
  const raws = b.entries.map((e) => JSON.stringify(e));
  const ndjsonType = b.contentType.startsWith('application/x-ndjson');
  if (b.encoding === 'ndjson') {
    const lines = [...raws, ...b.garbage.filter((g) => g.trim() !== '')];
    if (b.truncate && lines.length > 1) lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, -1);
    return { body: lines.join('\n'), raws: ndjsonType ? lines.map((l) => l.trim()).filter(Boolean) : null };
  }
  const body = b.encoding === 'object' && raws.length === 1 && raws[0]!.startsWith('{') ? raws[0]! : `[${raws.join(',')}]`;
  return { body, raws: ndjsonType ? null : raws };
}

interface Answer {
  status: number;
  json: { results?: { index: number; outcome: string; locationId?: string; id?: string; version?: number }[]; summary?: Record<string, number> };
}

async function post(body: string, contentType: string): Promise<Answer> {
  const res = await fetch(`${url}/api/v1/tickets`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': contentType }, body });
  const text = await res.text();
  let json: Answer['json'] = {};
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    // A non-JSON answer is checked by its status alone.
  }
  return { status: res.status, json };
}

async function storedCount(): Promise<number> {
  const r = await database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', TENANT).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The rows of these keys agree with the model, and each is its own raw text, parsed. */
async function checkRows(keys: Set<string>): Promise<void> {
  for (const key of keys) {
    const [locationId, ticketId] = key.split('\u0000') as [string, string];
    const row = await database.db.selectFrom('tickets').selectAll().where('tenant_id', '=', TENANT)
      .where('location_id', '=', locationId).where('ticket_id', '=', ticketId).executeTakeFirst();
    const expected = model.get(key);
    if (!expected) {
      expect(row, `nothing stored for refused ${key}`).toBeUndefined();
      continue;
    }
    expect(row, `stored ${key}`).toBeDefined();
    if (expected.raw === UNKNOWN_RAW) model.set(key, { ...expected, raw: row!.raw });
    else expect({ version: row!.version, raw: row!.raw }).toEqual(expected);
    const parsed = parseTicket(JSON.parse(row!.raw));
    if (!parsed.ok) throw new Error(`stored ${key} does not parse: ${row!.raw}`);
    expect(row!.normalized).toEqual(JSON.parse(JSON.stringify(parsed.ticket)));
    expect(Number(row!.total_cents)).toBe(parsed.ticket.total);
    expect(row!.business_date).toBe(businessDate(parsed.ticket.closedAtMs, ZONE));
    expect(row!.status).toBe(parsed.ticket.status);
  }
}

describe('intake under fuzzing', () => {
  it('answers 2xx/4xx to any batch, and stores exactly the tickets it answered as taken or replaced, whole', async () => {
    const outcomes: Record<string, number> = {};
    const answered: Record<string, number> = {};
    await fc.assert(fc.asyncProperty(batch, async (b) => {
      run += 1;
      const contentType = b.otherType ?? (b.encoding === 'ndjson' ? 'application/x-ndjson' : 'application/json');
      const { body, raws } = encode({ ...b, contentType, entries: ownIds(b.entries) });
      const before = await storedCount();
      const answer = await post(body, contentType);
      answered[answer.status] = (answered[answer.status] ?? 0) + 1;
      expect(answer.status).toBeLessThan(500);
      expect(answer.status).toBeGreaterThanOrEqual(200);
      const results = answer.json.results;
      if (![200, 207, 422].includes(answer.status) || !results) {
        expect(await storedCount()).toBe(before);
        return;
      }
      if (raws) expect(results).toHaveLength(raws.length);
      const refused = results.filter((r) => r.outcome === 'refused').length;
      expect(answer.status).toBe(refused === 0 ? 200 : refused === results.length ? 422 : 207);
      const touched = new Set<string>();
      results.forEach((r, i) => {
        outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
        if (r.locationId === undefined || r.id === undefined) return;
        const key = `${r.locationId}\u0000${r.id}`;
        touched.add(key);
        if (r.outcome === 'taken' || r.outcome === 'replaced') model.set(key, { version: r.version!, raw: raws ? raws[i]! : UNKNOWN_RAW });
      });
      await checkRows(touched);
      expect(await storedCount()).toBe(model.size);
    }), { numRuns: 150, examples: [[withAnEdit()]] });
    // The fuzzer reached every outcome: stored, replaced by an edit, refused; and 0 × 5xx.
    expect(Object.keys(answered).filter((s) => Number(s) >= 500)).toEqual([]);
    expect(outcomes.taken).toBeGreaterThan(50);
    expect(outcomes.refused).toBeGreaterThan(50);
    expect(outcomes.replaced ?? 0).toBeGreaterThan(0);
  });

  it('answers 4xx, never 5xx, to bodies that are no batch at all, and stores nothing', async () => {
    await fc.assert(fc.asyncProperty(garbageBody, async ({ body, contentType }) => {
      const before = await storedCount();
      const answer = await post(body, contentType);
      expect(answer.status).toBeLessThan(500);
      expect(await storedCount()).toBe(before + (answer.status === 200 || answer.status === 207 ? (answer.json.summary?.taken ?? 0) : 0));
      for (const r of answer.json.results ?? []) expect(r.outcome).toBe('refused');
    }), { numRuns: 150 });
  });
});
