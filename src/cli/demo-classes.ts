/**
 * The demo's franchise set-up: its stores share one QuickBooks company, and the accountant tells
 * them apart by a Class and a QuickBooks Location (Department) per store, saved in the mapping
 * through the same service (and checks) as the Mapping page. The simulator's company turns
 * class tracking (per line) and location tracking on, as the accountant would in QuickBooks'
 * settings, before Initialize reads the company's features.
 */
import type { QboRef } from '../domain/account-mapping.js';
import type { Simulator } from '../sandbox/index.js';
import type { SyncService } from '../sync/index.js';

/** What each demo store is called in QuickBooks: its Class and its Location. */
export const DEMO_STORE_TRACKING: Readonly<Record<string, { className: string; department: string }>> = {
  'denver-1': { className: 'Larimer St', department: 'Denver, CO' },
  'brooklyn-1': { className: 'Smith St', department: 'Brooklyn, NY' },
};

/**
 * Turns the features on, has each store's Class and Department made ("Create for me": found by
 * name when they exist), and saves them as the locations' mapping. Returns them, for the printout.
 */
export async function mapDemoStores(opts: {
  sync: SyncService; tenantId: string; connectionId: number; realmId: string; simulator: Simulator; locationIds: readonly string[];
}): Promise<Record<string, { class: QboRef; department: QboRef }>> {
  const { sync, tenantId, connectionId } = opts;
  opts.simulator.setPreferences(opts.realmId, { classTracking: 'perLine', trackDepartments: true });
  const locations: Record<string, { class: QboRef; department: QboRef }> = {};
  for (const id of opts.locationIds) {
    const names = DEMO_STORE_TRACKING[id] ?? { className: id, department: id };
    locations[id] = {
      class: await sync.mapping.createTarget(tenantId, connectionId, { role: 'location', posName: names.className, what: 'class' }),
      department: await sync.mapping.createTarget(tenantId, connectionId, { role: 'location', posName: names.department, what: 'department' }),
    };
  }
  const stored = await sync.mapping.mapping(tenantId, connectionId);
  const saved = await sync.mapping.saveMapping(tenantId, connectionId, { ...stored.mapping, locations: { ...stored.mapping.locations, ...locations } },
    { expectedRevision: stored.revision, by: 'demo' });
  if (!saved.ok) throw new Error(`the demo's mapping was refused: ${saved.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return locations;
}
