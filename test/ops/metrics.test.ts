/**
 * Issue 18: GET /metrics for Prometheus behind its own token. Scraped before and after a sync
 * of the demo's day of tickets to the built-in simulator: tickets move from pending to posted,
 * a finished run appears, and QuickBooks calls, their latencies and outcomes are counted. No
 * token, a wrong one: 401; no METRICS_TOKEN configured: no endpoint (404).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMetrics } from '../../src/app/metrics.js';
import { startTillbooks } from '../../src/app/start.js';
import type { Tillbooks } from '../../src/app/start.js';
import { approveConsent } from '../../src/cli/consent-client.js';
import { configFor } from '../../src/config/index.js';
import { silentLogger } from '../../src/lib/logger.js';

const TOKEN = 'metrics-token-0123456789abcdef';
let dataDir: string;
let t: Tillbooks;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tillbooks-metrics-'));
  const config = configFor({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SIMULATOR_PORT: '0', TILLBOOKS_DEMO: 'true', METRICS_TOKEN: TOKEN });
  t = await startTillbooks(config, { logger: silentLogger, inMemory: true, firstPassword: 'correct horse battery staple' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function scrape(): Promise<string> {
  const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** The value of one sample (0 when absent). */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

async function until(test: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('never happened');
}

describe('/metrics', () => {
  it('refuses a scraper without the token', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
  });

  it('moves with a sync: tickets by state, runs by status, QuickBooks calls and latencies', { timeout: 120_000 }, async () => {
    const tenantId = t.firstStart!.tenantId;
    const locationId = t.firstStart!.demo!.locationId;
    const { url, binding } = await t.sync.startConnect(tenantId, { locationId });
    const { connection } = await t.sync.completeConnect(await approveConsent(url, { newCompany: 'Metrics Café' }), { tenantId, binding });
    await t.sync.initialize(tenantId, connection.id);

    const before = await scrape();
    const pending = sample(before, 'tillbooks_tickets', `tenant="${tenantId}",state="pending"`);
    expect(pending).toBeGreaterThan(10);
    expect(sample(before, 'tillbooks_tickets', `tenant="${tenantId}",state="posted"`)).toBe(0);
    expect(sample(before, 'tillbooks_runs', 'status="finished"')).toBe(0);
    expect(sample(before, 'tillbooks_queue_depth')).toBe(0);
    expect(sample(before, 'tillbooks_qbo_requests_total', 'kind="batch",outcome="ok"')).toBe(0);
    const readsBefore = sample(before, 'tillbooks_qbo_requests_total', 'kind="query",outcome="ok"');
    expect(readsBefore).toBeGreaterThan(0); // Initialize looked for its records
    expect(before).toContain('# TYPE tillbooks_qbo_throttled_total counter');

    const { runId } = await t.sync.syncNow(tenantId, { connectionId: connection.id });
    await until(async () => (await t.sync.run(tenantId, runId))?.status === 'finished');

    const after = await scrape();
    expect(sample(after, 'tillbooks_tickets', `tenant="${tenantId}",state="pending"`)).toBe(0);
    expect(sample(after, 'tillbooks_tickets', `tenant="${tenantId}",state="posted"`)).toBeGreaterThan(10);
    expect(sample(after, 'tillbooks_runs', 'status="finished"')).toBe(1);
    const batches = sample(after, 'tillbooks_qbo_requests_total', 'kind="batch",outcome="ok"');
    expect(batches).toBeGreaterThan(0);
    expect(sample(after, 'tillbooks_qbo_request_duration_seconds_count', 'kind="batch"')).toBe(batches);
    expect(sample(after, 'tillbooks_qbo_throttled_total', 'kind="batch"')).toBe(0);
  });
});

describe('the metrics themselves', () => {
  it('count a 429 apart, with its outcome, and leave latency to answers that came', async () => {
    const m = makeMetrics(t.database.db);
    const base = { realmId: '1', requestId: null, intuitTid: null, retry: null };
    m.observeQbo({ ...base, method: 'POST', path: 'batch', attempt: 1, status: 429, durationMs: 80, errorCode: 'QBO_RATE_LIMIT' });
    m.observeQbo({ ...base, method: 'POST', path: 'invoice', attempt: 1, status: null, durationMs: 0, errorCode: 'QBO_NETWORK' });
    m.observeQbo({ ...base, method: 'GET', path: 'reports/ProfitAndLoss', attempt: 1, status: 200, durationMs: 300, errorCode: null });
    const text = (await m.render()).body;
    expect(sample(text, 'tillbooks_qbo_throttled_total', 'kind="batch"')).toBe(1);
    expect(sample(text, 'tillbooks_qbo_requests_total', 'kind="batch",outcome="QBO_RATE_LIMIT"')).toBe(1);
    expect(sample(text, 'tillbooks_qbo_requests_total', 'kind="write",outcome="QBO_NETWORK"')).toBe(1);
    expect(sample(text, 'tillbooks_qbo_request_duration_seconds_count', 'kind="write"')).toBe(0);
    expect(sample(text, 'tillbooks_qbo_request_duration_seconds_bucket', 'le="0.5",kind="report"')).toBe(1);
  });
});

describe('without METRICS_TOKEN', () => {
  it('has no /metrics (404)', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tillbooks-nometrics-'));
    const off = await startTillbooks(configFor({ DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', SIMULATOR_PORT: '0', TILLBOOKS_DEMO: 'false' }),
      { logger: silentLogger, inMemory: true, firstPassword: 'correct horse battery staple' });
    try {
      expect((await fetch(`${off.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      await off.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
