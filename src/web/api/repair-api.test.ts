/**
 * Repair over JSON (issue 16): the dry run and the undo preview are reads; undo and repost are
 * refused (403) to an API key without the `destructive` scope and (422) without the
 * confirmation; a confirmed undo through a scoped key is queued, done, and in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../store/api-keys.js';
import { OWNER_PASSWORD, connectThroughConsent, signedIn, startWorld } from '../test-support/world.js';
import type { World } from '../test-support/world.js';

describe('the repair API', () => {
  let w: World;
  let scopedKey: string;
  let connectionId: number;
  const call = async (method: 'GET' | 'POST', url: string, payload?: object, key = w.ownerApiKey) => {
    const res = await w.t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload && { payload }) });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };
  const range = () => ({ connectionId, from: w.demoDate, to: w.demoDate });

  beforeAll(async () => {
    w = await startWorld();
    const owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    await connectThroughConsent(owner, 'denver-1');
    scopedKey = (await createApiKey(w.t.database.db, 'default', 'repair script', ['destructive'])).key;
    const row = await w.t.database.db.selectFrom('locations').select('connection_id').where('id', '=', 'denver-1').executeTakeFirstOrThrow();
    connectionId = row.connection_id!;
  }, 180_000);
  afterAll(async () => w?.stop());

  it('answers the dry run and the undo preview to any key, writing nothing', async () => {
    const dry = await call('POST', '/api/v1/sync/dry-run', { locationId: 'denver-1' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ company: 'Corner Café', locationIds: ['denver-1'] });
    expect((dry.body.documents as { entity: string; operation: string }[]).some((d) => d.entity === 'Invoice' && d.operation === 'create')).toBe(true);
    await call('POST', '/api/v1/sync', { locationId: 'denver-1' });
    await w.t.worker!.drain();
    const preview = await call('POST', '/api/v1/undo/preview', range());
    expect(preview).toMatchObject({ status: 200, body: { company: 'Corner Café', confirmToken: expect.any(String) } });
    expect(preview.body.documents).toBeGreaterThan(0);
  });

  it('refuses undo and repost to a key without the destructive scope, and without the confirmation', async () => {
    const preview = (await call('POST', '/api/v1/undo/preview', range())).body;
    expect(await call('POST', '/api/v1/undo', { ...range(), confirm: 'Corner Café' })).toMatchObject({ status: 403 });
    expect(await call('POST', '/api/v1/repost', { ...range(), confirm: 'Corner Café' })).toMatchObject({ status: 403 });
    expect(await call('POST', '/api/v1/undo', range(), scopedKey)).toMatchObject({ status: 422, body: { code: 'CONFIRM' } });
    expect(await call('POST', '/api/v1/undo', { ...range(), confirm: 'Corner Cafe' }, scopedKey)).toMatchObject({ status: 422, body: { code: 'CONFIRM' } });
    expect((await call('GET', '/api/v1/audit')).body).toEqual({ entries: [] });
    expect(await call('POST', '/api/v1/undo/preview', range())).toMatchObject({ body: { documents: preview.documents } });
  });

  it('undoes a confirmed range through a scoped key, and writes the audit log', async () => {
    const preview = (await call('POST', '/api/v1/undo/preview', range())).body;
    const started = await call('POST', '/api/v1/undo', { ...range(), confirmToken: preview.confirmToken }, scopedKey);
    expect(started).toMatchObject({ status: 202, body: { documents: preview.documents } });
    await w.t.worker!.drain();
    const job = await call('GET', `/api/v1/undo/${started.body.jobId as number}`);
    expect(job.body.job).toMatchObject({ status: 'finished', documentsDone: preview.documents });
    expect((await call('POST', '/api/v1/undo/preview', range())).body.documents).toBe(0);
    const audit = (await call('GET', '/api/v1/audit')).body.entries as Record<string, unknown>[];
    expect(audit).toEqual([expect.objectContaining({ action: 'undo', via: 'api-key', documents: preview.documents, subject: expect.objectContaining({ company: 'Corner Café' }) })]);
    expect((await call('GET', '/api/v1/undo/999')).status).toBe(404);
  });
});
