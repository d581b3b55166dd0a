/**
 * Issue 16's simulator point: signed webhook notifications (CloudEvents) of every change to a
 * company connected through the app, batched, retried on the simulator's clock until
 * acknowledged, and faults (lost, duplicated, reordered) for a product's tests.
 */
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../lib/clock.js';
import { makeManualClock } from '../lib/clock.js';
import { runSimulatorFromCli } from './cli.js';
import type { CompanyClient, Harness } from './test-support/harness.js';
import { faultOf, itemLine, salesSetup, startHarness, toAnswer } from './test-support/harness.js';
import type { WebhookDelivery } from './types.js';
import { DEFAULT_APP } from './types.js';

const VERIFIER = 'verifier-token-123';

interface Received { body: string; headers: IncomingHttpHeaders }

/** A product's webhook endpoint: records what arrives; answers 200, another status, or nothing. */
function receiver() {
  const received: Received[] = [];
  let answer: number | 'hang' = 200;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ body, headers: req.headers });
      if (answer !== 'hang') res.writeHead(answer).end();
    });
  });
  return {
    received,
    answer: (a: number | 'hang') => (answer = a),
    start: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`))),
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (check()) return;
    await sleep(5);
  }
  throw new Error(`timed out waiting for ${what}`);
}

let h: Harness;
let clock: ManualClock;
let endpoint: ReturnType<typeof receiver>;
let url: string;
beforeAll(async () => {
  endpoint = receiver();
  url = await endpoint.start();
  clock = makeManualClock();
  h = await startHarness({ clock, apps: [{ ...DEFAULT_APP, webhook: { url, verifierToken: VERIFIER } }] });
});
afterAll(async () => {
  await h.close();
  await endpoint.stop();
});
afterEach(() => {
  endpoint.answer(200);
  h.sim.setWebhookFaults({ dropRate: 0, duplicateRate: 0, reorder: false });
});

const lastOf = (deliveries: WebhookDelivery[]) => deliveries[deliveries.length - 1] as WebhookDelivery;

async function invoiceStory(c: CompanyClient) {
  const s = await salesSetup(c);
  const made = (await c.create('Invoice', { CustomerRef: { value: s.customerId }, Line: [itemLine(s.itemId, 10)] })).body.Invoice;
  const edited = (await c.update('Invoice', { Id: made.Id, SyncToken: made.SyncToken, sparse: true, PrivateNote: 'edited' })).body.Invoice;
  const voided = (await c.call('POST', 'invoice', { Id: made.Id, SyncToken: edited.SyncToken }, { query: { operation: 'void' } })).body.Invoice;
  await c.call('POST', 'invoice', { Id: made.Id, SyncToken: voided.SyncToken }, { query: { operation: 'delete' } });
  return { s, invoiceId: made.Id as string };
}

describe('notifications', () => {
  it('carry every change of the window in one signed CloudEvents POST', async () => {
    const c = h.company();
    const before = endpoint.received.length;
    const { s, invoiceId } = await invoiceStory(c);
    await c.call('GET', 'preferences');
    h.sim.setPreferences(c.realmId, { trackDepartments: true });
    expect(h.sim.webhooks({ realmId: c.realmId })).toEqual([]);
    await clock.advance(1000);
    await until('the delivery', () => h.sim.webhooks({ realmId: c.realmId, state: 'delivered' }).length === 1);
    const delivery = lastOf(h.sim.webhooks({ realmId: c.realmId }));
    expect(endpoint.received.length).toBe(before + 1);
    const got = endpoint.received[before] as Received;
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['intuit-signature']).toBe(createHmac('sha256', VERIFIER).update(got.body).digest('base64'));
    const events = JSON.parse(got.body) as Record<string, string>[];
    expect(events.map((e) => [e.type, e.intuitentityid])).toEqual([
      ['qbo.customer.created.v1', s.customerId],
      ['qbo.invoice.created.v1', invoiceId], ['qbo.invoice.updated.v1', invoiceId],
      ['qbo.invoice.voided.v1', invoiceId], ['qbo.invoice.deleted.v1', invoiceId],
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ specversion: '1.0', datacontenttype: 'application/json', intuitaccountid: c.realmId, data: {} });
      expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(String(e.time))).toBe(clock.now() - 1000);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(delivery).toMatchObject({ state: 'delivered', url, body: got.body, attempts: [{ status: 200, at: clock.now() }] });
  });

  it('go only to an app the company is connected through, and stop when it is disconnected', async () => {
    const c = h.company();
    await c.create('Class', { Name: 'Denver store' });
    h.sim.setFaults(c.realmId, { disconnected: true });
    const refused = await c.create('Class', { Name: 'Boulder store' });
    expect(refused.status).toBe(401);
    h.sim.setFaults(c.realmId, { disconnected: false });
    await h.sim.flushWebhooks();
    const mine = h.sim.webhooks({ realmId: c.realmId });
    expect(mine.flatMap((d) => d.events.map((e) => e.type))).toEqual(['qbo.class.created.v1']);
    h.sim.setWebhook(null);
    await c.create('Class', { Name: 'Aurora store' });
    await h.sim.flushWebhooks();
    expect(h.sim.webhooks({ realmId: c.realmId })).toHaveLength(1);
    h.sim.setWebhook({ url, verifierToken: VERIFIER });
  });
});

describe('delivery', () => {
  it('retries a failed or unanswered POST 10 s, 20 s, 30 s, 5 min… of the clock after each failure; later changes wait behind it', async () => {
    const c = h.company();
    endpoint.answer(503);
    await c.create('Class', { Name: 'First' });
    await h.sim.flushWebhooks();
    const first = () => h.sim.webhooks({ realmId: c.realmId })[0] as WebhookDelivery;
    const start = first().attempts[0]?.at ?? 0;
    expect(first().attempts[0]?.status).toBe(503);
    expect(first().nextAttemptAt).toBe(start + 10_000);
    await c.create('Class', { Name: 'Second' });
    await h.sim.flushWebhooks();
    expect(h.sim.webhooks({ realmId: c.realmId }).map((d) => d.attempts.length)).toEqual([1, 0]);
    endpoint.answer('hang');
    await clock.advance(10_000);
    await until('the second attempt', () => endpoint.received.filter((r) => r.body === first().body).length === 2);
    await clock.advance(3_000);
    await until('its timeout', () => first().attempts.length === 2);
    expect(first().attempts[1]?.error).toBe('no answer within 3000 ms');
    endpoint.answer(200);
    // The next wait counts from the failure: 20 s after the 3 s without an answer.
    await clock.advance(20_000);
    await until('the third attempt', () => first().state === 'delivered');
    expect(first().attempts.map((a) => a.at - start)).toEqual([0, 10_000, 33_000]);
    await until('the one held back', () => h.sim.webhooks({ realmId: c.realmId, state: 'delivered' }).length === 2);
  });

  it('gives up after the last retry (6 h apart at the end)', async () => {
    const c = h.company();
    endpoint.answer(500);
    await c.create('Class', { Name: 'Doomed' });
    await h.sim.flushWebhooks();
    const doomed = () => lastOf(h.sim.webhooks({ realmId: c.realmId }));
    const waits = [10, 20, 30, 300, 1200, 7200, 14400, 21600, 21600, 21600, 21600, 21600].map((s) => s * 1000);
    for (const [i, wait] of waits.entries()) {
      await clock.advance(wait);
      await until(`attempt ${i + 2}`, () => doomed().attempts.length === i + 2);
    }
    expect(doomed().state).toBe('failed');
    const start = doomed().attempts[0]?.at ?? 0;
    expect(doomed().attempts.map((a) => (a.at - start) / 1000)).toEqual([0, 10, 30, 60, 360, 1560, 8760, 23160, 44760, 66360, 87960, 109560, 131160]);
  });

  it('faults: a lost notification is never sent; a duplicate arrives twice byte for byte; reorder reverses the events', async () => {
    const c = h.company();
    h.sim.setWebhookFaults({ dropRate: 1 });
    const before = endpoint.received.length;
    await c.create('Class', { Name: 'Lost' });
    await h.sim.flushWebhooks();
    expect(lastOf(h.sim.webhooks({ realmId: c.realmId })).state).toBe('dropped');
    expect(endpoint.received.length).toBe(before);
    h.sim.setWebhookFaults({ dropRate: 0, duplicateRate: 1, reorder: true });
    await c.create('Class', { Name: 'A' });
    await c.create('Class', { Name: 'B' });
    await h.sim.flushWebhooks();
    const d = lastOf(h.sim.webhooks({ realmId: c.realmId }));
    expect(d.attempts.map((a) => [a.status, a.duplicate ?? false])).toEqual([[200, false], [200, true]]);
    expect(endpoint.received.slice(before).map((r) => r.body)).toEqual([d.body, d.body]);
    const names = await Promise.all(d.events.map(async (e) => (await c.read('Class', e.intuitentityid)).body.Class.Name));
    expect(names).toEqual(['B', 'A']);
    const bad = await toAnswer(await fetch(`${h.sim.url}/__sim/webhooks/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"dropRate":2}' }));
    expect(bad.status).toBe(400);
  });

  it('covers deposits and journal entries like any transaction; a refused write sends nothing', async () => {
    const c = h.company();
    const s = await salesSetup(c);
    await h.sim.flushWebhooks();
    const deposit = await c.create('Deposit', { DepositToAccountRef: { value: s.checkingId }, Line: [{ DetailType: 'DepositLineDetail', Amount: 5, DepositLineDetail: { AccountRef: { value: s.incomeId } } }] });
    expect(faultOf(await c.create('Deposit', { Line: [] })).code).toBe('2020');
    await h.sim.flushWebhooks();
    expect(lastOf(h.sim.webhooks({ realmId: c.realmId })).events.map((e) => [e.type, e.intuitentityid])).toEqual([['qbo.deposit.created.v1', deposit.body.Deposit.Id]]);
  });
});

