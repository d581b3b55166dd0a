/**
 * Issue 16: an undo killed with SIGKILL mid-way (twice, while the simulator drops some
 * answers after committing the write) and resumed by a new process leaves each document of the
 * range voided or deleted exactly once: none live, none voided twice (QuickBooks refuses a second
 * void, which would leave its ticket skipped), each retired once in its ticket's facts.
 * Needs the PostgreSQL server (TEST_DATABASE_URL), as the run kill test does.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../../src/cli/consent-client.js';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { readDocs } from '../../src/domain/ticket-docs.js';
import { takeTickets } from '../../src/intake/take-tickets.js';
import { startSimulator } from '../../src/sandbox/index.js';
import type { Simulator } from '../../src/sandbox/index.js';
import type { Database } from '../../src/store/index.js';
import { upsertLocation } from '../../src/store/locations.js';
import { claimRun } from '../../src/store/runs.js';
import { ensureTenant } from '../../src/store/tenants.js';
import type { SyncDeps } from '../../src/sync/deps.js';
import { executeRun } from '../../src/sync/engine/run.js';
import { makeSyncService } from '../../src/sync/service/service.js';
import { startSyncChild, syncChildEnv } from '../support/child-process.js';
import { simulatorSyncDeps } from '../support/simulator-deps.js';
import { closeTestDatabase, openServerTestDatabase, TEST_DATABASE_URL } from '../support/stores.js';

const TENANT = 'undo-kill';
const DAYS = ['2026-11-21', '2026-11-22', '2026-11-23'];
const KILLS = 2;

describe.skipIf(!TEST_DATABASE_URL)('an undo killed mid-way and resumed (needs TEST_DATABASE_URL)', () => {
  let sim: Simulator;
  let database: Database;
  let childEnv: Record<string, string>;
  let deps: SyncDeps;

  beforeAll(async () => {
    sim = await startSimulator({ limits: { enabled: false } });
    database = (await openServerTestDatabase())!;
    const key = randomBytes(32);
    deps = simulatorSyncDeps(database, sim, key);
    childEnv = syncChildEnv(database, sim, key, { CHILD_PAGE_SIZE: '15' });
  });
  afterAll(async () => {
    await sim?.close();
    if (database) await closeTestDatabase(database);
  });

  it('voids or deletes each document of the range exactly once', { timeout: 120_000 }, async () => {
    await ensureTenant(database.db, { id: TENANT, name: 'Undo kill test' });
    await upsertLocation(database.db, TENANT, { id: 'denver-1', name: 'Denver', timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null });
    const sync = makeSyncService(deps);
    const { url, binding } = await sync.startConnect(TENANT, { locationId: 'denver-1' });
    const { connection } = await sync.completeConnect(await approveConsent(url, { newCompany: 'Undo Kill Café' }), { tenantId: TENANT, binding });
    const tickets = [...generateDemoTickets({ seed: 17, locations: [{ id: 'denver-1', timeZone: 'America/Denver' }], dates: DAYS, ticketsPerDay: 25 })];
    await takeTickets(database.db, TENANT, tickets.map((t, i) => ({ raw: JSON.stringify(t), ref: i })));
    await sync.syncNow(TENANT, { connectionId: connection.id });
    for (let run = await claimRun(database.db, 'test'); run; run = await claimRun(database.db, 'test')) await executeRun(deps, run);
    const posted = liveDocs(sim, connection.realmId);
    expect(posted.size).toBeGreaterThan(60);

    const asked = await sync.repair.undo(TENANT, { connectionId: connection.id, from: DAYS[0]!, to: DAYS[2]!, confirm: 'Undo Kill Café' }, { actor: 'test', via: 'cli' });
    expect(asked.documents).toBe(posted.size);
    sim.setFaults('*', { resetAfterCommitRate: 0.1, latencyMs: 10, latencyJitterMs: 20 });
    const job = () => database.db.selectFrom('undo_jobs').select(['status', 'documents_done']).where('id', '=', asked.jobId).executeTakeFirstOrThrow();
    const progress: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const before = (await job()).documents_done;
      const child = startSyncChild(childEnv);
      await child.ready;
      for (const until = Date.now() + 5000; Date.now() < until && (await job()).documents_done === before;) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50 + kill * 60));
      child.proc.kill('SIGKILL');
      await child.exited;
      const now = await job();
      progress.push(`${now.status} ${now.documents_done}`);
    }
    // The kills landed while the undo was under way.
    expect(progress[0]!.startsWith('open')).toBe(true);
    const last = await startSyncChild(childEnv).exited;
    expect(last.code, last.output).toBe(0);
    sim.clearFaults('*');

    expect(await job(), progress.join(', ')).toMatchObject({ status: 'finished' });
    expect(liveDocs(sim, connection.realmId).size).toBe(0);
    // Voided once: QuickBooks refuses a second void (the ticket would be skipped) and never prefixes the note twice.
    const voided = ['Invoice', 'Payment'].flatMap((e) => sim.documents(connection.realmId, e)).map((d) => String(d.PrivateNote ?? ''));
    expect(voided.filter((n) => n.startsWith('Voided - Voided'))).toEqual([]);
    const rows = await database.db.selectFrom('tickets').select(['sync_state', 'posted_version', 'qbo_docs']).where('tenant_id', '=', TENANT).execute();
    expect(rows.filter((r) => r.sync_state === 'skipped' || r.posted_version !== null)).toEqual([]);
    const retired = rows.flatMap((r) => readDocs(r.qbo_docs).retired).map((d) => `${d.entity} ${d.id}`);
    expect(retired.filter((d) => posted.has(d)).sort()).toEqual([...posted].sort());
    console.log(`undo kill test: ${posted.size} documents; after each kill: ${progress.join(', ')}; simulator resets ${sim.counters(connection.realmId).resets}`);
  });
});

/** Invoices, payments and refund receipts that are live in the simulator (voided ones are kept there, deleted ones are gone). */
function liveDocs(sim: Simulator, realmId: string): Set<string> {
  return new Set(['Invoice', 'Payment', 'RefundReceipt'].flatMap((entity) => sim.documents(realmId, entity)
    .filter((d) => !String(d.PrivateNote ?? '').startsWith('Voided')).map((d) => `${entity} ${String(d.Id)}`)));
}
