/** Issue 19 item 4: every route the simulator does not serve answers a QuickBooks Fault, never the framework's body. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './test-support/harness.js';
import { faultOf, startHarness, toAnswer } from './test-support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const unsupported = { status: 400, type: 'ValidationFault', code: '500' };

describe('routes the simulator does not serve', () => {
  it('answers a sub-route such as /invoice/70/pdf with "Unsupported Operation", whatever the client accepts', async () => {
    const res = await h.call('GET', 'invoice/70/pdf', undefined, { headers: { accept: 'application/pdf' } });
    expect(faultOf(res)).toMatchObject(unsupported);
    expect(res.body.Fault.Error[0].Message).toBe('Unsupported Operation');
    expect(res.body.Fault.Error[0].Detail).toContain(`/v3/company/${h.realmId}/invoice/70/pdf`);
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('answers other methods and unknown entities the same way, after the gate', async () => {
    expect(faultOf(await h.call('DELETE', 'invoice/1'))).toMatchObject(unsupported);
    expect(faultOf(await h.call('PUT', 'customer', { DisplayName: 'x' }))).toMatchObject(unsupported);
    expect(faultOf(await h.call('GET', 'estimate/1'))).toMatchObject(unsupported);
    expect((await h.call('GET', 'invoice/70/pdf', undefined, { token: null })).status).toBe(401);
  });

  it('answers a path outside any company with a 404 Fault', async () => {
    const res = await toAnswer(await fetch(`${h.sim.url}/v2/nothing-here`));
    expect(faultOf(res)).toMatchObject({ ...unsupported, status: 404 });
  });

  it('answers a body type it cannot read under /v3 with a Fault, not the framework error', async () => {
    const res = await h.call('POST', 'customer', undefined, { rawBody: '<Customer/>', headers: { 'content-type': 'application/xml' } });
    expect(faultOf(res)).toMatchObject({ status: 415, type: 'ValidationFault', code: '2010' });
  });
});
