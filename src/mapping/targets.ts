/**
 * Where each part of a ticket posts under a mapping, in the accountant's words (account, class,
 * payment method): what "Apply to what is already posted" compares between the mapping a
 * document was posted under and the current one, to say which documents change and how much
 * money moves between accounts. Pure; no QuickBooks ids needed.
 */
import { methodKey, posNameKey } from '../domain/account-mapping.js';
import type { Cents } from '../domain/money.js';
import type { Ticket } from '../domain/ticket.js';
import { ticketKind } from '../domain/ticket.js';
import { categoryName } from './rules.js';
import type { CompiledRules } from './rules.js';
import { largestPayBack } from './refund-tenders.js';
import { planSalePayments } from './sale-payments.js';
import { groupTenders, groupTitle } from './tenders.js';
import type { TenderGroup } from './tenders.js';

/** The names of the default targets (what an unmapped name posts to), as this company calls them. */
export interface DefaultTargets {
  product: string;
  service: string;
  giftCardSales: string;
  discounts: string;
  tax: string;
  tips: string;
  rewardPoints: string;
  customerBalance: string;
  depositAccount: string;
  method: (group: TenderGroup) => string;
}

export interface PostingTargets {
  /** One entry per document line, in order: where its money goes, and how much (signed, sale orientation). */
  lines: { target: string; cents: Cents }[];
  classRef: string;
  departmentRef: string;
  /** Per tender group that posts (a sale's payments, or the refund's one), by its title. */
  tenders: Map<string, { method: string; deposit: string; cents: Cents }>;
}

export function postingTargets(ticket: Ticket, rules: CompiledRules, defaults: DefaultTargets): PostingTargets {
  const lines: PostingTargets['lines'] = [];
  const discount = (name: string) => rules.discounts.get(posNameKey(name))?.account.name ?? defaults.discounts;
  for (const line of ticket.lines) {
    const category = rules.categories.get(posNameKey(categoryName(line.category)));
    const target = line.kind === 'gift_card' ? rules.specials.giftCardSales?.account.name ?? defaults.giftCardSales
      : category?.account?.name ?? category?.item?.name ?? defaults[line.kind];
    lines.push({ target, cents: line.extended });
    const sign = line.quantity < 0 ? 1 : -1;
    for (const d of line.discounts) lines.push({ target: discount(d.name), cents: sign * d.amount });
  }
  for (const d of ticket.discounts) lines.push({ target: discount(d.name), cents: -d.amount });
  for (const t of ticket.taxes) {
    const mapped = rules.taxes.get(posNameKey(t.name));
    lines.push({ target: mapped?.account?.name ?? mapped?.item?.name ?? defaults.tax, cents: t.amount });
  }
  const special = (s: 'tips' | 'rewardPoints' | 'customerBalance', cents: Cents) => {
    if (cents !== 0) lines.push({ target: rules.specials[s]?.account.name ?? defaults[s], cents });
  };
  special('tips', ticket.tip);
  special('rewardPoints', -ticket.rewardPointsRedeemed);
  special('customerBalance', -ticket.customerBalanceUsed);
  return { lines, classRef: rules.classRef?.name ?? '', departmentRef: rules.departmentRef?.name ?? '', tenders: tenderTargets(ticket, rules, defaults) };
}

function tenderTargets(ticket: Ticket, rules: CompiledRules, defaults: DefaultTargets): PostingTargets['tenders'] {
  const groups = groupTenders(ticket.payments);
  const kind = ticketKind(ticket);
  const posting: { group: TenderGroup; cents: Cents }[] = kind === 'sale' ? planSalePayments(groups).map((p) => ({ group: p.group, cents: p.amount }))
    : kind === 'refund' ? [largestPayBack(groups)].filter((g) => g !== undefined).map((g) => ({ group: g, cents: -ticket.total })) : [];
  const out: PostingTargets['tenders'] = new Map();
  for (const { group, cents } of posting) {
    const own = rules.methods.get(methodKey(group));
    const deposit = own?.depositAccount ?? rules.methods.get(group.method)?.depositAccount;
    out.set(groupTitle(group), { method: own?.paymentMethod?.name ?? defaults.method(group), deposit: deposit?.name ?? defaults.depositAccount, cents });
  }
  return out;
}

export interface TargetChanges {
  /** The invoice or refund receipt changes (a line's account or item, the class, the location, the refund's method or account). */
  document: boolean;
  /** Titles of the payments that change (their method or deposit account). */
  payments: string[];
  /** Money that moves, from → to. */
  moves: { from: string; to: string; cents: Cents }[];
}

/** What changes between the targets a ticket was posted under and the ones it would post under now. */
export function compareTargets(before: PostingTargets, after: PostingTargets, refund: boolean): TargetChanges {
  const moves: TargetChanges['moves'] = [];
  const move = (from: string, to: string, cents: Cents) => {
    if (from !== to && cents !== 0) moves.push({ from, to, cents });
  };
  const linesDiffer = before.lines.some((l, i) => l.target !== after.lines[i]?.target);
  before.lines.forEach((l, i) => move(l.target, after.lines[i]?.target ?? l.target, l.cents));
  const total = before.lines.reduce((sum, l) => sum + l.cents, 0);
  move(before.classRef ? `class ${before.classRef}` : 'no class', after.classRef ? `class ${after.classRef}` : 'no class', total);
  move(before.departmentRef ? `location ${before.departmentRef}` : 'no location', after.departmentRef ? `location ${after.departmentRef}` : 'no location', total);
  const payments: string[] = [];
  for (const [title, b] of before.tenders) {
    const a = after.tenders.get(title);
    if (!a || (a.method === b.method && a.deposit === b.deposit)) continue;
    move(b.deposit, a.deposit, b.cents);
    payments.push(title);
  }
  const groupsDiffer = before.classRef !== after.classRef || before.departmentRef !== after.departmentRef;
  // A refund receipt carries its tender itself; a sale's tenders are Payments of their own.
  return { document: linesDiffer || groupsDiffer || (refund && payments.length > 0), payments: refund ? [] : payments, moves };
}
