/**
 * Summary set-up ids for tests: every record a day needs gets a readable fake id, made from
 * the need itself (`cat:product|coffee`, `pmt:credit_card|clearing`), as ensureSummarySetup
 * would store real ones.
 */
import type { Ticket } from '../../domain/ticket.js';
import { summariseDay } from '../summary/summarise-day.js';
import type { DaySummary, DaySummaryInput, SummaryNeed, SummarySetup, SummarySetupIds } from '../summary/types.js';
import { discountItemKey } from '../names.js';
import { makeSetupIds } from './setup-fixture.js';
import { makeTicket } from './tickets.js';
import type { TicketInput } from './tickets.js';

export const LOCATION = 'denver-1';
export const DATE = '2026-03-07';

/** The ids for `needs`, laid over `setup`. */
export function meet(setup: SummarySetup, needs: readonly SummaryNeed[]): SummarySetup {
  const s: Required<SummarySetupIds> = {
    posCustomer: '', accounts: {}, clearingAccounts: {}, categoryItems: {}, pmtItems: {}, taxItems: {}, tipsItem: '',
    ...setup.summary,
  };
  let discountItems = { ...setup.discountItems };
  let mappedItems = { ...setup.mappedItems };
  for (const n of needs) {
    switch (n.kind) {
      case 'pos-customer': s.posCustomer = 'cust-pos'; break;
      case 'summary-account': s.accounts = { ...s.accounts, [n.key]: `acct-${n.key}` }; break;
      case 'clearing-account': s.clearingAccounts = { ...s.clearingAccounts, [n.methodKey]: `clr:${n.methodKey}` }; break;
      case 'category-item': s.categoryItems = { ...s.categoryItems, [n.key]: `cat:${n.key}` }; break;
      case 'pmt-item': s.pmtItems = { ...s.pmtItems, [n.key]: `pmt:${n.key}` }; break;
      case 'tax-item': s.taxItems = { ...s.taxItems, [n.key]: `tax:${n.key}` }; break;
      case 'tips-item': s.tipsItem = 'item-tips-payable'; break;
      // Spread, not Object.assign: a generated name such as `__proto__` must stay an own key.
      case 'discount-item': discountItems = { ...discountItems, ...Object.fromEntries([[discountItemKey(n.name), `disc:${discountItemKey(n.name)}`]]) }; break;
      case 'mapped-item': mappedItems = { ...mappedItems, ...Object.fromEntries([[n.key, `mapped:${n.key}`]]) }; break;
      case 'label-method': break;
    }
  }
  return { ...setup, discountItems, mappedItems, summary: s };
}

/** Summarises the day once to learn its needs, then again with every need met. */
export function summariseMet(input: Omit<DaySummaryInput, 'setup'> & { setup?: SummarySetup }): DaySummary {
  const base = input.setup ?? makeSetupIds();
  const first = summariseDay({ ...input, setup: base });
  const day = summariseDay({ ...input, setup: meet(base, first.needs) });
  if (day.problems.length > 0) throw new Error(`expected documents, got problems: ${JSON.stringify(day.problems)}`);
  return day;
}

export function dayTicket(id: string, closedAt: string, input: TicketInput): Ticket {
  return makeTicket({ id, locationId: LOCATION, closedAt, ...input });
}

/** summary-mode §2's worked example: denver-1, 2026-03-07, three tickets. */
export function workedExample(): Ticket[] {
  return [
    dayTicket('T1', '2026-03-07T09:15:00-07:00', {
      lines: [
        { kind: 'product', name: 'Latte', category: 'Coffee', quantity: '2', unitPrice: '4.50', discounts: [{ name: 'Staff 10%', amount: '0.90' }] },
        { kind: 'product', name: 'Muffin', category: 'Bakery', quantity: '1', unitPrice: '3.00' },
      ],
      discounts: [{ name: 'Happy hour', amount: '1.00' }],
      taxes: [{ name: 'CO state', amount: '0.29' }, { name: 'Denver city', amount: '0.44' }],
      tip: '2.00',
      payments: [{ method: 'credit_card', amount: '10.00' }, { method: 'cash', amount: '2.83' }],
      total: '12.83',
    }),
    dayTicket('T2', '2026-03-07T11:40:00-07:00', {
      lines: [{ kind: 'product', name: 'Latte', category: 'Coffee', quantity: '-1', unitPrice: '4.50' }],
      taxes: [{ name: 'CO state', amount: '-0.15' }, { name: 'Denver city', amount: '-0.22' }],
      payments: [{ method: 'cash', amount: '-4.87' }],
      total: '-4.87',
    }),
    dayTicket('T3', '2026-03-07T15:05:00-07:00', {
      lines: [{ kind: 'gift_card', name: 'Gift card', quantity: '1', unitPrice: '25.00' }],
      payments: [{ method: 'credit_card', amount: '25.00' }],
      total: '25.00',
    }),
  ];
}
