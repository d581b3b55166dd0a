/**
 * Taking tickets in (ticket-format): the record intake of take-records.ts for the ticket kind.
 * A ticket is named by its location and id, dated by `closedAt` in its location's zone, and
 * stored with its sync state (a voided ticket seen the first time is void).
 */
import { businessDate } from '../domain/business-date.js';
import { initialState } from '../domain/ticket-outcomes.js';
import { parseTicketText } from '../domain/ticket-schema.js';
import { ticketKey } from '../domain/ticket.js';
import type { Ticket } from '../domain/ticket.js';
import type { Db } from '../store/index.js';
import { storedVersions, writeTickets } from '../store/tickets.js';
import { takeRecords } from './take-records.js';
import type { IntakeEntry, IntakeOptions, IntakeResult, RecordKind } from './take-records.js';

export type { IntakeEntry, IntakeOptions, IntakeResult, Outcome, Summary } from './take-records.js';
export { summarise } from './take-records.js';

export const TICKETS: RecordKind<Ticket> = {
  noun: 'ticket',
  parse: (raw) => {
    const r = parseTicketText(raw);
    return r.ok ? { ok: true, record: r.ticket } : r;
  },
  identity: (t) => ({ key: ticketKey(t.locationId, t.id), result: { locationId: t.locationId, id: t.id, version: t.version } }),
  version: (t) => t.version,
  locationOf: (t) => t.locationId,
  businessDate: (t, zone) => businessDate(t.closedAtMs, zone!),
  dateField: (t) => ({ path: 'closedAt', text: t.closedAt }),
  async storedVersions(db, tenantId, tickets) {
    const stored = await storedVersions(db, tenantId, tickets.map((t) => ({ locationId: t.locationId, ticketId: t.id })));
    return new Map([...stored].map(([k, v]) => [k, { version: v.version, raw: v.raw }]));
  },
  write: (db, tenantId, writes) => writeTickets(db, tenantId, writes.map((w) => ({
    ticket: w.record, raw: w.raw, businessDate: w.businessDate, initialState: initialState(w.record.status),
  }))),
};

export function takeTickets(db: Db, tenantId: string, entries: readonly IntakeEntry[], opts: IntakeOptions = {}): Promise<IntakeResult[]> {
  return takeRecords(db, tenantId, TICKETS, entries, opts);
}
