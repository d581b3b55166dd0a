/**
 * State that survives a restart: a simulator started again on the same state file holds the
 * same companies and documents, the same codes and tokens, and replays remembered requestids.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import { startSimulator } from './server.js';
import { makeStateSaver } from './state-file.js';
import type { SimSnapshot } from './state-snapshot.js';
import type { CompanyClient } from './test-support/harness.js';
import { clientFor, faultOf, itemLine, salesSetup, toAnswer } from './test-support/harness.js';
import type { OAuthApp, Simulator, SimulatorOptions } from './types.js';
import { DEFAULT_APP } from './types.js';

const START = Date.UTC(2026, 10, 25, 12, 0, 0);
const REDIRECT = 'http://localhost:3000/qbo/callback';

let dir: string;
let file: string;
const running: Simulator[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-state-'));
  file = join(dir, 'nested', 'simulator.json');
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close().catch(() => undefined)));
  await rm(dir, { recursive: true, force: true });
});

async function start(opts: SimulatorOptions = {}, at = START): Promise<Simulator> {
  const sim = await startSimulator({ clock: makeManualClock(at), stateFile: file, ...opts });
  running.push(sim);
  return sim;
}

async function stop(sim: Simulator): Promise<void> {
  running.splice(running.indexOf(sim), 1);
  await sim.close();
}

const basic = (app: OAuthApp) => `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;

async function form(url: string, fields: Record<string, string>, authorization?: string) {
  return fetch(url, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Approves the consent page for a new company and returns the code and realm from the redirect. */
async function consent(sim: Simulator, app: OAuthApp = DEFAULT_APP, companyName = 'Bean There'): Promise<{ code: string; realmId: string }> {
  const res = await form(sim.urls.authorize, {
    client_id: app.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'com.intuit.quickbooks.accounting', state: 's1',
    decision: 'approve', realmId: 'new', companyName,
  });
  const location = new URL(res.headers.get('location') ?? 'http://invalid/');
  return { code: location.searchParams.get('code') ?? '', realmId: location.searchParams.get('realmId') ?? '' };
}

async function tokens(sim: Simulator, fields: Record<string, string>, app: OAuthApp = DEFAULT_APP) {
  return toAnswer(await form(sim.urls.token, fields, basic(app)));
}

