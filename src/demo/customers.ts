/**
 * Who is at the till: most tickets have no known customer; loyalty members earn and spend
 * points and keep store credit; staff get their discount. Kept for reference only: the
 * contract never sends a POS customer to QuickBooks.
 */
import type { Prng } from './prng.js';

export interface DemoCustomer {
  id: string;
  name: string;
  staff: boolean;
}

const MEMBERS = [
  'Dana Ruiz', 'Priya Natarajan', 'Sam O\'Connor', 'Mei Chen', 'Tomás Alvarez', 'Grace Okafor', 'Jordan Lee',
  'Anika Schmidt', 'Luis Herrera', 'Hannah Kim', 'Omar Haddad', 'Ruth Whitfield', 'Kenji Watanabe', 'Zoë Martin',
] as const;
const STAFF = ['Alex Moreno', 'Casey Park', 'Riley Brooks'] as const;

/** A customer for a ticket: 3% staff, 30% loyalty members, the rest not known (undefined). */
export function pickCustomer(prng: Prng): DemoCustomer | undefined {
  const roll = prng.next();
  if (roll < 0.03) {
    const i = prng.int(0, STAFF.length - 1);
    return { id: `S${String(i + 1).padStart(3, '0')}`, name: STAFF[i] as string, staff: true };
  }
  if (roll < 0.33) {
    const i = prng.int(0, MEMBERS.length - 1);
    return { id: `C${1001 + i * 37}`, name: MEMBERS[i] as string, staff: false };
  }
  return undefined;
}