describe('configuration', () => {
  it('from the CLI (--webhook-url, --webhook-verifier-token) and at run time over /__sim/apps/{clientId}/webhook', async () => {
    const other = receiver();
    const otherUrl = await other.start();
    const sim = await runSimulatorFromCli({ port: 0, webhookUrl: otherUrl, webhookVerifierToken: 'cli-token' });
    try {
      const { realmId } = sim.createCompany();
      const token = sim.issueTokens(realmId).access_token;
      const post = (path: string, body: unknown) => fetch(`${sim.url}/v3/company/${realmId}/${path}?minorversion=75`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      await post('class', { Name: 'From the CLI' });
      await sim.flushWebhooks();
      expect(other.received.map((r) => r.headers['intuit-signature'])).toEqual([createHmac('sha256', 'cli-token').update(other.received[0]?.body ?? '').digest('base64')]);
      const put = (body: unknown) => fetch(`${sim.url}/__sim/apps/${DEFAULT_APP.clientId}/webhook`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await put({ url: otherUrl, verifierToken: '' })).status).toBe(400);
      expect((await fetch(`${sim.url}/__sim/apps/nobody/webhook`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: otherUrl, verifierToken: 'x' }) })).status).toBe(404);
      expect((await put(null)).status).toBe(200);
      await post('class', { Name: 'Unheard' });
      await sim.flushWebhooks();
      expect(other.received).toHaveLength(1);
      const listed = (await toAnswer(await fetch(`${sim.url}/__sim/webhooks?realmId=${realmId}`))).body as WebhookDelivery[];
      expect(listed.map((d) => d.state)).toEqual(['delivered']);
    } finally {
      await sim.close();
      await other.stop();
    }
  });
});
