/**
 * What a posted ticket put into each processor's clearing account (records-format.md): the same
 * plan its documents were built from (mapping/map-ticket.ts), read for where the money went. A
 * sale's Payments (one per method, cash back taken off the largest) deposit to the clearing
 * account when clearingFor says so; a refund receipt pays its whole total out of the account
 * of the tender that paid back the most.
 */
import type { Cents } from '../domain/money.js';
import { ticketKind } from '../domain/ticket.js';
import type { Ticket } from '../domain/ticket.js';
import { largestPayBack } from './refund-tenders.js';
import { clearingFor } from './rules.js';
import type { CompiledRules } from './rules.js';
import { planSalePayments } from './sale-payments.js';
import { groupTenders } from './tenders.js';

/**
 * Cents into each processor's clearing account (keyed by posNameKey of the processor), by this
 * ticket of that business date. `summarised`: the ticket was posted by its day's summary, whose
 * tender lines carry each method's net (refunds and cash back netted in), so every tender counts
 * as it is, with its sign.
 */
export function clearingShares(ticket: Pick<Ticket, 'payments' | 'total'>, businessDate: string, rules: CompiledRules, summarised = false): Map<string, Cents> {
  const out = new Map<string, Cents>();
  if (rules.clearing.length === 0) return out;
  const add = (tender: { method: string; label?: string }, cents: Cents) => {
    const account = clearingFor(rules, tender, businessDate);
    const processor = account ? rules.clearing.find((c) => c.account.id === account.id)?.processor : undefined;
    if (processor !== undefined) out.set(processor, (out.get(processor) ?? 0) + cents);
  };
  if (summarised) {
    for (const p of ticket.payments) add(p, p.amount);
    return out;
  }
  const groups = groupTenders(ticket.payments);
  const kind = ticketKind(ticket);
  if (kind === 'sale') for (const p of planSalePayments(groups)) add(p.group, p.amount);
  if (kind === 'refund') {
    const payBack = largestPayBack(groups);
    if (payBack) add(payBack, ticket.total);
  }
  return out;
}
