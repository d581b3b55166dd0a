/** Where and when a ticket is rung up: what every scenario needs besides randomness. */
import type { TaxRate } from './tax-rates.js';

export interface TicketSlot {
  id: string;
  locationId: string;
  /** RFC 3339 with the location's offset at that instant. */
  closedAt: string;
  /** Local wall-clock hour (0-23), for happy hour and day-old pastries. */
  localHour: number;
  rates: readonly TaxRate[];
}
