/**
 * Server mode as deployed: `tillbooks web` and `tillbooks worker` are separate processes on one
 * PostgreSQL server, with one shared simulator. Tickets and "Sync now" go to the web's API;
 * the worker, which serves no pages, posts them. `tillbooks worker` without a PostgreSQL
 * server says what it needs.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { startSimulator } from '../../src/sandbox/index.js';
import type { Simulator } from '../../src/sandbox/index.js';
import type { Database } from '../../src/store/index.js';
import { startTillbooksProcess } from '../support/child-process.js';
import type { TillbooksProcess } from '../support/child-process.js';
import { closeTestDatabase, openServerTestDatabase, schemaOf, TEST_DATABASE_URL } from '../support/stores.js';

describe('tillbooks web and worker without a PostgreSQL server', () => {
  it('refuse, naming DATABASE_URL', { timeout: 30_000 }, async () => {
    const env = { DATABASE_URL: '', DATA_DIR: `/tmp/tillbooks-worker-${randomBytes(4).toString('hex')}` };
    const [worker, web] = await Promise.all([startTillbooksProcess(['worker'], env, '\u0000').exited, startTillbooksProcess(['web'], env, '\u0000').exited]);
    expect(worker.code).toBe(1);
    expect(worker.output).toContain('DATABASE_URL: `tillbooks worker` needs a PostgreSQL server');
    expect(web.code).toBe(1);
    expect(web.output).toContain('DATABASE_URL: `tillbooks web` leaves runs to `tillbooks worker` processes');
  });
});

describe.skipIf(!TEST_DATABASE_URL)('tillbooks web and tillbooks worker as separate processes (needs TEST_DATABASE_URL)', () => {
  let sim: Simulator;
  let database: Database;
  let env: Record<string, string>;
  const processes: TillbooksProcess[] = [];

  beforeAll(async () => {
    sim = await startSimulator({});
    // The schema is made (and dropped) by the test; the processes migrate it themselves.
    database = (await openServerTestDatabase())!;
    env = {
      DATABASE_URL: TEST_DATABASE_URL!, DATABASE_SCHEMA: schemaOf(database)!, TILLBOOKS_SECRET_KEY: randomBytes(32).toString('base64'),
      QBO_ENVIRONMENT: 'simulator', QBO_SIMULATOR_URL: sim.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn',
    };
  });
  afterAll(async () => {
    for (const p of processes) p.proc.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await sim?.close();
    if (database) await closeTestDatabase(database);
  });

  const cli = async (...args: string[]) => {
    const p = startTillbooksProcess(args, env, '\u0000');
    const end = await p.exited;
    expect(end.code, `tillbooks ${args.join(' ')}\n${end.output}`).toBe(0);
    return end.output;
  };

  it('the web takes tickets and "Sync now"; the worker posts them', { timeout: 120_000 }, async () => {
    const web = startTillbooksProcess(['web'], env, 'sign in');
    processes.push(web);
    await web.ready;
    const url = /tillbooks is running at (\S+)/.exec(web.output())?.[1];
    // Server mode makes no demo data and no key by itself: the operator creates the POS's key.
    const key = /\n\s+(tb_\S+)/.exec(await cli('api-key', 'create', 'pos'))?.[1];
    expect(key).toBeTruthy();
    expect(url, web.output()).toBeTruthy();
    expect(web.output()).toContain('executed by `tillbooks worker` processes');
    const api = (path: string, init: { method?: string; body?: unknown } = {}) => fetch(`${url}${path}`, {
      method: init.method ?? 'GET', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    });

    expect((await api('/api/v1/locations', { method: 'POST', body: { id: 'store-1', name: 'Store 1', timeZone: 'America/Denver' } })).status).toBe(201);
    await cli('connect', '--location', 'store-1', '--company', 'Web and Worker Café');
    await cli('init', '--location', 'store-1');
    const tickets = [...generateDemoTickets({ seed: 3, locations: [{ id: 'store-1', timeZone: 'America/Denver' }], dates: ['2026-11-20', '2026-11-21'], ticketsPerDay: 30 })];
    const taken = await api('/api/v1/tickets', { method: 'POST', body: tickets });
    expect(taken.status).toBe(200);

    const sync = await api('/api/v1/sync', { method: 'POST', body: { locationId: 'store-1' } });
    expect(sync.status).toBe(202);
    const { runId } = (await sync.json()) as { runId: number };
    // Nobody executes runs yet: the web only queues them.
    await new Promise((r) => setTimeout(r, 1000));
    expect(((await (await api(`/api/v1/runs/${runId}`)).json()) as { run: { status: string } }).run.status).toBe('queued');

    const worker = startTillbooksProcess(['worker'], env, 'executing runs');
    processes.push(worker);
    await worker.ready;
    type RunView = { status: string; posted: number; voided: number; pending: number; skipped: number };
    let run: RunView | null = null;
    for (let i = 0; i < 200; i++) {
      run = ((await (await api(`/api/v1/runs/${runId}`)).json()) as { run: RunView }).run;
      if (run && run.status !== 'queued' && run.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(run).toMatchObject({ status: 'finished', pending: 0, skipped: 0 });
    expect(run!.posted + run!.voided).toBeGreaterThanOrEqual(50);
    const { realm_id: realmId } = await database.db.selectFrom('qbo_connections').select('realm_id').executeTakeFirstOrThrow();
    expect(sim.counters(realmId).writes).toBeGreaterThan(0);

    worker.proc.kill('SIGTERM');
    expect((await worker.exited).code, worker.output()).toBe(0);

    // With no worker running, `tillbooks sync` joins the queue itself for its run.
    const more = [...generateDemoTickets({ seed: 4, locations: [{ id: 'store-1', timeZone: 'America/Denver' }], dates: ['2026-11-22'], ticketsPerDay: 10 })]
      .map((t) => ({ ...t, id: `late-${t.id}` }));
    expect((await api('/api/v1/tickets', { method: 'POST', body: more })).status).toBe(200);
    expect(await cli('sync', '--location', 'store-1', '--now', '--no-progress')).toMatch(/run \d+ finished: \d+ posted/);
    const pending = await database.db.selectFrom('tickets').select('ticket_id').where('sync_state', 'in', ['pending', 'posting']).execute();
    expect(pending).toEqual([]);

    web.proc.kill('SIGTERM');
    expect((await web.exited).code, web.output()).toBe(0);
  });
});
