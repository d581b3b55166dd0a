/**
 * The reconciliation column: a day's POS sums against its documents as QuickBooks returns them.
 * What was posted matches; a line an accountant changed, added or removed shows where and by how
 * much; a receipt that is gone leaves every group short.
 */
import { describe, expect, it } from 'vitest';
import { DATE, LOCATION, summariseMet, workedExample } from '../test-support/summary-fixture.js';
import { reconcileDay } from './reconcile.js';
import type { ReadBackDay } from './reconcile.js';

const day = summariseMet({
  locationId: LOCATION, businessDate: DATE, revision: 1, tickets: workedExample(),
  drawerOperations: [{ id: 'o', kind: 'paid_out', amountCents: 1250, reason: 'Window cleaner' }],
});
const asPosted = (): ReadBackDay => JSON.parse(JSON.stringify({ salesReceipt: day.salesReceipt, cogs: day.cogs, drawer: day.drawer })) as ReadBackDay;
const off = (back: ReadBackDay) => reconcileDay(day, back).rows.filter((r) => r.difference !== 0).map((r) => [r.group, r.key, r.pos, r.quickbooks]);

describe('reconcileDay', () => {
  it('finds what was posted equal to the POS sums, group by group, with the receipt at 0', () => {
    const r = reconcileDay(day, asPosted());
    expect(r.matches).toBe(true);
    expect(r.rows.map((x) => x.group)).toEqual([...day.groups.map((g) => g.group), 'receipt total', 'cost of goods sold', 'drawer']);
  });

  it('shows a changed amount, a line of another item and an added line, each where it is', () => {
    const back = asPosted() as { salesReceipt: { Line: Record<string, unknown>[] } } & ReadBackDay;
    back.salesReceipt.Line[0] = { ...back.salesReceipt.Line[0], Amount: 8.5 };
    back.salesReceipt.Line[6] = { ...back.salesReceipt.Line[6], SalesItemLineDetail: { ItemRef: { value: 'someone-else' } } };
    back.salesReceipt.Line.push({ DetailType: 'SalesItemLineDetail', Amount: 1, Description: 'Added by hand', SalesItemLineDetail: { ItemRef: { value: 'x' } } });
    back.salesReceipt.Line.push({ DetailType: 'SubTotalLineDetail', Amount: 36.1 });
    expect(off(back)).toEqual([
      ['sales', 'product|coffee', 900, 850], ['taxes', 'co state', 14, 0], ['not from the POS', 'line 7', 0, 14],
      ['not from the POS', 'line 12', 0, 100], ['receipt total', 'total', 0, 50],
    ]);
  });

  it('leaves every group short when the documents are gone', () => {
    const rows = off({ salesReceipt: null, cogs: null, drawer: null });
    expect(rows).toHaveLength(day.groups.length + 1);
    expect(rows.at(-1)).toEqual(['drawer', 'drawer', 1250, 0]);
  });
});
