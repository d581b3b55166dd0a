/**
 * The demo's franchise set-up: its stores share one QuickBooks company, and the accountant tells
 * them apart by a Class and a QuickBooks Location (Department) per store, saved in the mapping.
 * The simulator's company turns class tracking (per line) and location tracking on, as the
 * accountant would in QuickBooks' settings, before Initialize reads the company's features.
 */
import type { QboRef } from '../domain/account-mapping.js';
import { emptyMapping } from '../domain/account-mapping.js';
import type { QboClient, QboEntity } from '../qbo/index.js';
import type { Simulator } from '../sandbox/index.js';
import type { Db } from '../store/index.js';
import { getMapping, saveMapping } from '../store/account-mappings.js';

/** What each demo store is called in QuickBooks: its Class and its Location. */
export const DEMO_STORE_TRACKING: Readonly<Record<string, { className: string; department: string }>> = {
  'denver-1': { className: 'Larimer St', department: 'Denver, CO' },
  'brooklyn-1': { className: 'Smith St', department: 'Brooklyn, NY' },
};

/**
 * Turns the features on, creates each store's Class and Department (found by name when a
 * previous start made them), and saves them as the locations' mapping. Returns the mapping's
 * location part, for the printout.
 */
export async function mapDemoStores(opts: {
  db: Db; tenantId: string; connectionId: number; realmId: string; simulator: Simulator; client: QboClient; locationIds: readonly string[];
}): Promise<Record<string, { class: QboRef; department: QboRef }>> {
  opts.simulator.setPreferences(opts.realmId, { classTracking: 'perLine', trackDepartments: true });
  const locations: Record<string, { class: QboRef; department: QboRef }> = {};
  for (const id of opts.locationIds) {
    const names = DEMO_STORE_TRACKING[id] ?? { className: id, department: id };
    locations[id] = {
      class: await findOrCreate(opts.client, 'Class', names.className),
      department: await findOrCreate(opts.client, 'Department', names.department),
    };
  }
  const stored = await getMapping(opts.db, opts.tenantId, opts.connectionId);
  const mapping = { ...emptyMapping(), ...stored.mapping, locations: { ...stored.mapping.locations, ...locations } };
  await saveMapping(opts.db, opts.tenantId, opts.connectionId, mapping, { expectedRevision: stored.revision, by: 'demo' });
  return locations;
}

async function findOrCreate(client: QboClient, entity: 'Class' | 'Department', name: string): Promise<QboRef> {
  type Named = QboEntity & { Id: string; Name: string };
  const found = await client.findByName<Named>(entity, name);
  const record = found ?? await client.create<Named>(entity, { Name: name }, { key: `demo:${entity}:${name}` });
  return { id: record.Id, name: record.Name };
}
