/**
 * SIGTERM during a sync (issue 20): `tillbooks serve` took ~6.5 minutes to exit with its web
 * port already closed - the embedded worker waited for the whole run, and a run looked at the
 * stop request only between 300-ticket pages, each minutes long at QuickBooks' pace.
 * Now the run stops at its next batch and is handed back (stopped, a continuation queued, every
 * ticket recorded), and the web answers until then.
 *
 * A real `tillbooks serve` process on an embedded data folder, talking to a simulator this test
 * holds (so it can watch QuickBooks): 640 tickets, Sync now over the API, SIGTERM once writes
 * reach QuickBooks. What shows the stop came promptly, without asserting on wall time: after
 * the signal QuickBooks receives at most the batches that were on their way (the pipeline's
 * depth, ≤ 10 × 30 writes), where the old code went on to post the rest. The time to exit and
 * the batches that arrived after the signal are printed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../../src/cli/consent-client.js';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { takeTickets } from '../../src/intake/take-tickets.js';
import { startSimulator } from '../../src/sandbox/index.js';
import type { Simulator } from '../../src/sandbox/index.js';
import { createApiKey } from '../../src/store/api-keys.js';
import { openStore } from '../../src/store/index.js';
import { upsertLocation } from '../../src/store/locations.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { makeSyncService } from '../../src/sync/index.js';
import { PIPELINE_DEPTH } from '../../src/sync/engine/pipeline.js';
import { startTillbooksProcess } from '../support/child-process.js';
import type { TillbooksProcess } from '../support/child-process.js';
import { simulatorSyncDeps } from '../support/simulator-deps.js';

const BATCH_ITEMS = 30;
let sim: Simulator;
let dataDir: string;
let serve: TillbooksProcess | undefined;

beforeAll(async () => {
  // QuickBooks' own limits on (40 batches a minute), and a little latency: a run of 640 tickets
  // takes a minute or more, as it does for a real store.
  sim = await startSimulator({});
  dataDir = await mkdtemp(path.join(tmpdir(), 'tillbooks-shutdown-'));
});
afterAll(async () => {
  serve?.proc.kill('SIGKILL');
  await serve?.exited;
  await sim?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The data folder as `tillbooks serve` will find it: a connected, initialized location with 640 pending tickets. */
async function prepare(key: Buffer): Promise<{ apiKey: string; realmId: string }> {
  const database = await openStore({ dataDir });
  try {
    const tenantId = 'default';
    await ensureTenant(database.db, { id: tenantId, name: 'My store' });
    await upsertLocation(database.db, tenantId, { id: 'shop-1', name: 'Shop', timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null });
    const sync = makeSyncService(simulatorSyncDeps(database, sim, key));
    const { url, binding } = await sync.startConnect(tenantId, { locationId: 'shop-1' });
    const { connection } = await sync.completeConnect(await approveConsent(url, { newCompany: 'Shutdown Café' }), { tenantId, binding });
    await sync.initialize(tenantId, connection.id);
    const dates = ['2026-11-13', '2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
    const tickets = [...generateDemoTickets({ seed: 20, locations: [{ id: 'shop-1', timeZone: 'America/Denver' }], dates, ticketsPerDay: 80 })];
    await takeTickets(database.db, tenantId, tickets.map((t, i) => ({ raw: JSON.stringify(t), ref: i })));
    return { apiKey: (await createApiKey(database.db, tenantId, 'test')).key, realmId: connection.realmId };
  } finally {
    await database.close();
  }
}

async function until(what: string, test: () => boolean | Promise<boolean>, tries = 1200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('SIGTERM during a sync', () => {
  it('stops at the next batch, hands the run back, and answers on the web until it exits', { timeout: 240_000 }, async () => {
    const key = randomBytes(32);
    const { apiKey, realmId } = await prepare(key);
    sim.setFaults('*', { latencyMs: 150 });
    serve = startTillbooksProcess(['serve'], {
      DATA_DIR: dataDir, DATABASE_URL: '', TILLBOOKS_SECRET_KEY: key.toString('base64'), TILLBOOKS_DEMO: 'false',
      QBO_ENVIRONMENT: 'simulator', QBO_SIMULATOR_URL: sim.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn',
    }, 'tillbooks is running at');
    await serve.ready;
    const url = /tillbooks is running at (\S+)/.exec(serve.output())?.[1];
    expect(url, serve.output()).toBeTruthy();
    const sync = await fetch(`${url}/api/v1/sync`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: '{"locationId":"shop-1"}' });
    expect(sync.status).toBe(202);
    const { runId } = (await sync.json()) as { runId: number };
    // Mid-sync: some of the first page's documents are at QuickBooks.
    await until('the first writes', () => sim.counters(realmId).writes >= 2 * BATCH_ITEMS);

    const writesAtSignal = sim.counters(realmId).writes;
    const signalledAt = Date.now();
    serve.proc.kill('SIGTERM');
    const health = await fetch(`${url}/healthz`);
    const end = await serve.exited;
    const exitMs = Date.now() - signalledAt;
    const writesAfter = sim.counters(realmId).writes - writesAtSignal;
    const batchesAfter = sim.requestLog(realmId).filter((r) => r.path === 'batch' && r.at > signalledAt).length;
    console.log(`SIGTERM mid-sync: exited after ${exitMs} ms; QuickBooks writes after the signal: ${writesAfter} `
      + `(at the signal: ${writesAtSignal}), batches arrived after it: ${batchesAfter}`);

    expect(end.code, end.output).toBe(0);
    expect(end.output).toContain('SIGTERM: stopping');
    expect(health.status).toBe(200);
    expect(writesAfter).toBeLessThanOrEqual(PIPELINE_DEPTH * BATCH_ITEMS);

    const database = await openStore({ dataDir });
    try {
      const runs = await database.db.selectFrom('sync_runs').select(['id', 'status', 'error']).orderBy('id').execute();
      expect(runs.find((r) => r.id === runId)).toMatchObject({ status: 'stopped', error: expect.stringContaining('handed back') });
      expect(runs.filter((r) => r.id > runId).map((r) => r.status)).toEqual(['queued']);
      const states = Object.fromEntries((await database.db.selectFrom('tickets').select(['sync_state', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('sync_state').execute()).map((r) => [r.sync_state, Number(r.n)]));
      // Every ticket recorded (none left `posting`), most still pending for the continuation.
      expect(states.posting).toBeUndefined();
      expect(states.pending).toBeGreaterThan(300);
      expect((states.posted ?? 0) + (states.void ?? 0)).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });
});
