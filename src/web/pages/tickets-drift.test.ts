/**
 * Tickets changed in QuickBooks on the Tickets page: the state, what changed, and the row's
 * Repost / Accept as is buttons (a form POST with the session's CSRF token), recorded in the
 * ticket's history; another tenant's attempt leaves them alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDrift } from '../../store/ticket-drift.js';
import { OTHER, OWNER_PASSWORD, connectThroughConsent, signedIn, startWorld } from '../test-support/world.js';
import type { Agent, World } from '../test-support/world.js';

const flashOf = (html: string) => /<div id="flash"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1]?.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const rowIds = (html: string) => [...html.matchAll(/<tr data-ticket="([^"]+)">/g)].map((m) => m[1]!);
const LIST = '/tickets?state=changed-in-qbo';

describe('tickets changed in QuickBooks on the Tickets page', () => {
  let w: World;
  let owner: Agent;
  let ids: string[] = [];
  const stateOf = async (ticketId: string) => (await w.t.database.db.selectFrom('tickets').select('sync_state')
    .where('tenant_id', '=', 'default').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow()).sync_state;

  beforeAll(async () => {
    w = await startWorld();
    owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    await connectThroughConsent(owner, 'denver-1');
    const db = w.t.database.db;
    // Tickets at version 1, as the drift below names them: the demo data edits some tickets
    // (a later version), and which ones depends on the day the test runs.
    ids = (await db.selectFrom('tickets').select('ticket_id').where('tenant_id', '=', 'default').where('version', '=', 1)
      .orderBy('ticket_id').limit(2).execute()).map((r) => r.ticket_id);
    // As a drift check leaves them: posted, then a document deleted or edited in QuickBooks.
    await db.updateTable('tickets').set({ sync_state: 'posted' }).where('tenant_id', '=', 'default').where('ticket_id', 'in', ids).execute();
    const version = 1;
    await recordDrift(db, 'default', [
      { locationId: 'denver-1', ticketId: ids[0]!, version, changes: [{ entity: 'Invoice', docId: '901', change: 'deleted', syncToken: null, source: 'webhook' }] },
      { locationId: 'denver-1', ticketId: ids[1]!, version, changes: [{ entity: 'Invoice', docId: '902', change: 'edited', syncToken: '4', source: 'cdc' }] },
    ], []);
  });
  afterAll(async () => w.stop());

  it('lists them in their state, saying what changed, with Repost and Accept as is', async () => {
    const page = await owner.get(LIST);
    expect(page.status).toBe(200);
    expect(rowIds(page.body).sort()).toEqual([...ids].sort());
    expect(page.body).toContain('<option value="changed-in-qbo" selected>Changed in QuickBooks</option>');
    expect(page.body).toContain('Invoice 901 deleted in QuickBooks');
    expect(page.body).toContain('Invoice 902 edited in QuickBooks');
    expect(page.body).toContain(`value="repost denver-1/${ids[0]}">Repost</button>`);
    expect(page.body).toContain(`value="accept denver-1/${ids[1]}">Accept as is</button>`);
  });

  it('lists them through the API too', async () => {
    const res = await w.t.app.inject({ method: 'GET', url: '/api/v1/tickets/changed-in-quickbooks', headers: { authorization: `Bearer ${w.ownerApiKey}` } });
    const tickets = (JSON.parse(res.body) as { tickets: { ticketId: string; changes: { change: string }[] }[] }).tickets;
    expect(tickets.map((t) => `${t.ticketId} ${t.changes.map((c) => c.change).join()}`).sort()).toEqual([`${ids[0]} deleted`, `${ids[1]} edited`].sort());
  });

  it('leaves them alone when another tenant tries', async () => {
    const other = await signedIn(w.t, OTHER.email, OTHER.password);
    const res = await other.submit('/tickets', '/tickets/changed', { one: `accept denver-1/${ids[1]}`, return: '/tickets' });
    expect(flashOf((await other.get(res.location!)).body)).toContain('0 tickets posted as QuickBooks now holds them, 1 left alone');
    expect(await stateOf(ids[1]!)).toBe('changed-in-qbo');
  });

  it('"Accept as is" posts it again and "Repost" queues its rewrite, both in its history', async () => {
    const accepted = await owner.submit(LIST, '/tickets/changed', { one: `accept denver-1/${ids[1]}`, return: LIST });
    expect(accepted.status).toBe(303);
    expect(flashOf((await owner.get(accepted.location!)).body)).toContain('Accept as is: 1 ticket posted as QuickBooks now holds them.');
    expect(await stateOf(ids[1]!)).toBe('posted');
    const reposted = await owner.submit(LIST, '/tickets/changed', { one: `repost denver-1/${ids[0]}`, return: LIST });
    const after = await owner.get(reposted.location!);
    expect(flashOf(after.body)).toContain('Repost: 1 ticket queued to be rewritten from the POS.');
    expect(flashOf(after.body)).toContain('Follow the progress of run');
    expect(await stateOf(ids[0]!)).not.toBe('changed-in-qbo');
    expect(rowIds(after.body)).toEqual([]);
    const history = await owner.get(`/tickets/denver-1/${encodeURIComponent(ids[1]!)}`);
    expect(history.body).toContain('Invoice 902 edited (daily check) in QuickBooks');
    expect(history.body).toContain('accepted-as-is');
  });
});
