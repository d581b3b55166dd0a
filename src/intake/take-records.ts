/**
 * Taking POS records in, whatever their kind (tickets, drawer operations, payouts): parse,
 * check against the contract, date, and store, per record. A bad record gets its own errors
 * and never costs a good neighbour its place. Same version → unchanged, higher → replaced,
 * lower → refused (ticket-format §5; records-format: "same intake behaviour").
 *
 * That holds for surprises too (issue 20: one date PostgreSQL could not hold failed the write
 * of the whole batch, and its good tickets were lost with a 500). Each record is read and
 * dated on its own, and when the chunk's one write fails on a value the database refuses, the
 * chunk is written record by record: only the record the database refuses is refused.
 */
import type { FieldError } from '../domain/ticket-schema.js';
import type { Logger } from '../lib/logger.js';
import type { Db } from '../store/index.js';
import { locationZones } from '../store/locations.js';

export type Outcome = 'taken' | 'unchanged' | 'replaced' | 'refused';

export interface IntakeEntry {
  /** The record's JSON text as received. */
  raw: string;
  /** Where it came from: its index in a batch, or its line in a file. */
  ref: number;
}

export interface IntakeResult {
  ref: number;
  outcome: Outcome;
  locationId?: string;
  /** A payout's processor (payouts are named by processor and id). */
  processor?: string;
  id?: string;
  version?: number;
  errors?: FieldError[];
  /** Said of an `unchanged` record whose content differs from the stored one. */
  warning?: string;
}

export type Summary = Record<Outcome, number>;

export interface IntakeOptions {
  /** Where an unexpected error on one record is logged (the record is refused, its neighbours kept). */
  log?: Pick<Logger, 'warn'>;
}

/** A record as it is stored: the checked record, the text received, and its business date. */
export interface RecordWrite<R> {
  record: R;
  raw: string;
  businessDate: string;
}

/** One kind of POS record: how it reads, names itself and is stored. */
export interface RecordKind<R> {
  /** "ticket", "drawer operation", "payout": for messages. */
  noun: string;
  parse(raw: string): { ok: true; record: R } | { ok: false; errors: FieldError[] };
  /** What names it (the key is unique within the tenant), and what the answer says of it. */
  identity(r: R): { key: string; result: Pick<IntakeResult, 'locationId' | 'processor' | 'id' | 'version'> };
  version(r: R): number;
  /** The store location it must belong to (refused while unknown); null when it needs none. */
  locationOf(r: R): string | null;
  /** Its business date, in its location's zone when it has one; throws when it has none. */
  businessDate(r: R, zone: string | null): string;
  /** The field a dating failure is reported on, and its text. */
  dateField(r: R): { path: string; text: string };
  storedVersions(db: Db, tenantId: string, records: readonly R[]): Promise<Map<string, { version: number; raw: string }>>;
  /**
   * Checks that need the tenant's data beyond locations (a payout's processor must be one the
   * company's mapping turned payouts on for): the errors of each record, in order; none: kept.
   */
  refuse?(db: Db, tenantId: string, records: readonly R[]): Promise<(FieldError[] | undefined)[]>;
  /** Inserts new records and replaces lower versions; answers per key written: inserted (true) or replaced (false). */
  write(db: Db, tenantId: string, writes: readonly RecordWrite<R>[]): Promise<Map<string, boolean>>;
}

/** How many records one statement writes. */
const CHUNK = 500;

export async function takeRecords<R>(db: Db, tenantId: string, kind: RecordKind<R>, entries: readonly IntakeEntry[],
  opts: IntakeOptions = {}): Promise<IntakeResult[]> {
  const results: IntakeResult[] = [];
  for (let i = 0; i < entries.length; i += CHUNK) results.push(...(await takeChunk(db, tenantId, kind, entries.slice(i, i + CHUNK), opts)));
  return results;
}

interface Candidate<R> {
  slot: number;
  entry: IntakeEntry;
  record: R;
  businessDate: string;
}

async function takeChunk<R>(db: Db, tenantId: string, kind: RecordKind<R>, entries: readonly IntakeEntry[], opts: IntakeOptions): Promise<IntakeResult[]> {
  const results: IntakeResult[] = entries.map((e) => ({ ref: e.ref, outcome: 'refused' }));
  const parsed: { slot: number; entry: IntakeEntry; record: R }[] = [];
  entries.forEach((entry, slot) => {
    const r = parseEntry(kind, entry, opts);
    if (r.ok) parsed.push({ slot, entry, record: r.record });
    else results[slot] = { ...results[slot]!, ...identify(entry.raw), errors: r.errors };
  });
  const candidates = await keptByKind(db, tenantId, kind, await dated(db, tenantId, kind, parsed, results, opts), results);
  const stored = await kind.storedVersions(db, tenantId, candidates.map((c) => c.record));
  const writes = decide(kind, candidates, stored, results);
  const { written, refused } = await writeIsolated(db, tenantId, kind, [...writes.values()].map((w) => w.write), opts);
  for (const [key, { candidate }] of writes) {
    const refusal = refused.get(key);
    if (refusal) {
      Object.assign(results[candidate.slot]!, { outcome: 'refused', errors: [{ path: '', message: refusal }] });
      continue;
    }
    if (written.has(key)) continue;
    // Someone stored this version or a higher one between our read and our write.
    Object.assign(results[candidate.slot]!, { outcome: 'unchanged', warning: `a concurrent request stored this ${kind.noun} first` });
  }
  return results;
}

