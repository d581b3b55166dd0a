/**
 * Taking tickets in: parse, check against the contract, and store, per ticket. A bad ticket
 * gets its own errors and never costs a good neighbour its place. Same version → unchanged,
 * higher → replaced, lower → refused (ticket-format §5).
 *
 * That holds for surprises too (issue 20: one date PostgreSQL could not hold failed the write
 * of the whole batch, and its good tickets were lost with a 500). Each record is read and
 * dated on its own, and when the chunk's one write fails on a value the database refuses, the
 * chunk is written ticket by ticket: only the ticket the database refuses is refused.
 */
import type { Kysely } from 'kysely';
import { businessDate } from '../domain/business-date.js';
import { initialState } from '../domain/ticket-outcomes.js';
import { parseTicketText } from '../domain/ticket-schema.js';
import type { FieldError } from '../domain/ticket-schema.js';
import type { Ticket } from '../domain/ticket.js';
import type { Logger } from '../lib/logger.js';
import { locationZones } from '../store/locations.js';
import type { DB } from '../store/schema.js';
import { ticketKey } from '../domain/ticket.js';
import { storedVersions, writeTickets } from '../store/tickets.js';
import type { TicketWrite } from '../store/tickets.js';

export type Outcome = 'taken' | 'unchanged' | 'replaced' | 'refused';

export interface IntakeEntry {
  /** The ticket's JSON text as received. */
  raw: string;
  /** Where it came from: its index in a batch, or its line in a file. */
  ref: number;
}

export interface IntakeResult {
  ref: number;
  outcome: Outcome;
  locationId?: string;
  id?: string;
  version?: number;
  errors?: FieldError[];
  /** Said of an `unchanged` ticket whose content differs from the stored one. */
  warning?: string;
}

export type Summary = Record<Outcome, number>;

/** How many tickets one statement writes. */
const CHUNK = 500;

export interface IntakeOptions {
  /** Where an unexpected error on one record is logged (the record is refused, its neighbours kept). */
  log?: Pick<Logger, 'warn'>;
}

export async function takeTickets(db: Kysely<DB>, tenantId: string, entries: readonly IntakeEntry[], opts: IntakeOptions = {}): Promise<IntakeResult[]> {
  const results: IntakeResult[] = [];
  for (let i = 0; i < entries.length; i += CHUNK) {
    results.push(...(await takeChunk(db, tenantId, entries.slice(i, i + CHUNK), opts)));
  }
  return results;
}

interface Candidate {
  slot: number;
  entry: IntakeEntry;
  ticket: Ticket;
  businessDate: string;
}

async function takeChunk(db: Kysely<DB>, tenantId: string, entries: readonly IntakeEntry[], opts: IntakeOptions): Promise<IntakeResult[]> {
  const results: IntakeResult[] = entries.map((e) => ({ ref: e.ref, outcome: 'refused' }));
  const parsed: { slot: number; entry: IntakeEntry; ticket: Ticket }[] = [];
  entries.forEach((entry, slot) => {
    const r = parseEntry(entry, opts);
    if (r.ok) parsed.push({ slot, entry, ticket: r.ticket });
    else results[slot] = { ...results[slot]!, ...identify(entry.raw), errors: r.errors };
  });

  const candidates = await dated(db, tenantId, parsed, results, opts);

  const stored = await storedVersions(db, tenantId, candidates.map((c) => ({ locationId: c.ticket.locationId, ticketId: c.ticket.id })));
  // Walk the chunk in order, as if each ticket arrived alone; keep only the last write per key.
  const current = new Map<string, { version: number; raw: string }>();
  for (const [k, v] of stored) current.set(k, { version: v.version, raw: v.raw });
  const writes = new Map<string, { candidate: Candidate; write: TicketWrite }>();
  for (const c of candidates) {
    const key = ticketKey(c.ticket.locationId, c.ticket.id);
    const held = current.get(key);
    const result = results[c.slot]!;
    if (!held || c.ticket.version > held.version) {
      result.outcome = held ? 'replaced' : 'taken';
      current.set(key, { version: c.ticket.version, raw: c.entry.raw });
      writes.set(key, { candidate: c, write: { ticket: c.ticket, raw: c.entry.raw, businessDate: c.businessDate,
        initialState: initialState(c.ticket.status) } });
    } else if (c.ticket.version === held.version) {
      result.outcome = 'unchanged';
      if (!sameJson(held.raw, c.entry.raw)) {
        result.warning = `version ${c.ticket.version} is already stored with different content; kept the stored one (raise the version to replace it)`;
      }
    } else {
      result.errors = [{ path: 'version', message: `version ${c.ticket.version} is lower than the stored version ${held.version}` }];
    }
  }

  const { written, refused } = await writeIsolated(db, tenantId, [...writes.values()].map((w) => w.write), opts);
  for (const [key, { candidate }] of writes) {
    const refusal = refused.get(key);
    if (refusal) {
      Object.assign(results[candidate.slot]!, { outcome: 'refused', errors: [{ path: '', message: refusal }] });
      continue;
    }
    if (written.has(key)) continue;
    // Someone stored this version or a higher one between our read and our write.
    const result = results[candidate.slot]!;
    result.outcome = 'unchanged';
    result.warning = 'a concurrent request stored this ticket first';
  }
  return results;
}

