/**
 * The reconciliation column of the Days page and `tillbooks days` (summary-rules §6): per day
 * with documents, the POS sums of its tickets as they are now against the documents read back
 * from QuickBooks, group by group, to the cent; and the POS tenders per method. QuickBooks is
 * read with two queries over the dates asked (reconcile/summary-days.ts), never per day.
 * A facade operation of its own beside `sync.days` (days.ts), which reads no QuickBooks.
 */
import { dateInZone, isDateInRange } from '../../domain/business-date.js';
import type { SummaryGroup, SummarySetup } from '../../mapping/summary/index.js';
import { summariseDay } from '../../mapping/summary/index.js';
import { getMapping } from '../../store/account-mappings.js';
import { summaryTickets } from '../../store/day-tickets.js';
import { listDrawerOperationsForDay } from '../../store/drawer-operations.js';
import { getLocation } from '../../store/locations.js';
import { getConnection } from '../../store/qbo-connections.js';
import { listDays } from '../../store/summary-days.js';
import { clientFor } from '../deps.js';
import type { SyncDeps } from '../deps.js';
import { ServiceError, notFound } from '../errors.js';
import { readSummaryDocs, reconcileDay } from '../reconcile/summary-days.js';
import type { DayReconciliation, ReadBack } from '../reconcile/summary-days.js';
import { readSetup } from '../setup/initialize.js';

export type { DayReconciliation, DayReconRow, ReconGroup } from '../reconcile/summary-days.js';

export interface DayCheck {
  date: string;
  /** The POS sums of the day's tickets now (a location not connected yet has them too). */
  tickets: number;
  totals: Record<SummaryGroup, number>;
  /** The POS's money per tender now (positive: taken in), in cents. */
  tenders: { name: string; cents: number }[];
  /** Each live document's page in QuickBooks Online. */
  links: { id: string; url: string }[];
  /** Null when the day has no document, or QuickBooks was not read. */
  reconciliation: DayReconciliation | null;
}

export interface DayChecks {
  locationId: string;
  timeZone: string;
  /** Today where the store is: its open day. */
  today: string;
  /** Whether QuickBooks was read back, and why not when it failed. */
  readBack: { done: boolean; error: string | null };
  days: DayCheck[];
}

/** QuickBooks Online's own page of a document. */
export function qboDocumentUrl(environment: string, entity: 'SalesReceipt' | 'JournalEntry', id: string): string {
  const host = environment === 'production' ? 'https://qbo.intuit.com' : 'https://app.sandbox.qbo.intuit.com';
  return `${host}/app/${entity === 'SalesReceipt' ? 'salesreceipt' : 'journal'}?txnId=${encodeURIComponent(id)}`;
}

export async function checkDays(deps: SyncDeps, tenantId: string,
  opts: { locationId: string; from?: string; to?: string; readBack?: boolean }): Promise<DayChecks> {
  const db = deps.database.db;
  for (const d of [opts.from, opts.to]) if (d && !isDateInRange(d)) throw new ServiceError('INVALID', `"${d}" is not a business date YYYY-MM-DD`);
  const l = await getLocation(db, tenantId, opts.locationId);
  if (!l) throw notFound(`location "${opts.locationId}"`);
  const stored = await listDays(db, tenantId, l.id, { from: opts.from ?? null, to: opts.to ?? null });
  const connection = l.connectionId === null ? null : await getConnection(db, tenantId, l.connectionId);
  const setup = ((connection && readSetup(connection)?.setup) ?? {}) as SummarySetup;
  const mapping = connection ? (await getMapping(db, tenantId, connection.id)).mapping : undefined;
  const readBack = { done: false, error: null as string | null };
  let docs: ReadBack | null = null;
  const posted = stored.filter((d) => d.docs.salesReceipt || d.docs.cogs || d.docs.drawer);
  if (opts.readBack !== false && connection && posted.length > 0) {
    try {
      docs = await readSummaryDocs(clientFor(deps, connection), posted.at(-1)!.businessDate, posted[0]!.businessDate);
      readBack.done = true;
    } catch (err) {
      readBack.error = err instanceof Error ? err.message : String(err);
    }
  }
  const tickets = await summaryTickets(db, tenantId, stored);
  const days = await Promise.all(stored.map(async (day): Promise<DayCheck> => {
    const own = tickets.flatMap((t) => (t.businessDate === day.businessDate && t.stored.ok ? [t.stored.ticket] : []));
    // The drawer entry is compared only where there is one: its operations are read for those days alone.
    const drawer = day.docs.drawer ? await listDrawerOperationsForDay(db, tenantId, l.id, day.businessDate) : [];
    const summary = summariseDay({ locationId: l.id, businessDate: day.businessDate, revision: Math.max(1, day.revision), tickets: own,
      drawerOperations: drawer.map((o) => ({
        id: o.id, kind: o.kind, amountCents: o.amount, reason: o.reason, ...(o.category !== undefined && { category: o.category }),
      })),
      setup, ...(mapping ? { mapping } : {}) });
    const live = (['salesReceipt', 'cogs', 'drawer'] as const).flatMap((k) => (day.docs[k] ? [{ k, ref: day.docs[k]! }] : []));
    return {
      date: day.businessDate, tickets: summary.tickets, totals: summary.totals,
      tenders: summary.groups.filter((g) => g.group === 'tenders').map((g) => ({ name: g.name, cents: -g.cents })),
      links: live.map(({ k, ref }) => ({
        id: ref.id, url: qboDocumentUrl(connection?.environment ?? 'sandbox', k === 'salesReceipt' ? 'SalesReceipt' : 'JournalEntry', ref.id),
      })),
      reconciliation: docs && live.length > 0 ? reconcileDay(docs, l.id, day.businessDate, summary) : null,
    };
  }));
  return { locationId: l.id, timeZone: l.timeZone, today: dateInZone(deps.clock.now(), l.timeZone), readBack, days };
}
