/**
 * Later edits of a closed sale, as a POS sends them: the same ticket id with version 2 and
 * the same closedAt (the business date does not move), sent minutes to hours after the
 * original. A tip adjusted when the card batch is closed, an item added or taken off, a
 * quantity changed, or the whole ticket voided after it was posted.
 */
import type { Prng } from './prng.js';
import { pickSaleLine } from './sale.js';
import type { TaxRate } from './tax-rates.js';
import { computeDraftTotal, computeTaxes, lineAmount, sumAmounts } from './ticket-draft.js';
import type { TicketDraft } from './ticket-draft.js';

/** Edits are sent 5 minutes to 3 hours after the original closed. */
export function pickEditDelayMs(prng: Prng): number {
  return prng.int(5 * 60, 3 * 3600) * 1000;
}

/** True when a draft can take an edit: a closed sale settled by a 'rest' tender that can grow. */
export function isEditable(draft: TicketDraft): boolean {
  return draft.status === 'closed' && draft.tenders.some((t) => t.amount === 'rest');
}

/** Version 2 of an editable draft. The original is left as it was. */
export function makeEditedDraft(prng: Prng, original: TicketDraft, rates: readonly TaxRate[]): TicketDraft {
  const draft: TicketDraft = {
    ...original, version: original.version + 1,
    lines: original.lines.map((l) => ({ ...l, discounts: [...l.discounts] })),
    discounts: [...original.discounts], tenders: [...original.tenders],
  };
  const roll = prng.next();
  const rest = draft.tenders.find((t) => t.amount === 'rest');
  if (roll < 0.4 && rest?.method === 'credit_card') {
    draft.tip += prng.pick([100, 150, 200, 300, 500]);
    draft.note = 'Tip adjusted';
  } else if (roll < 0.55) {
    draft.status = 'voided';
    draft.note = 'Voided after close';
  } else if (roll < 0.7 && canRemoveLine(draft, rates)) {
    draft.lines.pop();
    draft.note = 'Item taken off after close';
  } else {
    changeOrAddLine(prng, draft);
  }
  return draft;
}

function changeOrAddLine(prng: Prng, draft: TicketDraft): void {
  const line = draft.lines.find((l) => l.item.unit === 'each' && l.discounts.length === 0);
  if (line && prng.chance(0.5)) {
    line.quantity += 1000;
    draft.note = `Quantity of ${line.item.name} changed`;
    return;
  }
  draft.lines.push(pickSaleLine(prng));
  draft.note = 'Item added after close';
}

/**
 * Taking the last line off must leave a sale that still pays for its discounts, points
 * and fixed tenders: only a single-tender ticket without ticket discounts whose total stays
 * positive.
 */
function canRemoveLine(draft: TicketDraft, rates: readonly TaxRate[]): boolean {
  if (draft.lines.length < 2 || draft.tenders.length !== 1 || draft.discounts.length > 0) return false;
  const lines = draft.lines.slice(0, -1);
  const without = { ...draft, lines };
  const kept = sumAmounts(lines.map((l) => ({ amount: lineAmount(l) })));
  return kept > draft.rewardPointsRedeemed && computeDraftTotal(without, computeTaxes(lines, [], rates)) > 0;
}
