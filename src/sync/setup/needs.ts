/**
 * What tickets need beyond Initialize's records (mapping/needs.ts says what): a discount item
 * per discount name, a PaymentMethod per custom tender label, an item for each POS name mapped
 * to an account. Each is found by name or created, its id stored with the set-up, and the need
 * remembered so Initialize finds it again later.
 */
import { compileRules, discountItemKey, setupNeeds } from '../../mapping/index.js';
import type { CompiledRules, SetupNeed } from '../../mapping/index.js';
import type { Ticket } from '../../domain/ticket.js';
import type { QboClient } from '../../qbo/index.js';
import { findOrCreate, makeFindContext, serviceItemSpec } from './find-or-create.js';
import type { FindContext, FindSpec } from './find-or-create.js';
import { METHOD_NAME_MAX, NAME_SUFFIX, PAYMENT_METHOD_SPECS, cutName, refValue, sameName } from './setup-records.js';
import type { InitializeReport, StoredSetup } from './stored-setup.js';

/** The needs of these tickets that the set-up does not meet yet. */
export function unmetNeeds(setup: StoredSetup, tickets: readonly { ticket: Ticket; rules: CompiledRules }[]): SetupNeed[] {
  const unmet = new Map<string, SetupNeed>();
  for (const { ticket, rules } of tickets) {
    for (const need of setupNeeds(ticket, rules)) if (!isMet(setup, need)) unmet.set(needKey(need), need);
  }
  return [...unmet.values()];
}

export function needKey(need: SetupNeed): string {
  switch (need.kind) {
    case 'discount-item': return `discount:${discountItemKey(need.name)}`;
    case 'label-method': return `method:${need.key}`;
    case 'mapped-item': return `item:${need.key}`;
  }
}

export function isMet(setup: StoredSetup, need: SetupNeed): boolean {
  switch (need.kind) {
    case 'discount-item': return Object.hasOwn(setup.discountItems, discountItemKey(need.name));
    case 'label-method': return Object.hasOwn(setup.labelMethods ?? {}, need.key);
    case 'mapped-item': return Object.hasOwn(setup.mappedItems ?? {}, need.key);
  }
}

/**
 * Finds or creates a record for each need; returns the set-up with their ids (own properties
 * only: a name may be "__proto__"). `ctx`: a pass already under way, whose lists were read.
 */
export async function ensureNeeds(client: QboClient, setup: StoredSetup, needs: readonly SetupNeed[], report: InitializeReport,
  ctx: FindContext = makeFindContext(client, report)): Promise<StoredSetup> {
  if (needs.length === 0) return setup;
  const discountItems = Object.entries(setup.discountItems);
  const labelMethods = Object.entries(setup.labelMethods ?? {});
  const mappedItems = Object.entries(setup.mappedItems ?? {});
  const known = new Map((setup.needs ?? []).map((n) => [needKey(n), n]));
  for (const need of needs) {
    if (need.kind === 'discount-item') {
      const discounts = { id: setup.accounts.discounts, name: 'Discounts given' };
      discountItems.push([discountItemKey(need.name), await findOrCreate(ctx, serviceItemSpec(`Discount: ${need.name}`, [need.name], discounts))]);
    } else if (need.kind === 'label-method') {
      labelMethods.push([need.key, await findOrCreate(ctx, labelMethodSpec(need))]);
    } else {
      mappedItems.push([need.key, await findOrCreate(ctx, await mappedItemSpec(ctx, need))]);
    }
    known.set(needKey(need), need);
  }
  return {
    ...setup,
    discountItems: Object.fromEntries(discountItems), labelMethods: Object.fromEntries(labelMethods), mappedItems: Object.fromEntries(mappedItems),
    needs: [...known.values()],
  };
}

/**
 * A custom tender's own PaymentMethod (posting-rules §4): named after the label, cut to
 * QuickBooks' 31 characters; a label that is one of the five standard methods' names gets the
 * " (POS)" suffix so its money is not mixed with theirs.
 */
function labelMethodSpec(need: Extract<SetupNeed, { kind: 'label-method' }>): FindSpec {
  const clash = PAYMENT_METHOD_SPECS.some((m) => sameName(m.name, cutName(need.label, METHOD_NAME_MAX)));
  return {
    record: `Payment method "${need.label}"`, entity: 'PaymentMethod',
    names: [clash ? `${cutName(need.label, METHOD_NAME_MAX - NAME_SUFFIX.length)}${NAME_SUFFIX}` : cutName(need.label, METHOD_NAME_MAX)],
    sameKind: () => true,
    create: (name) => ({ Name: name, Type: need.creditCard ? 'CREDIT_CARD' : 'NON_CREDIT_CARD' }),
  };
}

/**
 * The item a mapped POS name posts through: named after the POS name, on the mapped account.
 * An item of that name on another account is someone else's: the account's name is added.
 */
async function mappedItemSpec(ctx: FindContext, need: Extract<SetupNeed, { kind: 'mapped-item' }>): Promise<FindSpec> {
  const type = need.role === 'category' ? 'NonInventory' : 'Service';
  const accountName = (await ctx.list('Account')).find((a) => a.Id === need.account.id)?.Name ?? need.account.name;
  return {
    record: `${need.role} "${need.posName}" → ${accountName}`, entity: 'Item',
    names: [need.posName, cutName(`${need.posName} - ${accountName}`, 100)],
    sameKind: (i) => (i.Type === 'Service' || i.Type === 'NonInventory') && refValue(i.IncomeAccountRef) === need.account.id,
    create: (name) => ({ Name: name, Type: type, IncomeAccountRef: { value: need.account.id } }),
  };
}

/** For tools and tests outside a run: meets what these tickets need under one location's rules (default: nothing mapped). */
export async function ensureTicketNeeds(client: QboClient, setup: StoredSetup, tickets: readonly Ticket[], report: InitializeReport,
  rules: CompiledRules = compileRules()): Promise<StoredSetup> {
  return ensureNeeds(client, setup, unmetNeeds(setup, tickets.map((ticket) => ({ ticket, rules }))), report);
}
