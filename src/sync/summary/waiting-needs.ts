/**
 * What the summary days waiting to be posted name (summary-rules §5: Initialize sets up "a
 * NonInventory item per category met; a PMT item per payment method met"): the categories,
 * tenders and taxes of the connection's stored summary tickets and drawer operations, as the
 * day summaries name them. Initialize sets them up, so a first run over a backlog writes the
 * days' documents and reads nothing; a category first met later is still set up by its day's run.
 */
import { summariseDay } from '../../mapping/summary/index.js';
import type { SummaryNeed, SummarySetup } from '../../mapping/summary/index.js';
import type { Ticket } from '../../domain/ticket.js';
import { getMapping } from '../../store/account-mappings.js';
import { summaryTickets } from '../../store/day-tickets.js';
import { listDrawerOperationsForDay } from '../../store/drawer-operations.js';
import type { Db } from '../../store/index.js';
import { listLocations } from '../../store/locations.js';
import { anyCutOver } from '../../store/posting-modes.js';
import { waitingDays } from '../../store/summary-days.js';
import type { DayRef } from '../../store/summary-days.js';
import type { SummaryInitialize } from '../setup/initialize.js';
import { summaryNeedKey } from '../setup/summary-setup.js';

/** Days read at a time (their tickets in memory together). */
const PAGE = 10;

/**
 * Initialize's summary options for a connection: when a location of it ever had a cut-over,
 * summary mode's own records and what its waiting days name; else none.
 */
export async function summaryInitializeOptions(db: Db, tenantId: string, connectionId: number): Promise<SummaryInitialize> {
  const ids = (await listLocations(db, tenantId)).filter((l) => l.connectionId === connectionId).map((l) => l.id);
  if (ids.length === 0 || !(await anyCutOver(db, tenantId, ids))) return {};
  return { summary: true, waiting: (setup) => waitingDayNeeds(db, tenantId, connectionId, ids, setup) };
}

export async function waitingDayNeeds(db: Db, tenantId: string, connectionId: number, locationIds: readonly string[],
  setup: SummarySetup): Promise<SummaryNeed[]> {
  const days = await waitingDays(db, tenantId, locationIds);
  const { mapping } = await getMapping(db, tenantId, connectionId);
  const needs = new Map<string, SummaryNeed>();
  const key = (d: DayRef) => `${d.locationId}\u0000${d.businessDate}`;
  for (let i = 0; i < days.length; i += PAGE) {
    const page = days.slice(i, i + PAGE);
    const tickets = new Map<string, Ticket[]>(page.map((d) => [key(d), []]));
    for (const t of await summaryTickets(db, tenantId, page)) if (t.stored.ok) tickets.get(key(t))?.push(t.stored.ticket);
    for (const d of page) {
      const drawerOperations = (await listDrawerOperationsForDay(db, tenantId, d.locationId, d.businessDate)).map((o) => ({
        id: o.id, kind: o.kind, amountCents: o.amount, reason: o.reason, ...(o.category !== undefined && { category: o.category }) }));
      const s = summariseDay({ locationId: d.locationId, businessDate: d.businessDate, revision: 1, tickets: tickets.get(key(d))!,
        drawerOperations, setup, mapping });
      for (const n of s.needs) needs.set(summaryNeedKey(n), n);
    }
  }
  return [...needs.values()];
}
