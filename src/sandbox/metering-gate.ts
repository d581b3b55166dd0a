/**
 * Where metering meets a request (api-routes.ts, batch.ts): a metered read of a company over its
 * monthly quota is refused before the throttles (it is not admitted, so it spends no share of
 * the minute), and a successful one is counted.
 */
import type { Refusal } from './api-gate.js';
import type { Company } from './company.js';
import type { Body } from './entity-store.js';
import { countRead, quotaBatchFault, quotaOf, quotaXml, readsBlocked } from './metering.js';
import type { SimState } from './sim-state.js';

export interface ReadMeter {
  /** The Fault of a batch item when the company's reads are blocked, else undefined. */
  blockedFault(): Body | undefined;
  count(): void;
}

export function quotaRefusal(state: SimState, company: Company): Refusal | undefined {
  const now = state.clock.now();
  if (!readsBlocked(company, state.quota, now)) return undefined;
  company.metering.blocked += 1;
  return { status: 429, contentType: 'application/xml', body: quotaXml(quotaOf(company, state.quota) ?? 0, now) };
}

export function readMeter(state: SimState, company: Company): ReadMeter {
  return {
    blockedFault() {
      const now = state.clock.now();
      if (!readsBlocked(company, state.quota, now)) return undefined;
      company.metering.blocked += 1;
      return quotaBatchFault(quotaOf(company, state.quota) ?? 0, now);
    },
    count() {
      countRead(company, state.clock.now());
      // Metered reads are billing data: kept in the state file.
      state.changed();
    },
  };
}
