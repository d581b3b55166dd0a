/**
 * GET /reconcile: the accountant's check for one location and a range of business dates: POS
 * totals against QuickBooks read back through its API (sync.reconcile), per date and measure
 * (sales less refunds, payments per method) and per class where the store has one; differences
 * first, each row linking to the tickets behind it. GET /reconcile.csv: the same rows for the
 * accountant. QuickBooks is read only when asked (a form, or a link with the dates): reads are
 * metered (issue 17).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { DATE_RANGE_TEXT, dateInZone, isDateInRange } from '../../domain/business-date.js';
import type { Location } from '../../domain/location.js';
import { formatCents } from '../../domain/money.js';
import { listLocations } from '../../store/locations.js';
import { isServiceError } from '../../sync/index.js';
import type { Reconciliation } from '../../sync/index.js';
import { sessionOf } from '../session/guards.js';
import { notFound, sendHtml, signedInLayout } from './page-kit.js';
import type { PageKit } from './page-kit.js';

/** The longest range one check reads back (a quarter: QuickBooks reads are metered). */
export const MAX_RANGE_DAYS = 92;

type Query = { location?: string | string[]; from?: string | string[]; to?: string | string[] };

interface Ask {
  locations: Location[];
  location: Location;
  from: string;
  to: string;
  /** The dates came with the address: read QuickBooks back. */
  check: boolean;
  problems: string[];
}

export function reconcilePage(app: FastifyInstance, kit: PageKit): void {
  app.get<{ Querystring: Query }>('/reconcile', async (request, reply) => {
    const layout = signedInLayout(kit, request, reply, 'Reconciliation', 'reconcile');
    const ask = await readAsk(kit, request);
    if (ask === 'no-locations') return sendHtml(reply, 200, kit.render('no-locations', layout));
    if (!ask) return notFound(kit, request, reply, 'That location');
    const result = ask.check && ask.problems.length === 0 ? await check(kit, request, ask) : null;
    return sendHtml(reply, 200, kit.render('reconcile', {
      ...layout, ask, result: result && 'recon' in result ? viewOf(ask, result.recon) : null,
      failure: result && 'failure' in result ? result.failure : null,
      csvHref: `/reconcile.csv?${params(ask)}`,
    }));
  });

  app.get<{ Querystring: Query }>('/reconcile.csv', async (request, reply) => {
    const ask = await readAsk(kit, request);
    if (ask === 'no-locations' || !ask) return notFound(kit, request, reply, 'That location');
    if (ask.problems.length) return reply.status(400).type('text/plain; charset=utf-8').send(ask.problems.join('\n'));
    const result = await check(kit, request, ask);
    if ('failure' in result) return reply.status(409).type('text/plain; charset=utf-8').send(result.failure);
    const name = `reconciliation-${ask.location.id.replace(/[^A-Za-z0-9_-]/g, '_')}-${ask.from}-${ask.to}.csv`;
    return reply.type('text/csv; charset=utf-8').header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${name}"`).send(toCsv(ask, result.recon));
  });
}

async function readAsk(kit: PageKit, request: FastifyRequest<{ Querystring: Query }>): Promise<Ask | 'no-locations' | null> {
  const locations = await listLocations(kit.deps.db, sessionOf(request).user.tenantId);
  if (locations.length === 0) return 'no-locations';
  const first = (v: string | string[] | undefined) => [v].flat()[0]?.trim() || undefined;
  const wanted = first(request.query.location);
  const location = wanted === undefined ? locations[0]! : locations.find((l) => l.id === wanted);
  if (!location) return null;
  const yesterday = DateTime.fromISO(dateInZone((kit.deps.now ?? Date.now)(), location.timeZone)).minus({ days: 1 }).toISODate()!;
  const problems: string[] = [];
  const date = (value: string | undefined, label: string, fallback: string) => {
    if (value === undefined) return fallback;
    if (isDateInRange(value)) return value;
    problems.push(`"${value}" is not a date from ${DATE_RANGE_TEXT} (${label})`);
    return fallback;
  };
  const to = date(first(request.query.to), 'To', yesterday);
  const from = date(first(request.query.from), 'From', DateTime.fromISO(to).minus({ days: 6 }).toISODate()!);
  if (from > to) problems.push(`From ${from} is after To ${to}`);
  else if (DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days >= MAX_RANGE_DAYS) problems.push(`Check at most ${MAX_RANGE_DAYS} days at a time`);
  return { locations, location, from, to, check: first(request.query.from) !== undefined || first(request.query.to) !== undefined, problems };
}

async function check(kit: PageKit, request: FastifyRequest, ask: Ask): Promise<{ recon: Reconciliation } | { failure: string }> {
  const tenantId = sessionOf(request).user.tenantId;
  if (ask.location.connectionId === null) return { failure: `${ask.location.name} is not connected to QuickBooks: connect it on the QuickBooks page first.` };
  try {
    const scope = { connectionId: ask.location.connectionId, locationIds: [ask.location.id], from: ask.from, to: ask.to };
    return { recon: await kit.deps.sync.reconcile(tenantId, scope) };
  } catch (err) {
    if (isServiceError(err)) return { failure: `QuickBooks could not be read back: ${err.message}` };
    request.log.warn({ err }, 'reconciliation failed');
    return { failure: 'QuickBooks could not be read back (it did not answer, or answered something unreadable). Nothing was changed; try again in a minute.' };
  }
}

function params(ask: Ask): string {
  return new URLSearchParams({ location: ask.location.id, from: ask.from, to: ask.to }).toString();
}

function viewOf(ask: Ask, recon: Reconciliation) {
  const tickets = (date: string) => `/tickets?${new URLSearchParams({ location: ask.location.id, from: date, to: date }).toString()}`;
  const rows = recon.rows.map((r) => ({ ...r, difference: r.qbo - r.pos, ticketsHref: tickets(r.date) }))
    // Differences first, then by date and measure as the service sorted them.
    .sort((a, b) => Number(b.difference !== 0) - Number(a.difference !== 0));
  return {
    rows, classes: recon.classes.map((c) => ({ ...c, difference: c.qbo - c.pos })), tickets: recon.tickets, problems: recon.problems,
    matches: recon.problems.length === 0, differences: rows.filter((r) => r.difference !== 0).length,
  };
}

/** RFC 4180: every field quoted, quotes doubled; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

function toCsv(ask: Ask, recon: Reconciliation): string {
  const lines = [['business date', 'location', 'class', 'measure', 'POS', 'QuickBooks', 'difference']];
  for (const r of recon.rows) lines.push([r.date, ask.location.id, r.className, r.measure, formatCents(r.pos), formatCents(r.qbo), formatCents(r.qbo - r.pos)]);
  for (const c of recon.classes) lines.push([`${ask.from}..${ask.to}`, ask.location.id, c.className, 'class total', formatCents(c.pos), formatCents(c.qbo), formatCents(c.qbo - c.pos)]);
  return `${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`;
}

