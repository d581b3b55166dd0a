/**
 * A payout's claim and settlement are fenced by their run still running: a stalled worker whose
 * run was taken over must neither take the payout its continuation is posting nor overwrite how
 * the continuation left it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takePayouts } from '../intake/take-payouts.js';
import { payout, recordsTenant } from '../../test/support/records.js';
import { backends, closeTestDatabase } from '../../test/support/stores.js';
import type { Database } from './index.js';
import { claimPayout, settlePayout } from './payout-posting.js';
import { getPayout } from './payouts.js';
import { enqueueRun, handBackRun, startRunById } from './runs.js';

const T = 'payout-fence';

describe.each(backends())('payout claims on $name', (backend) => {
  let database: Database;
  let connectionId: number;

  beforeAll(async () => {
    database = await backend.open();
    ({ connectionId } = await recordsTenant(database.db, T));
  });
  afterAll(async () => {
    if (database) await closeTestDatabase(database);
  });

  it('a run taken over claims and settles nothing; its continuation does both', async () => {
    await takePayouts(database.db, T, [{ raw: JSON.stringify(payout({ id: 'po_fence' })), ref: 0 }]);
    const p = (await getPayout(database.db, T, 'square', 'po_fence'))!;
    const stalled = await enqueueRun(database.db, { tenantId: T, connectionId, locationId: null, trigger: 'manual' });
    await startRunById(database.db, stalled, 'slow-worker');
    const next = (await handBackRun(database.db, stalled, 'handed back: test'))!;
    await startRunById(database.db, next, 'other-worker');

    expect(await claimPayout(database.db, T, p, stalled)).toBe(false);
    expect((await getPayout(database.db, T, 'square', 'po_fence'))!.state).toBe('pending');
    expect(await claimPayout(database.db, T, p, next)).toBe(true);

    const posted = { outcome: 'posted', connectionId, version: p.version, depositId: '77', syncToken: '0' } as const;
    expect(await settlePayout(database.db, T, p, { outcome: 'transient', error: { message: 'late' } }, stalled)).toBe(false);
    expect((await getPayout(database.db, T, 'square', 'po_fence'))!.state).toBe('posting');
    expect(await settlePayout(database.db, T, p, posted, next)).toBe(true);
    expect(await getPayout(database.db, T, 'square', 'po_fence')).toMatchObject({ state: 'posted', depositId: '77' });
  });
});
