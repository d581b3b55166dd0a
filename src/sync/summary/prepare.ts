/**
 * A page of claimed days made ready to write: each day's tickets (and drawer operations) read
 * from the store, summarised at the next revision (mapping/summary), the set-up records they
 * name and QuickBooks lacks found or created first (categories and methods first seen on a later
 * day are set up by that day's run, summary-rules §5).
 */
import { summariseDay } from '../../mapping/summary/index.js';
import type { DaySummary, DrawerOperation, SummarySetup } from '../../mapping/summary/index.js';
import type { Ticket } from '../../domain/ticket.js';
import { summaryTickets } from '../../store/day-tickets.js';
import { listDrawerOperationsForDay } from '../../store/drawer-operations.js';
import { mappingFailureView } from '../engine/failures.js';
import type { PageContext } from '../engine/page.js';
import { ensureSummarySetup } from '../setup/summary-setup.js';
import { isOpenDay, settleDay } from './work-day.js';
import type { DayTotals, WorkDay } from './work-day.js';

const dayKey = (locationId: string, date: string) => `${locationId}\u0000${date}`;

interface DayInput {
  tickets: Ticket[];
  drawerOperations: DrawerOperation[];
}

async function readInputs(ctx: PageContext, days: readonly WorkDay[]): Promise<Map<string, DayInput>> {
  const inputs = new Map<string, DayInput>(days.map((w) => [dayKey(w.day.locationId, w.day.businessDate), { tickets: [], drawerOperations: [] }]));
  for (const t of await summaryTickets(ctx.deps.database.db, ctx.tenantId, days.map((w) => w.day))) {
    const w = days.find((d) => d.day.locationId === t.locationId && d.day.businessDate === t.businessDate)!;
    if (!t.stored.ok) {
      settleDay(w, 'unmappable', { kind: 'mapping', code: 'MAPPING_UNREADABLE', message: `ticket ${t.ticketId}: ${t.stored.problem}`,
        hint: 'Send the ticket again from the POS (a new version); the day is posted then.', at: new Date(ctx.deps.clock.now()).toISOString() });
    }
    else inputs.get(dayKey(t.locationId, t.businessDate))!.tickets.push(t.stored.ticket);
  }
  for (const w of days) {
    const ops = await listDrawerOperationsForDay(ctx.deps.database.db, ctx.tenantId, w.day.locationId, w.day.businessDate);
    const drawer = ops.map((o) => ({ id: o.id, kind: o.kind, amountCents: o.amount, reason: o.reason,
      ...(o.category !== undefined && { category: o.category }) }));
    inputs.get(dayKey(w.day.locationId, w.day.businessDate))!.drawerOperations.push(...drawer);
  }
  return inputs;
}

function summarise(ctx: PageContext, w: WorkDay, input: DayInput): DaySummary {
  return summariseDay({
    locationId: w.day.locationId, businessDate: w.day.businessDate, revision: w.day.revision + 1,
    tickets: input.tickets, drawerOperations: input.drawerOperations, setup: ctx.setup as SummarySetup, mapping: ctx.mapping,
  });
}

/** Days whose tickets are read and summarised together: a page's tickets are never all in memory at once. */
const READ_DAYS = 10;

/** Sets each open day's target (or its outcome, when it cannot be summarised). */
export async function prepareDays(ctx: PageContext, days: readonly WorkDay[]): Promise<void> {
  for (let i = 0; i < days.length; i += READ_DAYS) await prepareSome(ctx, days.slice(i, i + READ_DAYS));
}

async function prepareSome(ctx: PageContext, days: readonly WorkDay[]): Promise<void> {
  const inputs = await readInputs(ctx, days);
  const open = days.filter(isOpenDay);
  let summaries = open.map((w) => summarise(ctx, w, inputs.get(dayKey(w.day.locationId, w.day.businessDate))!));
  // What the days name and QuickBooks lacks (a category or method first seen today): found or created, then summarised again.
  const setup = await ensureSummarySetup(ctx.client, ctx.setup, summaries.flatMap((s) => s.needs), ctx.report);
  if (setup !== ctx.setup) {
    ctx.setup = setup;
    await ctx.saveSetup(ctx.setup, ctx.report);
    summaries = open.map((w) => summarise(ctx, w, inputs.get(dayKey(w.day.locationId, w.day.businessDate))!));
  }
  const at = new Date(ctx.deps.clock.now());
  open.forEach((w, i) => {
    const s = summaries[i]!;
    if (s.problems.length > 0) return settleDay(w, 'unmappable', mappingFailureView(s.problems, at));
    const totals: DayTotals = { tickets: s.tickets, totals: s.totals, groups: s.groups, cogsCents: s.cogsCents, drawer: s.drawerSums };
    const bodies = { salesReceipt: asBody(s.salesReceipt), cogs: asBody(s.cogs), drawer: asBody(s.drawer) };
    w.target = { revision: w.day.revision + 1, bodies, groups: totals };
  });
}

const asBody = (b: object | null): Record<string, unknown> | null => (b ? { ...b } as Record<string, unknown> : null);
