/** The sync over JSON with an API key: Sync now, runs, resync, and the caller's mistakes as 4xx. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD, connectThroughConsent, signedIn, startWorld } from '../test-support/world.js';
import type { World } from '../test-support/world.js';

describe('the sync API', () => {
  let w: World;
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await w.t.app.inject({ method, url, headers: { authorization: `Bearer ${w.ownerApiKey}` }, ...(payload && { payload }) });
    return { status: res.statusCode, body: res.json() as Record<string, unknown>, headers: res.headers };
  };

  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(async () => w.stop());

  it('says what to do before there is a connection, with 409 and the sync\'s words', async () => {
    expect(await call('POST', '/api/v1/sync', { locationId: 'denver-1' }))
      .toMatchObject({ status: 409, body: { error: 'location "denver-1" is not connected to QuickBooks yet' } });
    expect((await call('POST', '/api/v1/sync', {})).status).toBe(409);
    expect((await call('POST', '/api/v1/sync', { locationId: 'nowhere' })).status).toBe(404);
  });

  it('starts a run, and shows it while and after it runs', async () => {
    const owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    await connectThroughConsent(owner, 'denver-1');
    const started = await call('POST', '/api/v1/sync', { locationId: 'denver-1' });
    expect(started.status).toBe(202);
    const runId = started.body.runId as number;
    expect(started.headers.location).toBe(`/api/v1/runs/${runId}`);
    await w.t.worker!.drain();
    const run = await call('GET', `/api/v1/runs/${runId}`);
    expect(run.body.run).toMatchObject({ id: runId, locationId: 'denver-1', trigger: 'manual', status: 'finished' });
    const { total, done } = run.body.run as { total: number; done: number };
    expect(done).toBe(total);
    expect((await call('GET', '/api/v1/runs?locationId=denver-1&limit=1')).body).toEqual({ runs: [run.body.run] });
    expect((await call('GET', '/api/v1/runs/abc')).status).toBe(404);
  });

  it('resyncs tickets by key and reports each one it left alone', async () => {
    const [posted] = await w.t.database.db.selectFrom('tickets').select(['ticket_id']).where('tenant_id', '=', 'default').where('sync_state', '=', 'posted').limit(1).execute();
    const res = await call('POST', '/api/v1/resync', { tickets: [{ locationId: 'denver-1', ticketId: posted!.ticket_id }, { locationId: 'denver-1', ticketId: 'ghost' }] });
    expect(res.status).toBe(200);
    expect(res.body.queued).toEqual([]);
    expect(res.body.ignored).toEqual([
      { locationId: 'denver-1', ticketId: posted!.ticket_id, reason: expect.any(String) },
      { locationId: 'denver-1', ticketId: 'ghost', reason: 'no such ticket' },
    ]);
  });

  it('answers 422 with the fields at fault', async () => {
    expect(await call('POST', '/api/v1/resync', { tickets: [] })).toMatchObject({ status: 422, body: { error: 'the request is not valid', details: [{ field: 'tickets' }] } });
    expect(await call('POST', '/api/v1/resync', { tickets: [{ locationId: 'denver-1' }] })).toMatchObject({ status: 422, body: { details: [{ field: 'tickets[0].ticketId' }] } });
    expect((await call('POST', '/api/v1/sync', { locationId: 'denver-1', extra: true })).status).toBe(422);
    expect((await call('GET', '/api/v1/runs?limit=0')).status).toBe(422);
  });
});
