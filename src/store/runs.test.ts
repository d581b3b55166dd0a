/**
 * Runs handed from worker to worker: started by id (the job queue's way), handed back with a
 * continuation of the same scope, and taken over when the worker holding one died.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, closeTestDatabase } from '../../test/support/stores.js';
import type { Database } from './index.js';
import { dropUnsent, recordInflight, reserveInflight } from './qbo-writes.js';
import { enqueueRun, finishRun, handBackRun, resumeAbandonedRuns, startRunById } from './runs.js';
import { ensureTenant } from './tenants.js';

describe.each(backends())('runs on $name', (backend) => {
  let database: Database;
  let connectionId: number;

  beforeAll(async () => {
    database = await backend.open();
    await ensureTenant(database.db, { id: 't', name: 't' });
    ({ id: connectionId } = await database.db.insertInto('qbo_connections').values({ tenant_id: 't', environment: 'simulator', realm_id: 'r1' }).returning('id').executeTakeFirstOrThrow());
  });
  afterAll(async () => {
    if (database) await closeTestDatabase(database);
  });

  const run = (id: number) => database.db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  // As the engine fences its journal (run-context.ts): the run's row locked only where other connections could take it over.
  const fence = (runId: number) => ({ runId, oneConnection: database.kind === 'pglite' });
  const keys = [{ locationId: 'a', ticketId: '1' }];

  it('a run started by id and handed back is continued by a new run of the same scope', async () => {
    const id = await enqueueRun(database.db, { tenantId: 't', connectionId, locationId: null, trigger: 'resync', ticketKeys: keys });
    const started = await startRunById(database.db, id, 'w1');
    expect(started).toMatchObject({ id, status: 'running', workerId: 'w1' });
    const next = await handBackRun(database.db, id, 'handed back: stopping');
    expect(await run(id)).toMatchObject({ status: 'stopped', error: 'handed back: stopping' });
    expect(await run(next!)).toMatchObject({ status: 'queued', trigger: 'resync', ticket_keys: keys, connection_id: connectionId });
    // Only a running run can be handed back.
    expect(await handBackRun(database.db, id, 'again')).toBeNull();
    await database.db.updateTable('sync_runs').set({ status: 'finished' }).where('id', '=', next!).execute();
  });

  it('a run found running when its job comes round again belonged to a dead worker: stopped and continued', async () => {
    const id = await enqueueRun(database.db, { tenantId: 't', connectionId, locationId: null, trigger: 'manual' });
    await startRunById(database.db, id, 'dead-worker');
    expect(await startRunById(database.db, id, 'w2')).toBeNull();
    expect(await run(id)).toMatchObject({ status: 'stopped', error: expect.stringContaining('worker died') });
    const continuation = await database.db.selectFrom('sync_runs').selectAll().where('id', '>', id).executeTakeFirstOrThrow();
    expect(continuation).toMatchObject({ status: 'queued', trigger: 'manual' });
    // A finished run's job coming round again does nothing.
    await database.db.updateTable('sync_runs').set({ status: 'finished' }).where('id', '=', continuation.id).execute();
    expect(await startRunById(database.db, continuation.id, 'w3')).toBeNull();
    expect(await run(continuation.id)).toMatchObject({ status: 'finished' });
  });

  it('a run taken over after a late heartbeat keeps its takeover record when its old worker finishes it', async () => {
    const id = await enqueueRun(database.db, { tenantId: 't', connectionId, locationId: null, trigger: 'manual' });
    await startRunById(database.db, id, 'slow-worker');
    const [next] = await resumeAbandonedRuns(database.db, new Date(Date.now() + 1000));
    const takenOver = await run(id);
    expect(takenOver).toMatchObject({ status: 'stopped', error: expect.stringContaining('stopped answering') });
    await startRunById(database.db, next!, 'w2');
    // The stalled worker wakes up and ends its run: nothing changes, so its successor never
    // appears to have started before it ended.
    expect(await finishRun(database.db, id, 'finished', null)).toBe(false);
    expect(await run(id)).toEqual(takenOver);
    expect((await run(next!)).started_at!.getTime()).toBeGreaterThanOrEqual(takenOver.finished_at!.getTime());
    expect(await finishRun(database.db, next!, 'finished', null)).toBe(true);
  });

  it('a run taken over journals nothing more, so its stalled worker sends nothing more', async () => {
    const id = await enqueueRun(database.db, { tenantId: 't', connectionId, locationId: null, trigger: 'manual' });
    await startRunById(database.db, id, 'stalled-worker');
    const entry = (requestId: string) => [{ requestId, locationId: 'a', ticketId: '1', version: 1, docKind: 'Invoice', operation: 'create' }];
    expect(await recordInflight(database.db, 't', connectionId, entry('rid-before'), fence(id))).toBe(true);
    // A retry of the same write is the same entry, still recorded.
    expect(await recordInflight(database.db, 't', connectionId, entry('rid-before'), fence(id))).toBe(true);
    const [next] = await resumeAbandonedRuns(database.db, new Date(Date.now() + 1000));
    expect(next).toBeDefined();
    expect(await recordInflight(database.db, 't', connectionId, entry('rid-after'), fence(id))).toBe(false);
    const journal = await database.db.selectFrom('qbo_writes').select('request_id').where('connection_id', '=', connectionId).orderBy('request_id').execute();
    expect(journal.map((r) => r.request_id)).toEqual(['rid-before']);
    await database.db.updateTable('sync_runs').set({ status: 'finished' }).where('id', '=', next!).execute();
  });

  it('writes reserved ahead: an entry already on record is neither reserved nor taken out; only unsent ones leave; none once taken over', async () => {
    const id = await enqueueRun(database.db, { tenantId: 't', connectionId, locationId: null, trigger: 'manual' });
    await startRunById(database.db, id, 'w-ahead');
    const row = (requestId: string) => ({ requestId, locationId: 'a', ticketId: requestId, version: 1, docKind: 'Payment', operation: 'create' });
    const states = async () => Object.fromEntries((await database.db.selectFrom('qbo_writes').select(['request_id', 'state'])
      .where('request_id', 'like', 'ahead-%').execute()).map((r) => [r.request_id, r.state]));
    // An earlier run's write, over but not settled: a reservation must not take it over.
    expect(await recordInflight(database.db, 't', connectionId, [row('ahead-earlier')], fence(id))).toBe(true);
    await database.db.updateTable('qbo_writes').set({ state: 'done' }).where('request_id', '=', 'ahead-earlier').execute();
    const reserved = await reserveInflight(database.db, 't', connectionId, ['ahead-1', 'ahead-2', 'ahead-earlier', 'ahead-3'].map(row), fence(id));
    expect(reserved.sort()).toEqual(['ahead-1', 'ahead-2', 'ahead-3']);
    expect(await states()).toEqual({ 'ahead-1': 'inflight', 'ahead-2': 'inflight', 'ahead-3': 'inflight', 'ahead-earlier': 'done' });
    // ahead-1 was sent and is over; ahead-2 and ahead-3 never went out.
    await database.db.updateTable('qbo_writes').set({ state: 'done' }).where('request_id', '=', 'ahead-1').execute();
    await dropUnsent(database.db, connectionId, ['ahead-1', 'ahead-2', 'ahead-3']);
    expect(await states()).toEqual({ 'ahead-1': 'done', 'ahead-earlier': 'done' });
    await resumeAbandonedRuns(database.db, new Date(Date.now() + 1000));
    expect(await reserveInflight(database.db, 't', connectionId, [row('ahead-4')], fence(id))).toEqual([]);
    expect(await states()).toEqual({ 'ahead-1': 'done', 'ahead-earlier': 'done' });
    await database.db.updateTable('sync_runs').set({ status: 'finished' }).where('connection_id', '=', connectionId).where('status', 'in', ['queued', 'running']).execute();
  });

  it('on a server, a journal entry waits for a takeover being committed and then records nothing', async ({ skip }) => {
    if (database.kind === 'pglite') skip('one connection: no statement runs beside another');
    const id = await enqueueRun(database.db, { tenantId: 't', connectionId, locationId: null, trigger: 'manual' });
    await startRunById(database.db, id, 'stalled-worker');
    const entry = [{ requestId: 'rid-racing', locationId: 'a', ticketId: '2', version: 1, docKind: 'Invoice', operation: 'create' }];
    let recorded: Promise<boolean> | null = null;
    await database.db.transaction().execute(async (tx) => {
      await tx.updateTable('sync_runs').set({ status: 'stopped' }).where('id', '=', id).execute();
      recorded = recordInflight(database.db, 't', connectionId, entry, fence(id));
      // Without the row lock the entry would be written now, from a snapshot where the run still runs.
      await new Promise((r) => setTimeout(r, 200));
    });
    expect(await recorded!).toBe(false);
    expect(await database.db.selectFrom('qbo_writes').select('request_id').where('request_id', '=', 'rid-racing').execute()).toEqual([]);
  });
});
