/**
 * The mapping over JSON with an API key (issue 13, Build 5 and 7): read, refuse with the
 * fields at fault, save, stale, names seen, company lists, create for me, export → import
 * round trip, apply preview; another tenant's connection is a missing one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD, connectThroughConsent, signedIn, startWorld } from '../test-support/world.js';
import type { World } from '../test-support/world.js';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the mapping API', () => {
  let w: World;
  let base: string;
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, key?: string) => {
    const res = await w.t.app.inject({ method, url, headers: { authorization: `Bearer ${key ?? w.ownerApiKey}` }, ...(payload !== undefined && { payload: payload as object }) });
    return { status: res.statusCode, body: res.json() as Body, headers: res.headers };
  };

  beforeAll(async () => {
    w = await startWorld();
    await connectThroughConsent(await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD), 'denver-1');
    const [connection] = await w.t.sync.connections('default');
    base = `/api/v1/connections/${connection!.id}`;
  }, 60_000);
  afterAll(async () => w.stop());

  it('reads the mapping, the names seen and the company lists', async () => {
    expect(await call('GET', `${base}/mapping`)).toMatchObject({ status: 200, body: { revision: 0, mapping: { categories: {} } } });
    const names = await call('GET', `${base}/mapping/names?days=30`);
    expect(names.status).toBe(200);
    expect((names.body.names as Body[]).some((n) => n.role === 'category' && n.tickets > 0 && n.isNew)).toBe(true);
    const lists = await call('GET', `${base}/company-lists?refresh=1`);
    expect(lists.status).toBe(200);
    expect(lists.body.accounts.length).toBeGreaterThan(3);
    expect((await call('GET', `${base}/company-lists?refresh=maybe`)).status).toBe(400);
  });

  it('refuses a mapping to the wrong kind of account with 400 naming field, value and why; saves a good one; 409 when stale', async () => {
    const accounts = (await call('GET', `${base}/company-lists`)).body.accounts as Body[];
    const expense = accounts.find((a) => a.type === 'Expense' && a.active)!;
    const income = accounts.find((a) => a.type === 'Income' && a.active)!;
    const bad = await call('PUT', `${base}/mapping`, { revision: 0, mapping: { categories: { Coffee: { account: { id: expense.id, name: expense.name } } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'categories.Coffee.account', value: expense.name, message: expect.stringContaining('(mapped for "Coffee")') }]);
    const shape = await call('PUT', `${base}/mapping`, { revision: 0, mapping: { categories: { Coffee: { account: { id: '' } } } } });
    expect(shape).toMatchObject({ status: 400, body: { details: [{ field: 'categories.Coffee.account.id', value: '' }, { field: 'categories.Coffee.account.name' }] } });
    const good = { categories: { Coffee: { account: { id: income.id, name: income.name } } } };
    expect(await call('PUT', `${base}/mapping`, { revision: 0, mapping: good })).toMatchObject({ status: 200, body: { revision: 1 } });
    expect(await call('PUT', `${base}/mapping`, { revision: 0, mapping: good })).toMatchObject({ status: 409, body: { code: 'STALE' } });
    expect((await call('GET', `${base}/mapping`)).body).toMatchObject({ revision: 1, updatedBy: expect.stringMatching(/^api key /), mapping: good });
  });

  it('creates a record for a POS name, and round-trips export → import', async () => {
    const made = await call('POST', `${base}/mapping/targets`, { role: 'category', posName: 'Pastries' });
    expect(made).toMatchObject({ status: 201, body: { target: { name: 'Pastries' } } });
    expect((await call('POST', `${base}/mapping/targets`, { role: 'nothing', posName: 'x' })).status).toBe(400);
    const exported = await call('GET', `${base}/mapping/export`);
    expect(exported.headers['content-disposition']).toContain('attachment');
    const imported = await call('POST', `${base}/mapping/import?save=1`, exported.body);
    expect(imported).toMatchObject({ status: 200, body: { missing: [], revision: 2, mapping: exported.body.mapping } });
    const broken = await call('POST', `${base}/mapping/import`, { format: 'something else' });
    expect(broken).toMatchObject({ status: 400, body: { details: [{ field: 'format', value: 'something else' }] } });
    const badTarget = { ...exported.body, mapping: { specials: { giftCardSales: {} } } };
    expect((await call('POST', `${base}/mapping/import`, badTarget)).body).toMatchObject({ details: [{ field: 'specials.giftCardSales.account' }] });
  });

  it('previews applying a changed mapping to what is posted, applies it once, and refuses a bad range', async () => {
    expect((await call('POST', '/api/v1/sync', { locationId: 'denver-1' })).status).toBe(202);
    await w.t.worker!.drain();
    const coffee = (await call('POST', `${base}/mapping/targets`, { role: 'category', posName: 'Coffee Sales' })).body.target as Body;
    const current = (await call('GET', `${base}/mapping`)).body;
    const changed = { ...current.mapping, categories: { ...current.mapping.categories, Coffee: { account: coffee } } };
    expect((await call('PUT', `${base}/mapping`, { revision: current.revision, mapping: changed })).status).toBe(200);
    const range = { from: w.demoDate, to: w.demoDate };
    const preview = await call('POST', `${base}/mapping/apply/preview`, range);
    expect(preview.status).toBe(200);
    expect(preview.body.ticketsChanging).toBeGreaterThan(0);
    expect(preview.body.documents.Invoice).toBeGreaterThan(0);
    expect((preview.body.moves as Body[]).some((m) => m.to === 'Coffee Sales' && m.cents > 0)).toBe(true);
    const applied = await call('POST', `${base}/mapping/apply`, range);
    expect(applied).toMatchObject({ status: 202, body: { runId: expect.any(Number), tickets: preview.body.ticketsChanging } });
    await w.t.worker!.drain();
    expect((await call('GET', `/api/v1/runs/${applied.body.runId}`)).body.run).toMatchObject({ status: 'finished', trigger: 'remap', skipped: 0 });
    expect((await call('POST', `${base}/mapping/apply/preview`, range)).body).toMatchObject({ ticketsChanging: 0 });
    expect(await call('POST', `${base}/mapping/apply`, range)).toMatchObject({ status: 200, body: { runId: null, tickets: 0 } });
    expect((await call('POST', `${base}/mapping/apply/preview`, { from: '2026-02-30', to: w.demoDate })).body).toMatchObject({ details: [{ field: 'from' }] });
    expect((await call('POST', `${base}/mapping/apply`, { from: '2026-11-02', to: '2026-11-01' })).status).toBe(400);
    expect((await call('PUT', `${base}/mapping`, { revision: 3 })).body).toMatchObject({ details: [{ field: 'mapping' }] });
  });

  it('answers another tenant\'s connection, or none, as missing', async () => {
    expect((await call('GET', `${base}/mapping`, undefined, w.otherApiKey)).status).toBe(404);
    expect((await call('PUT', `${base}/mapping`, { revision: 1, mapping: {} }, w.otherApiKey)).status).toBe(404);
    expect((await call('GET', '/api/v1/connections/abc/mapping')).status).toBe(404);
    expect((await call('GET', '/api/v1/connections/999999/mapping')).status).toBe(404);
  });
});
