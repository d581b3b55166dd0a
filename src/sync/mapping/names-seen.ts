/**
 * The POS names the mapping page lists: every name the connection's stores' tickets carried
 * over the last days, with tickets and money (the store groups them, store/names-seen.ts),
 * whether the mapping sends it anywhere, and whether it is new: unmapped and not met in the
 * quarter before the period, so a name back after a quiet season is not flagged again.
 */
import { posNameKey } from '../../domain/account-mapping.js';
import type { AccountMapping } from '../../domain/account-mapping.js';
import { getMapping } from '../../store/account-mappings.js';
import { listLocations } from '../../store/locations.js';
import { namesSeen } from '../../store/names-seen.js';
import type { SyncDeps } from '../deps.js';
import type { PosNameSeen } from './types.js';

const DAY = 86_400_000;
const LOOK_BACK_DAYS = 90;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function posNamesSeen(deps: SyncDeps, c: { id: number; tenantId: string }, days: number): Promise<PosNameSeen[]> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const locationIds = (await listLocations(db, c.tenantId)).filter((l) => l.connectionId === c.id).map((l) => l.id);
  const from = isoDay(now - (days - 1) * DAY);
  // Business dates are the stores' own: a day past today (UTC) covers stores east of it.
  const rows = await namesSeen(db, c.tenantId, { locationIds, from, to: isoDay(now + DAY), lookBackFrom: isoDay(now - (days + LOOK_BACK_DAYS) * DAY) });
  const { mapping } = await getMapping(db, c.tenantId, c.id);
  return rows.map((r): PosNameSeen => {
    const mapped = isMapped(mapping, r.role, r.key);
    return { ...r, mapped, isNew: !mapped && r.firstSeen >= from };
  });
}

/** Whether the company's mapping, or a store's override, sends this POS name somewhere. */
function isMapped(m: AccountMapping, role: PosNameSeen['role'], key: string): boolean {
  if (role === 'special') return Boolean(m.specials[key as keyof AccountMapping['specials']]);
  const section = role === 'category' ? 'categories' : role === 'method' ? 'methods' : role === 'tax' ? 'taxes' : role === 'discount' ? 'discounts' : 'drawer';
  const has = (s: Record<string, unknown> | undefined) => Object.keys(s ?? {}).some((k) => posNameKey(k) === key);
  if (has(m[section])) return true;
  return (section === 'categories' || section === 'methods' || section === 'taxes') && Object.values(m.locations).some((l) => has(l.overrides?.[section]));
}
