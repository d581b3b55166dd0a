/**
 * Taking tickets in: parse, check against the contract, and store, per ticket. A bad ticket
 * gets its own errors and never costs a good neighbour its place. Same version → unchanged,
 * higher → replaced, lower → refused (ticket-format §5).
 */
import type { Kysely } from 'kysely';
import { businessDate } from '../domain/business-date.js';
import { initialState } from '../domain/ticket-outcomes.js';
import { parseTicket } from '../domain/ticket-schema.js';
import type { FieldError } from '../domain/ticket-schema.js';
import type { Ticket } from '../domain/ticket.js';
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

export async function takeTickets(db: Kysely<DB>, tenantId: string, entries: readonly IntakeEntry[]): Promise<IntakeResult[]> {
  const results: IntakeResult[] = [];
  for (let i = 0; i < entries.length; i += CHUNK) {
    results.push(...(await takeChunk(db, tenantId, entries.slice(i, i + CHUNK))));
  }
  return results;
}

interface Candidate {
  slot: number;
  entry: IntakeEntry;
  ticket: Ticket;
  businessDate: string;
}

async function takeChunk(db: Kysely<DB>, tenantId: string, entries: readonly IntakeEntry[]): Promise<IntakeResult[]> {
  const results: IntakeResult[] = entries.map((e) => ({ ref: e.ref, outcome: 'refused' }));
  const parsed: { slot: number; entry: IntakeEntry; ticket: Ticket }[] = [];
  entries.forEach((entry, slot) => {
    const r = parseEntry(entry.raw);
    if (r.ok) parsed.push({ slot, entry, ticket: r.ticket });
    else results[slot] = { ...results[slot]!, ...identify(entry.raw), errors: r.errors };
  });

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
    candidates.push({ ...p, businessDate: businessDate(p.ticket.closedAtMs, zone) });
  }

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

  const written = await writeTickets(db, tenantId, [...writes.values()].map((w) => w.write));
  for (const [key, { candidate }] of writes) {
    if (written.has(key)) continue;
    // Someone stored this version or a higher one between our read and our write.
    const result = results[candidate.slot]!;
    result.outcome = 'unchanged';
    result.warning = 'a concurrent request stored this ticket first';
  }
  return results;
}

function parseEntry(raw: string): { ok: true; ticket: Ticket } | { ok: false; errors: FieldError[] } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  return parseTicket(value);
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
