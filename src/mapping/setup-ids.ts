/**
 * The ids Initialize stored (posting-rules §1) and a resolver that reads them, noting each
 * missing one as a problem instead of failing at the first, so one report names them all.
 */
import type { PaymentMethod } from '../domain/ticket.js';
import { discountItemKey } from './names.js';
import { problem } from './problems.js';
import type { MappingProblem } from './problems.js';

export interface SetupItems {
  product: string;
  service: string;
  tips: string;
  rewardPoints: string;
  customerBalance: string;
  tax: string;
}

export interface SetupIds {
  guestCustomer: string;
  /** Account id. */
  undepositedFunds: string;
  items: SetupItems;
  /**
   * Discount items keyed by discountItemKey(posName) (cleaned, lower-cased name). Only own
   * properties count: build it with Object.fromEntries or a Map's entries, never by
   * assignment (`o["__proto__"] = id` sets the prototype, and a discount may be named so).
   */
  discountItems: Record<string, string>;
  paymentMethods: Record<PaymentMethod, string>;
  /** The company uses US automated sales tax: force the document's tax total to 0. */
  automatedSalesTax: boolean;
}

export interface SetupResolver {
  guestCustomer(): string;
  undepositedFunds(): string;
  item(name: keyof SetupItems): string;
  discountItem(posName: string): string;
  paymentMethod(method: PaymentMethod): string;
  /** Each missing id once, in the order first asked for. */
  problems(): MappingProblem[];
}

export function makeSetupResolver(setup: SetupIds): SetupResolver {
  const missing = new Map<string, MappingProblem>();
  const need = (id: string | undefined, field: string, what: string): string => {
    if (typeof id === 'string' && id.length > 0) return id;
    if (!missing.has(field)) {
      missing.set(field, problem('missing-setup', `no QuickBooks id for ${what} yet: run Initialize`, field));
    }
    return '';
  };
  return {
    guestCustomer: () => need(setup.guestCustomer, 'guestCustomer', 'the Guest Customer'),
    undepositedFunds: () => need(setup.undepositedFunds, 'undepositedFunds', 'the Undeposited Funds account'),
    item: (name) => need(setup.items?.[name], `items.${name}`, `the ${name} item`),
    discountItem: (posName) => {
      const key = discountItemKey(posName);
      // Own keys only: a discount called "constructor" must not find Object.prototype's.
      const id = Object.hasOwn(setup.discountItems ?? {}, key) ? setup.discountItems[key] : undefined;
      return need(id, `discountItems[${JSON.stringify(key)}]`, `the discount item "${key}"`);
    },
    paymentMethod: (method) => need(setup.paymentMethods?.[method], `paymentMethods.${method}`, `the payment method ${method}`),
    problems: () => [...missing.values()],
  };
}