/** Walks the chunk in order, as if each record arrived alone; keeps only the last write per key. */
function decide<R>(kind: RecordKind<R>, candidates: readonly Candidate<R>[], stored: Map<string, { version: number; raw: string }>,
  results: IntakeResult[]): Map<string, { candidate: Candidate<R>; write: RecordWrite<R> }> {
  const current = new Map(stored);
  const writes = new Map<string, { candidate: Candidate<R>; write: RecordWrite<R> }>();
  for (const c of candidates) {
    const { key } = kind.identity(c.record);
    const version = kind.version(c.record);
    const held = current.get(key);
    const result = results[c.slot]!;
    if (!held || version > held.version) {
      result.outcome = held ? 'replaced' : 'taken';
      current.set(key, { version, raw: c.entry.raw });
      writes.set(key, { candidate: c, write: { record: c.record, raw: c.entry.raw, businessDate: c.businessDate } });
    } else if (version === held.version) {
      result.outcome = 'unchanged';
      if (!sameJson(held.raw, c.entry.raw)) {
        result.warning = `version ${version} is already stored with different content; kept the stored one (raise the version to replace it)`;
      }
    } else {
      result.errors = [{ path: 'version', message: `version ${version} is lower than the stored version ${held.version}` }];
    }
  }
  return writes;
}

/** Each parsed record with its business date; the others refused in `results`, one by one. */
async function dated<R>(db: Db, tenantId: string, kind: RecordKind<R>, parsed: { slot: number; entry: IntakeEntry; record: R }[],
  results: IntakeResult[], opts: IntakeOptions): Promise<Candidate<R>[]> {
  const wanted = [...new Set(parsed.map((p) => kind.locationOf(p.record)).filter((l) => l !== null))];
  const zones = await locationZones(db, tenantId, wanted);
  const candidates: Candidate<R>[] = [];
  for (const p of parsed) {
    const location = kind.locationOf(p.record);
    results[p.slot] = { ref: p.entry.ref, outcome: 'refused', ...kind.identity(p.record).result };
    const zone = location === null ? null : zones.get(location);
    if (zone === undefined) {
      results[p.slot]!.errors = [{ path: 'locationId', message: `unknown location "${location}" (add it first: tillbooks location add, or POST /api/v1/locations)` }];
      continue;
    }
    try {
      candidates.push({ ...p, businessDate: kind.businessDate(p.record, zone) });
    } catch (err) {
      opts.log?.warn({ err, ref: p.entry.ref }, `intake: a ${kind.noun} could not be dated`);
      const field = kind.dateField(p.record);
      results[p.slot]!.errors = [{ path: field.path, message: `"${field.text}" has no business date${zone ? ` in ${zone}` : ''}` }];
    }
  }
  return candidates;
}

/** The candidates kind.refuse keeps; the others refused in `results` with its errors. */
async function keptByKind<R>(db: Db, tenantId: string, kind: RecordKind<R>, candidates: Candidate<R>[], results: IntakeResult[]): Promise<Candidate<R>[]> {
  if (!kind.refuse || candidates.length === 0) return candidates;
  const errors = await kind.refuse(db, tenantId, candidates.map((c) => c.record));
  return candidates.filter((c, i) => {
    const found = errors[i];
    if (found && found.length > 0) results[c.slot]!.errors = found;
    return !found || found.length === 0;
  });
}

function parseEntry<R>(kind: RecordKind<R>, entry: IntakeEntry, opts: IntakeOptions): { ok: true; record: R } | { ok: false; errors: FieldError[] } {
  try {
    return kind.parse(entry.raw);
  } catch (err) {
    // A bug of ours, met by this record alone: it is refused, its neighbours are not.
    opts.log?.warn({ err, ref: entry.ref }, `intake: a ${kind.noun} could not be read`);
    return { ok: false, errors: [{ path: '', message: `this ${kind.noun} could not be read (an unexpected error, logged); nothing of it was kept` }] };
  }
}

/**
 * The chunk in one statement; if the database refuses a value in it, record by record, so that
 * only the record it refuses is refused. Other failures (the database unreachable) are not the
 * records' fault: they propagate, and the caller answers 5xx with nothing claimed as stored.
 */
async function writeIsolated<R>(db: Db, tenantId: string, kind: RecordKind<R>, writes: RecordWrite<R>[], opts: IntakeOptions):
  Promise<{ written: Map<string, boolean>; refused: Map<string, string> }> {
  const refused = new Map<string, string>();
  try {
    return { written: await kind.write(db, tenantId, writes), refused };
  } catch (err) {
    if (!isDataError(err)) throw err;
  }
  const written = new Map<string, boolean>();
  for (const w of writes) {
    try {
      for (const [k, v] of await kind.write(db, tenantId, [w])) written.set(k, v);
    } catch (err) {
      if (!isDataError(err)) throw err;
      const { key, result } = kind.identity(w.record);
      opts.log?.warn({ err, ...result }, `intake: the database refused a ${kind.noun}`);
      const detail = String((err as Error).message).slice(0, 200);
      refused.set(key, `the database refused a value of this ${kind.noun} (${detail}); nothing of it was kept`);
    }
  }
  return { written, refused };
}

/** PostgreSQL's data exceptions (SQLSTATE class 22) and integrity violations (23): the record's own values. */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

/** Best-effort id of a refused record, so the answer can say which one it was. */
function identify(raw: string): Pick<IntakeResult, 'locationId' | 'processor' | 'id' | 'version'> {
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    return {
      ...(typeof v.locationId === 'string' && { locationId: v.locationId }),
      ...(typeof v.processor === 'string' && { processor: v.processor }),
      ...(typeof v.id === 'string' && { id: v.id }),
      ...(typeof v.version === 'number' && { version: v.version }),
    };
  } catch {
    return {};
  }
}

function sameJson(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

export function summarise(results: readonly IntakeResult[]): Summary {
  const summary: Summary = { taken: 0, unchanged: 0, replaced: 0, refused: 0 };
  for (const r of results) summary[r.outcome]++;
  return summary;
}
