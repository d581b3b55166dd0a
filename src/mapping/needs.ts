/**
 * What a ticket needs in QuickBooks besides the records Initialize made once: an item per
 * discount name, a PaymentMethod per custom tender label, and an item for each POS name the
 * accountant mapped to an account (an invoice line names an item, and the item names the
 * account). The sync finds or creates each before the ticket is mapped.
 */
import { methodKey, posNameKey } from '../domain/account-mapping.js';
import type { QboRef } from '../domain/account-mapping.js';
import type { Ticket } from '../domain/ticket.js';
import { qboName, requiredDiscountNames } from './names.js';
import { categoryName } from './rules.js';
import type { CompiledRules } from './rules.js';
import { mappedItemKey } from './setup-ids.js';

export type MappedRole = 'category' | 'discount' | 'tax' | 'special';

export type SetupNeed =
  | { kind: 'discount-item'; name: string }
  | { kind: 'label-method'; key: string; label: string; creditCard: boolean }
  | { kind: 'mapped-item'; key: string; role: MappedRole; posName: string; account: QboRef };

export function setupNeeds(ticket: Ticket, rules: CompiledRules): SetupNeed[] {
  if (ticket.status !== 'closed') return [];
  const needs = new Map<string, SetupNeed>();
  const add = (key: string, need: SetupNeed) => {
    if (!needs.has(key)) needs.set(key, need);
  };
  const mapped = (role: MappedRole, posName: string, account: QboRef | undefined) => {
    if (!account) return false;
    const key = mappedItemKey(role, posName, account.id);
    add(`item:${key}`, { kind: 'mapped-item', key, role, posName: qboName(posName), account });
    return true;
  };
  for (const line of ticket.lines) {
    if (line.kind === 'gift_card') mapped('special', 'giftCardSales', rules.specials.giftCardSales?.account);
    else mapped('category', categoryName(line.category), rules.categories.get(posNameKey(categoryName(line.category)))?.account);
  }
  for (const name of requiredDiscountNames(ticket)) {
    if (!mapped('discount', name, rules.discounts.get(posNameKey(name))?.account)) add(`discount:${name.toLowerCase()}`, { kind: 'discount-item', name });
  }
  for (const tax of ticket.taxes) mapped('tax', tax.name, rules.taxes.get(posNameKey(tax.name))?.account);
  if (ticket.tip !== 0) mapped('special', 'tips', rules.specials.tips?.account);
  if (ticket.rewardPointsRedeemed !== 0) mapped('special', 'rewardPoints', rules.specials.rewardPoints?.account);
  if (ticket.customerBalanceUsed !== 0) mapped('special', 'customerBalance', rules.specials.customerBalance?.account);
  for (const p of ticket.payments) {
    const key = methodKey(p);
    if (!key.startsWith('label:') || rules.methods.get(key)?.paymentMethod) continue;
    add(`method:${key}`, { kind: 'label-method', key, label: p.label!.trim(), creditCard: p.method === 'credit_card' });
  }
  return [...needs.values()];
}