describe('a simulator started again on the same state file', () => {
  it('keeps companies, documents, codes, tokens and requestid answers', async () => {
    const first = await start();
    const connected = await consent(first);
    const issued = (await tokens(first, { grant_type: 'authorization_code', code: connected.code, redirect_uri: REDIRECT })).body;
    const spareCode = (await consent(first, DEFAULT_APP, 'Second Shop')).code;
    const c = clientFor(first, connected.realmId, issued.access_token);
    const s = await salesSetup(c);
    const invoiceBody = { CustomerRef: { value: s.customerId }, Line: [itemLine(s.itemId, 12.34)], PrivateNote: 'POS main/1001 v1' };
    const original = await c.create('Invoice', invoiceBody, { requestid: 'rid-1' });
    const receipt = (await c.create('SalesReceipt', { Line: [itemLine(s.itemId, 3)] })).body.SalesReceipt;
    await c.call('POST', 'salesreceipt', { Id: receipt.Id, SyncToken: receipt.SyncToken }, { query: { operation: 'delete' } });
    const voidable = (await c.create('SalesReceipt', { Line: [itemLine(s.itemId, 4)], PrivateNote: 'to void' })).body.SalesReceipt;
    await c.call('POST', 'salesreceipt', { Id: voidable.Id, SyncToken: voidable.SyncToken, sparse: true }, { query: { operation: 'update', include: 'void' } });
    first.setPreferences(connected.realmId, { BookCloseDate: '2026-01-31' });
    const companiesBefore = (await (await fetch(`${first.url}/__sim/companies`)).json()) as { realmId: string; name: string }[];
    const documentsBefore = first.documents(connected.realmId);
    await stop(first);

    const second = await start({}, START + 60_000);
    expect(await (await fetch(`${second.url}/__sim/companies`)).json()).toEqual(companiesBefore);
    expect(second.documents(connected.realmId)).toEqual(documentsBefore);
    const again = clientFor(second, connected.realmId, issued.access_token);
    // The access token is still valid; the deleted receipt still reads as deleted, the voided one as voided.
    expect((await again.read('Invoice', original.body.Invoice.Id)).body.Invoice.PrivateNote).toBe('POS main/1001 v1');
    expect(faultOf(await again.read('SalesReceipt', receipt.Id)).detail).toContain('deleted');
    expect((await again.read('SalesReceipt', voidable.Id)).body.SalesReceipt.PrivateNote).toBe('Voided - to void');
    // The requestid is remembered: the same answer, byte for byte, and no second invoice.
    const replay = await again.create('Invoice', { ...invoiceBody, PrivateNote: 'retry' }, { requestid: 'rid-1' });
    expect(replay.text).toBe(original.text);
    expect(second.documents(connected.realmId, 'Invoice')).toHaveLength(1);
    expect(second.counters(connected.realmId)).toMatchObject({ replays: 1 });
    // The closing date is still in force.
    expect(faultOf(await again.create('SalesReceipt', { TxnDate: '2026-01-15', Line: [itemLine(s.itemId, 1)] })).code).toBe('6210');
    // Numbering and Ids carry on rather than start over.
    const next = (await again.create('Invoice', invoiceBody)).body.Invoice;
    expect(next.DocNumber).toBe('1004');
    expect(Number(next.Id)).toBeGreaterThan(Number(voidable.Id));
    // The refresh token rotates, and the code issued before the restart can still be exchanged once.
    const refreshed = await tokens(second, { grant_type: 'refresh_token', refresh_token: issued.refresh_token });
    expect(refreshed.status, refreshed.text).toBe(200);
    const exchanged = await tokens(second, { grant_type: 'authorization_code', code: spareCode, redirect_uri: REDIRECT });
    expect(exchanged.status, exchanged.text).toBe(200);
    expect((await tokens(second, { grant_type: 'authorization_code', code: connected.code, redirect_uri: REDIRECT })).body.error).toBe('invalid_grant');
    // A new company does not reuse a realm id.
    const created = second.createCompany({ name: 'Third' });
    expect(companiesBefore.map((x) => x.realmId)).not.toContain(created.realmId);
  });

  it('keeps token expiry in clock time: an hour later the access token has expired, the refresh token still works', async () => {
    const first = await start();
    const { realmId } = first.createCompany({ name: 'Expiry' });
    const issued = first.issueTokens(realmId);
    await stop(first);
    const later = await start({}, START + 3_600_000);
    const c: CompanyClient = clientFor(later, realmId, issued.access_token);
    expect((await c.call('GET', 'preferences')).status).toBe(401);
    expect((await tokens(later, { grant_type: 'refresh_token', refresh_token: issued.refresh_token })).status).toBe(200);
  });

  it('keeps a revocation: the disconnected company stays disconnected', async () => {
    const first = await start();
    const { realmId } = first.createCompany({ name: 'Revoked' });
    const issued = first.issueTokens(realmId);
    await form(`${first.url}/v2/oauth2/tokens/revoke`, { token: issued.refresh_token }, basic(DEFAULT_APP));
    await stop(first);
    const second = await start();
    expect((await clientFor(second, realmId, issued.access_token).call('GET', 'preferences')).status).toBe(401);
    expect((await tokens(second, { grant_type: 'refresh_token', refresh_token: issued.refresh_token })).body.error).toBe('invalid_grant');
  });

  it('keeps the OAuth apps it was started with unless new ones are given', async () => {
    const app: OAuthApp = { clientId: 'pos-app', clientSecret: 'pos-secret', redirectUris: ['http://localhost:*'] };
    const first = await start({ apps: [app] });
    const { realmId } = first.createCompany();
    const issued = first.issueTokens(realmId);
    await stop(first);
    const second = await start();
    expect((await tokens(second, { grant_type: 'refresh_token', refresh_token: issued.refresh_token }, app)).status).toBe(200);
    await stop(second);
    const third = await start({ apps: [DEFAULT_APP] });
    expect((await tokens(third, { grant_type: 'refresh_token', refresh_token: issued.refresh_token }, app)).status).toBe(401);
  });

  it('is emptied by reset()', async () => {
    const first = await start();
    first.createCompany({ name: 'Gone soon' });
    first.reset();
    await stop(first);
    const second = await start();
    expect(await (await fetch(`${second.url}/__sim/companies`)).json()).toEqual([]);
  });

  it('never hands out a realm id twice: not two simulators in one process, not one restarted on its file', async () => {
    const first = await start();
    const a = first.createCompany().realmId;
    const b = first.createCompany().realmId;
    await stop(first);
    const other = await start({ stateFile: join(dir, 'other.json') });
    const c = other.createCompany().realmId;
    const restarted = await start();
    const d = restarted.createCompany().realmId;
    expect(new Set([a, b, c, d]).size).toBe(4);
    for (const id of [a, b, c, d]) expect(id).toMatch(/^9341\d{12}$/);
    expect((await (await fetch(`${restarted.url}/__sim/companies`)).json() as { realmId: string }[]).map((x) => x.realmId)).toEqual([a, b, d]);
  });
});

describe('the state file itself', () => {
  it('is written atomically as JSON, without leftovers, and only once something changed', async () => {
    const idle = await start();
    await stop(idle);
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
    const sim = await start();
    sim.createCompany({ name: 'Written' });
    await stop(sim);
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved).toMatchObject({ format: 'tillbooks-simulator-state', version: 1, realmCounter: 1 });
    expect(saved.companies).toHaveLength(1);
    expect(await readdir(join(dir, 'nested'))).toEqual(['simulator.json']);
  });

  it('is written after a change without waiting for close', async () => {
    const sim = await start();
    const { realmId } = sim.createCompany({ name: 'Soon on disk' });
    await vi.waitFor(async () => expect(await readFile(file, 'utf8')).toContain(realmId), { timeout: 5000, interval: 50 });
  });

  it('refuses to start on a file that is not a state file, and leaves it as it was', async () => {
    await rm(dir, { recursive: true, force: true });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'nested'), { recursive: true });
    await writeFile(file, '{"companies": "not mine"}');
    await expect(startSimulator({ stateFile: file })).rejects.toThrow(/is not a simulator state file/);
    await writeFile(file, 'not json');
    await expect(startSimulator({ stateFile: file })).rejects.toThrow(/is not valid JSON/);
    expect(await readFile(file, 'utf8')).toBe('not json');
  });

  it('writes a burst of changes once or twice, not once per change, and the last write holds the last state', async () => {
    let version = 0;
    const snapshot = () => ({ version: ++version }) as unknown as SimSnapshot;
    const saver = makeStateSaver(file, snapshot, { minIntervalMs: 60_000 });
    for (let i = 0; i < 50; i += 1) saver.changed();
    await saver.flush();
    expect(saver.writes()).toBeGreaterThanOrEqual(1);
    expect(saver.writes()).toBeLessThanOrEqual(2);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version });
    await saver.flush();
    expect(saver.writes()).toBeLessThanOrEqual(2); // nothing changed since: no write
  });
});