/** Each parsed ticket with its business date in its location's zone; the others refused in `results`, one by one. */
async function dated(db: Kysely<DB>, tenantId: string, parsed: { slot: number; entry: IntakeEntry; ticket: Ticket }[],
  results: IntakeResult[], opts: IntakeOptions): Promise<Candidate[]> {
  const zones = await locationZones(db, tenantId, [...new Set(parsed.map((p) => p.ticket.locationId))]);
  const candidates: Candidate[] = [];
  for (const p of parsed) {
    const ident = { locationId: p.ticket.locationId, id: p.ticket.id, version: p.ticket.version };
    const zone = zones.get(p.ticket.locationId);
    if (!zone) {
      results[p.slot] = { ref: p.entry.ref, outcome: 'refused', ...ident,
        errors: [{ path: 'locationId', message: `unknown location "${p.ticket.locationId}" (add it first: tillbooks location add, or POST /api/v1/locations)` }] };
      continue;
    }
    results[p.slot] = { ref: p.entry.ref, outcome: 'refused', ...ident };
    try {
      candidates.push({ ...p, businessDate: businessDate(p.ticket.closedAtMs, zone) });
    } catch (err) {
      opts.log?.warn({ err, ref: p.entry.ref }, 'intake: a ticket could not be dated');
      results[p.slot]!.errors = [{ path: 'closedAt', message: `"${p.ticket.closedAt}" has no business date in ${zone}` }];
    }
  }
  return candidates;
}

function parseEntry(entry: IntakeEntry, opts: IntakeOptions): { ok: true; ticket: Ticket } | { ok: false; errors: FieldError[] } {
  try {
    return parseTicketText(entry.raw);
  } catch (err) {
    // A bug of ours, met by this record alone: it is refused, its neighbours are not.
    opts.log?.warn({ err, ref: entry.ref }, 'intake: a ticket could not be read');
    return { ok: false, errors: [{ path: '', message: 'this ticket could not be read (an unexpected error, logged); nothing of it was kept' }] };
  }
}

/**
 * The chunk in one statement; if the database refuses a value in it, ticket by ticket, so that
 * only the ticket it refuses is refused. Other failures (the database unreachable) are not the
 * tickets' fault: they propagate, and the caller answers 5xx with nothing claimed as stored.
 */
async function writeIsolated(db: Kysely<DB>, tenantId: string, writes: TicketWrite[], opts: IntakeOptions):
  Promise<{ written: Map<string, boolean>; refused: Map<string, string> }> {
  const refused = new Map<string, string>();
  try {
    return { written: await writeTickets(db, tenantId, writes), refused };
  } catch (err) {
    if (!isDataError(err)) throw err;
  }
  const written = new Map<string, boolean>();
  for (const w of writes) {
    try {
      for (const [k, v] of await writeTickets(db, tenantId, [w])) written.set(k, v);
    } catch (err) {
      if (!isDataError(err)) throw err;
      opts.log?.warn({ err, locationId: w.ticket.locationId, ticketId: w.ticket.id }, 'intake: the database refused a ticket');
      const detail = String((err as Error).message).slice(0, 200);
      refused.set(ticketKey(w.ticket.locationId, w.ticket.id), `the database refused a value of this ticket (${detail}); nothing of it was kept`);
    }
  }
  return { written, refused };
}

/** PostgreSQL's data exceptions (SQLSTATE class 22) and integrity violations (23): the record's own values. */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

/** Best-effort id of a refused ticket, so the answer can say which one it was. */
function identify(raw: string): Pick<IntakeResult, 'locationId' | 'id' | 'version'> {
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    return {
      ...(typeof v.locationId === 'string' && { locationId: v.locationId }),
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
