/**
 * The Mapping page over HTTP (no browser): before a connection it says what to do first; every
 * bad input is named with its field and value (a choice that is not one of the company's
 * records, a date that is not a date, a range the wrong way round) and saves nothing; another
 * tenant's connection is as missing as one that never existed. The browser test
 * (test/browser/mapping-page.test.ts) walks the happy paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../../cli/consent-client.js';
import type { QboEntity } from '../../qbo/index.js';
import { clientFor } from '../../sync/deps.js';
import { OTHER, OWNER_PASSWORD, signedIn, startWorld } from '../test-support/world.js';
import type { Agent, World } from '../test-support/world.js';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');

describe('the Mapping page', () => {
  let w: World;
  let owner: Agent;
  let connectionId: number;

  beforeAll(async () => {
    w = await startWorld();
    owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
  });
  afterAll(async () => w.stop());

  it('says to connect QuickBooks first while there is no connection', async () => {
    const res = await owner.get('/mapping');
    expect(res.status).toBe(200);
    expect(text(res.body)).toContain('Connect a location to QuickBooks first');
    expect(res.body).toContain('aria-current="page">Mapping</a>');
  });

  it('shows the names seen once connected, and refuses a choice that is not the company\'s, naming field and value', async () => {
    const { url, binding } = await w.t.sync.startConnect('default', { locationId: 'denver-1' });
    connectionId = (await w.t.sync.completeConnect(await approveConsent(url, { newCompany: 'Page Co' }), { tenantId: 'default', binding })).connection.id;
    await w.t.sync.initialize('default', connectionId);
    const page = await owner.get('/mapping');
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-name="Coffee"');
    const res = await owner.submit('/mapping', '/mapping', {
      connection: String(connectionId), revision: '0', rows: '1', 'role-0': 'category', 'key-0': 'coffee', 'name-0': 'Coffee', 'target-0': 'account:999999',
    });
    expect(res.status).toBe(422);
    expect(text(res.body)).toContain('Coffee (category) (chosen: “account:999999”): account id 999999 is not in the company\'s lists as last read');
    expect(res.body).toMatch(/id="target-0" name="target-0" aria-invalid="true" aria-describedby="target-0-error"/);
    expect((await w.t.sync.mapping.mapping('default', connectionId)).revision).toBe(0);
  });

  it('names a bad date or a backwards range in Apply, and starts nothing', async () => {
    const bad = await owner.get(`/mapping?connection=${connectionId}&from=2026-13-01&to=2026-11-30&preview=1`);
    expect(bad.status).toBe(422);
    expect(text(bad.body)).toContain('From “2026-13-01” must be a date YYYY-MM-DD');
    const backwards = await owner.submit('/mapping', '/mapping/apply', { connection: String(connectionId), from: '2026-11-30', to: '2026-11-01' });
    expect(backwards.status).toBe(422);
    expect(text(backwards.body)).toContain('To “2026-11-01” is before From (2026-11-30)');
    expect(await w.t.sync.recentRuns('default')).toEqual([]);
  });

  it('exports the mapping as a download, and imports it back; pasted text that is not JSON changes nothing', async () => {
    const exported = await owner.get(`/mapping/export?connection=${connectionId}`);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toBe('attachment; filename="mapping-Page-Co.json"');
    const doc = JSON.parse(exported.body);
    expect(doc).toMatchObject({ format: 'tillbooks-mapping', version: 1, company: 'Page Co' });
    const notJson = await owner.submit('/mapping', '/mapping/import', { connection: String(connectionId), document: '{ nope' });
    expect(notJson.status).toBe(303);
    expect(text((await owner.get(notJson.location!)).body)).toContain('Import: the text pasted is not JSON');
    const income = (await w.t.sync.mapping.companyLists('default', connectionId)).accounts.find((a) => a.name === 'Services')!;
    doc.mapping.categories = { Coffee: { account: { id: 'elsewhere-1', name: income.name } } };
    const imported = await owner.submit('/mapping', '/mapping/import', { connection: String(connectionId), document: JSON.stringify(doc) });
    expect(text((await owner.get(imported.location!)).body)).toContain('Mapping imported (revision 1)');
    expect((await w.t.sync.mapping.mapping('default', connectionId)).mapping.categories.Coffee).toEqual({ account: { id: income.id, name: 'Services' } });
  });

  it('says so when someone saved the mapping meanwhile, and keeps their save', async () => {
    const before = await w.t.sync.mapping.mapping('default', connectionId);
    const res = await owner.submit('/mapping', '/mapping', {
      connection: String(connectionId), revision: '0', rows: '1', 'role-0': 'category', 'key-0': 'coffee', 'name-0': 'Coffee', 'target-0': '',
    });
    expect(res.status).toBe(303);
    expect(text((await owner.get(res.location!)).body)).toContain('The mapping was not saved: the mapping was saved by someone else meanwhile');
    expect(await w.t.sync.mapping.mapping('default', connectionId)).toEqual(before);
  });

  it('keeps a target made inactive in QuickBooks selected, saying so, so a save never drops it silently', async () => {
    const connection = (await w.t.sync.connections('default')).find((c) => c.id === connectionId)!;
    const client = clientFor(w.t.syncDeps, connection);
    const [services] = await client.queryAll<QboEntity & { Id: string; SyncToken: string }>('Account', ["Name = 'Services'"]);
    await client.sparseUpdate('Account', { Id: services!.Id, SyncToken: services!.SyncToken, Active: false }, { key: 'test:inactive-services' });
    const refreshed = await owner.submit('/mapping', '/mapping/refresh', { connection: String(connectionId) });
    expect(refreshed.status).toBe(303);
    const page = await owner.get(refreshed.location!);
    const select = /<select id="target-0"[\s\S]*?<\/select>/.exec(page.body)![0];
    expect(select).toMatch(new RegExp(`<optgroup label="Mapped now">\\s*<option value="account:${services!.Id}" selected>Services \\(inactive in QuickBooks: choose another\\)</option>`));
  });

  it('answers another tenant\'s connection as missing', async () => {
    const other = await signedIn(w.t, OTHER.email, OTHER.password);
    expect((await other.get(`/mapping?connection=${connectionId}`)).status).toBe(200); // its own page: none connected
    expect(text((await other.get(`/mapping?connection=${connectionId}`)).body)).toContain('Connect a location to QuickBooks first');
    const { url, binding } = await w.t.sync.startConnect(OTHER.tenantId, { locationId: OTHER.locationId });
    const theirs = (await w.t.sync.completeConnect(await approveConsent(url, { newCompany: 'Other Co' }), { tenantId: OTHER.tenantId, binding })).connection;
    expect((await other.get(`/mapping?connection=${connectionId}`)).status).toBe(404);
    const post = await other.submit('/mapping', '/mapping/refresh', { connection: String(connectionId) });
    expect(post.status).toBe(404);
    // Its own company unreachable (the app revoked there): Refresh says so, the page still shows the lists kept.
    w.t.simulator!.setFaults(theirs.realmId, { disconnected: true });
    const refresh = await other.submit('/mapping', '/mapping/refresh', { connection: String(theirs.id) });
    const page = await other.get(refresh.location!);
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('Could not read the lists from QuickBooks:');
    w.t.simulator!.clearFaults(theirs.realmId);
  });
});
