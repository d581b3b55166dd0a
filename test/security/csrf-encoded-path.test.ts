/**
 * CSRF on the JSON API cannot be dodged by spelling the path differently (issue 20, finding 2).
 * A state-changing call made with only the session cookie needs the page's CSRF token in a
 * header. The session layer used to test the raw URL for `/api/`, while the router decodes it:
 * `POST /%61pi/v1/tickets` (text/plain, from another origin) was taken. It now decides on the
 * route the router matched, so every spelling of an API path meets the same check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD, signedIn, startWorld } from '../../src/web/test-support/world.js';
import type { Agent, World } from '../../src/web/test-support/world.js';
import { getLocation } from '../../src/store/locations.js';
import { simpleTicket } from '../support/tickets.js';

let w: World;
let owner: Agent;
let cookie: string;

beforeAll(async () => {
  w = await startWorld();
  owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
  cookie = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
});
afterAll(async () => { await w?.stop(); });

const forged = (method: 'POST' | 'PATCH', url: string, payload: unknown) => w.t.app.inject({
  method, url, payload: JSON.stringify(payload),
  headers: { cookie, origin: 'https://evil.example', 'content-type': method === 'POST' ? 'text/plain' : 'application/json' },
});
const ticketIds = async () => (await w.t.database.db.selectFrom('tickets').select('ticket_id').where('tenant_id', '=', 'default').execute()).map((r) => r.ticket_id);

describe('a signed-in API call without the CSRF token', () => {
  it.each(['/%61pi/v1/tickets', '/api/v1/%74ickets', '/%61%70%69/v1/tickets', '/api/v1/tickets'])('POST %s is refused with 403 and stores nothing', async (url) => {
    const res = await forged('POST', url, simpleTicket({ id: `CSRF-${url}` }));
    expect([url, res.statusCode]).toEqual([url, 403]);
    expect(res.json()).toMatchObject({ error: expect.stringContaining('x-csrf-token') });
    expect(await ticketIds()).not.toContain(`CSRF-${url}`);
  });

  it.each(['/%61pi/v1/locations/denver-1', '/api/v1/locations/%64enver-1'])('PATCH %s is refused with 403 and changes nothing', async (url) => {
    const before = await getLocation(w.t.database.db, 'default', 'denver-1');
    const res = await forged('PATCH', url, { name: 'Taken over' });
    expect([url, res.statusCode]).toEqual([url, 403]);
    expect(await getLocation(w.t.database.db, 'default', 'denver-1')).toEqual(before);
  });

  it('POST /%61pi/v1/sync and /%61pi/v1/resync are refused too', async () => {
    const runs = async () => (await w.t.database.db.selectFrom('sync_runs').select('id').execute()).length;
    const before = await runs();
    expect((await forged('POST', '/%61pi/v1/sync', { locationId: 'denver-1' })).statusCode).toBe(403);
    expect((await forged('POST', '/%61pi/v1/resync', { tickets: [{ locationId: 'denver-1', ticketId: 'x' }] })).statusCode).toBe(403);
    expect(await runs()).toBe(before);
  });

  it('still lets the pages\' own script through with the token, and reads without one', async () => {
    const page = await owner.get('/tickets');
    const token = /<meta name="csrf-token" content="([^"]+)"/.exec(page.body)![1]!;
    const res = await w.t.app.inject({ method: 'PATCH', url: '/%61pi/v1/locations/denver-1', payload: { name: 'Denver' }, headers: { cookie, 'x-csrf-token': token } });
    expect(res.statusCode).toBe(200);
    expect((await w.t.app.inject({ url: '/%61pi/v1/locations', headers: { cookie } })).statusCode).toBe(200);
  });
});
