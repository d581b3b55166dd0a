/** Issue items 10 and 11: inspection over HTTP and the company page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import type { Harness, SalesSetup } from './test-support/harness.js';
import { itemLine, salesSetup, startHarness, toAnswer } from './test-support/harness.js';

let h: Harness;
let s: SalesSetup;
beforeAll(async () => {
  h = await startHarness({ clock: makeManualClock() });
  s = await salesSetup(h);
});
afterAll(() => h.close());

const sim = async (method: string, path: string, body?: unknown) => toAnswer(await fetch(`${h.sim.url}${path}`, {
  method,
  ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
}));

describe('/__sim', () => {
  it('creates and lists companies, issues tokens', async () => {
    const created = await sim('POST', '/__sim/companies', { name: 'Over HTTP', automatedSalesTax: true });
    expect(created.status).toBe(201);
    const list = await sim('GET', '/__sim/companies');
    expect(list.body).toContainEqual(created.body);
    const tokens = await sim('POST', `/__sim/companies/${created.body.realmId}/tokens`, {});
    expect(tokens.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
  });

  it('lists documents and counters, switches faults', async () => {
    await h.create('Invoice', { CustomerRef: { value: s.customerId }, DocNumber: 'PAGE-1', PrivateNote: 'POS main/PAGE-1 v1', Line: [itemLine(s.itemId, 19.99, { Qty: 1, UnitPrice: 19.99 })] });
    const docs = await sim('GET', `/__sim/companies/${h.realmId}/documents?entity=Invoice`);
    expect(docs.body.map((d: { DocNumber: string }) => d.DocNumber)).toContain('PAGE-1');
    const counters = await sim('GET', `/__sim/companies/${h.realmId}/counters`);
    expect(counters.body.writes).toBeGreaterThan(0);
    expect((await sim('PUT', `/__sim/companies/${h.realmId}/faults`, { throttleRate: 1 })).status).toBe(200);
    expect((await h.call('GET', 'preferences')).status).toBe(429);
    expect((await sim('DELETE', `/__sim/companies/${h.realmId}/faults`)).status).toBe(200);
    expect((await h.call('GET', 'preferences')).status).toBe(200);
    expect((await sim('PUT', `/__sim/companies/${h.realmId}/faults`, { bogus: 1 })).status).toBe(400);
    expect((await sim('GET', '/__sim/companies/000/counters')).status).toBe(404);
  });

  it('moves a manual clock', async () => {
    const before = (await sim('POST', '/__sim/time', { advanceMs: 0 })).body.now;
    const after = await sim('POST', '/__sim/time', { advanceMs: 3_600_000 });
    expect(after.body.now - before).toBe(3_600_000);
    expect((await h.call('GET', 'preferences')).status).toBe(401); // the harness token has expired
  });

  it('shows a company page with documents, lines and totals', async () => {
    const page = await sim('GET', `/__sim/companies/${h.realmId}`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('Corner Café');
    expect(page.text).toContain('PAGE-1');
    expect(page.text).toContain('POS main/PAGE-1 v1');
    expect(page.text).toContain('19.99');
    expect(page.text).toContain('Services');
    const index = await sim('GET', '/__sim/');
    expect(index.text).toContain(`/__sim/companies/${h.realmId}`);
  });

  it('resets everything', async () => {
    expect((await sim('POST', '/__sim/reset')).status).toBe(200);
    expect((await sim('GET', '/__sim/companies')).body).toEqual([]);
  });
});
