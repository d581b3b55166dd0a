/**
 * One location's tickets over its dates, in the order its POS sends them: by closedAt, and
 * each edit when it happens (after its original). Each (seed, location, date) has its own
 * random stream, so a day's tickets are the same whichever other dates or locations are
 * asked for alongside. Only the edits not yet due are held back: memory stays bounded by a
 * few hours of edits, never by the output.
 */
import TinyQueue from 'tinyqueue';
import { pickMidnightCounts, closingInstants, formatTimestamp, localHour, makeDayWindow, offsetAt } from './day-window.js';
import type { DayWindow } from './day-window.js';
import { isEditable, makeEditedDraft, pickEditDelayMs } from './edits.js';
import { makePrng } from './prng.js';
import type { Prng } from './prng.js';
import { makeCompDraft, makeExchangeDraft, makeRefundDraft } from './returns.js';
import { makeSaleDraft } from './sale.js';
import type { TicketSlot } from './slot.js';
import type { TaxRate } from './tax-rates.js';
import { finishTicket } from './ticket-draft.js';
import type { DemoTicket, TicketDraft } from './ticket-draft.js';

export interface LocationPlan {
  seed: number;
  locationId: string;
  timeZone: string;
  rates: readonly TaxRate[];
  ticketsPerDay: number;
  edits: boolean;
}

export interface SentTicket {
  /** When the POS sends it: closedAt for an original, later for an edit. */
  sentAtMs: number;
  /** Creation order within the location, to order tickets sent in the same millisecond. */
  order: number;
  ticket: DemoTicket;
}

/** Shares of each kind of ticket: refunds 4.5%, exchanges 4%, comps 1.2%, voided at the till 1.5%, edited later 4%. */
const SHARE = { refund: 0.045, exchange: 0.04, comp: 0.012, voided: 0.015, edited: 0.04 } as const;
/** Below this many tickets a day, no late-night or early tickets: a tiny day stays in opening hours. */
const MIN_DAY_FOR_MIDNIGHT = 8;

const bySendTime = (a: SentTicket, b: SentTicket) => a.sentAtMs - b.sentAtMs || a.order - b.order;

export function* locationTickets(plan: LocationPlan, dates: readonly string[]): Generator<SentTicket> {
  const edits = new TinyQueue<SentTicket>([], bySendTime);
  const counter = { order: 0 };
  for (const date of dates) {
    for (const original of dayTickets(plan, date, edits, counter)) {
      while (edits.length > 0 && bySendTime(edits.peek() as SentTicket, original) < 0) yield edits.pop() as SentTicket;
      yield original;
    }
  }
  while (edits.length > 0) yield edits.pop() as SentTicket;
}

/** A day's originals in closing order; their later edits go into `edits`. */
function* dayTickets(plan: LocationPlan, date: string, edits: TinyQueue<SentTicket>, counter: { order: number }): Generator<SentTicket> {
  const prng = makePrng('tillbooks-demo', plan.seed, plan.locationId, date);
  const day = makeDayWindow(date, plan.timeZone);
  const count = Math.max(1, Math.round(plan.ticketsPerDay * (0.85 + 0.3 * prng.next())));
  const midnight = count >= MIN_DAY_FOR_MIDNIGHT ? pickMidnightCounts(prng) : { early: 0, late: 0 };
  const dayCode = `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
  const sequences = [0, 0];
  for (const ms of closingInstants(day, Math.max(0, count - midnight.early - midnight.late), midnight, prng)) {
    // A second register opens for the busy hours; the night's tickets go through the first.
    const register = ms >= day.openMs && ms < day.closeMs && prng.chance(0.35) ? 2 : 1;
    const sequence = ++(sequences[register - 1] as number);
    const slot = makeSlot(plan, day, ms, `R${register}-${dayCode}-${String(sequence).padStart(4, '0')}`);
    const { draft, sale } = makeDraft(prng, slot, plan.edits);
    if (plan.edits && sale && isEditable(draft) && prng.chance(SHARE.edited)) {
      const edited = makeEditedDraft(prng, draft, plan.rates);
      edits.push({ sentAtMs: ms + pickEditDelayMs(prng), order: ++counter.order, ticket: finishTicket(edited, plan.rates) });
    }
    yield { sentAtMs: ms, order: ++counter.order, ticket: finishTicket(draft, plan.rates) };
  }
}

function makeSlot(plan: LocationPlan, day: DayWindow, ms: number, id: string): TicketSlot {
  return { id, locationId: plan.locationId, closedAt: formatTimestamp(ms, offsetAt(day, ms)), localHour: localHour(day, ms), rates: plan.rates };
}

function makeDraft(prng: Prng, slot: TicketSlot, withVoids: boolean): { draft: TicketDraft; sale: boolean } {
  const roll = prng.next();
  if (roll < SHARE.refund) return { draft: makeRefundDraft(prng, slot), sale: false };
  if (roll < SHARE.refund + SHARE.exchange) return { draft: makeExchangeDraft(prng, slot), sale: false };
  if (roll < SHARE.refund + SHARE.exchange + SHARE.comp) return { draft: makeCompDraft(prng, slot), sale: false };
  const draft = makeSaleDraft(prng, slot);
  if (withVoids && prng.chance(SHARE.voided)) {
    draft.status = 'voided';
    draft.note = 'Voided at the till';
    return { draft, sale: false };
  }
  return { draft, sale: true };
}
