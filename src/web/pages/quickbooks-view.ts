/** Everything the QuickBooks page shows for one location, gathered in parallel. */
import { DateTime } from 'luxon';
import { dateInZone } from '../../domain/business-date.js';
import type { Location } from '../../domain/location.js';
import { listLocations } from '../../store/locations.js';
import type { CompanyUsageView, ConnectionView, InitializeReport, RunView, TicketErrorView, UsageView } from '../../sync/index.js';
import { makeChart } from './chart.js';
import type { Chart } from './chart.js';
import type { BackOfficeDeps } from './page-kit.js';

export interface QuickBooksView {
  locations: Location[];
  location: Location;
  /** The connection this location posts to, if any. */
  connection: ConnectionView | null;
  /** Other live connections of the tenant this location could use instead of connecting again. */
  otherConnections: ConnectionView[];
  report: InitializeReport | null;
  /** The run whose progress the page shows (asked for, or the one running now). */
  run: RunView | null;
  runs: RunView[];
  errors: TicketErrorView[];
  /** The same errors, one entry per distinct message, with the tickets it stopped. */
  errorGroups: ErrorGroup[];
  chart: Chart;
  nextRun: string | null;
  zones: string[];
  /** QuickBooks metered reads this month against the installation's budget. */
  usage: UsageView;
  /** This location's company in it (null when not connected). */
  companyUsage: CompanyUsageView | null;
}

export interface ErrorGroup {
  /** QuickBooks' code when it gave one, else ours. */
  code: string;
  message: string;
  hint: string;
  element: string | null;
  tickets: TicketErrorView[];
}

export const CHART_DAYS = 14;

/**
 * Forty tickets refused for one closed period are one problem to fix, not forty: errors that
 * read the same are shown once, with every ticket they stopped (first seen first).
 */
export function groupErrors(errors: readonly TicketErrorView[]): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const e of errors) {
    const code = e.error.qboCode ?? e.error.code;
    const key = JSON.stringify([code, e.error.message, e.error.hint]);
    const group = groups.get(key) ?? { code, message: e.error.message, hint: e.error.hint, element: e.error.element ?? null, tickets: [] };
    group.tickets.push(e);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function isActive(run: RunView | null | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

/** null: the tenant has no such location, or no such run (both are "not found"). */
export async function loadQuickBooksView(deps: BackOfficeDeps, tenantId: string, ask: { locationId?: string; runId?: number }):
Promise<QuickBooksView | 'no-locations' | null> {
  const locations = await listLocations(deps.db, tenantId);
  if (locations.length === 0) return 'no-locations';
  const location = ask.locationId === undefined ? locations[0]! : locations.find((l) => l.id === ask.locationId);
  if (!location) return null;
  const to = dateInZone((deps.now ?? Date.now)(), location.timeZone);
  const from = DateTime.fromISO(to).minus({ days: CHART_DAYS - 1 }).toISODate()!;
  const { sync } = deps;
  const [connections, runs, errors, counts, nextRuns, asked, usage] = await Promise.all([
    sync.connections(tenantId),
    sync.recentRuns(tenantId, { locationId: location.id, limit: 10 }),
    sync.ticketErrors(tenantId, { locationId: location.id, limit: 50 }),
    sync.dailyCounts(tenantId, { locationId: location.id, from, to }),
    sync.nextRuns(tenantId),
    ask.runId === undefined ? Promise.resolve(null) : sync.run(tenantId, ask.runId),
    sync.usage(tenantId),
  ]);
  if (ask.runId !== undefined && !asked) return null;
  const connection = connections.find((c) => c.id === location.connectionId) ?? null;
  return {
    locations, location, connection,
    otherConnections: connections.filter((c) => c.id !== location.connectionId && c.status !== 'disconnected'),
    report: connection?.setupReport ?? null,
    run: asked ?? runs.find(isActive) ?? null,
    runs, errors, errorGroups: groupErrors(errors),
    chart: makeChart(counts, from, to),
    nextRun: nextRuns[location.id] ?? null,
    zones: timeZones(location.syncTimeZone),
    usage, companyUsage: usage.companies.find((u) => u.connectionId === connection?.id) ?? null,
  };
}

/** Every IANA zone the runtime knows, with the current one guaranteed in the list. */
function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}
