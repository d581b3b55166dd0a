/**
 * Backfill in the back office (issue 16, Build 5): the run a backfill queues shows on the
 * QuickBooks page with its progress and the estimate from the company's limits (tickets and
 * documents left, requests and batches a minute), the run's JSON carries the same estimate for
 * the page's script, and once executed the run has posted everything from the start date and
 * nothing before it.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeTickets } from '../../intake/take-tickets.js';
import { runInForeground } from '../../jobs/index.js';
import { getLocation } from '../../store/locations.js';
import { OWNER_PASSWORD, connectThroughConsent, signedIn, startWorld } from '../test-support/world.js';
import type { Agent, World } from '../test-support/world.js';

describe('backfill on the QuickBooks page', () => {
  let w: World;
  let owner: Agent;

  beforeAll(async () => {
    // No worker in this process: the queued run waits until the test executes it.
    w = await startWorld({ TILLBOOKS_WORKER: 'false' });
    owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    await connectThroughConsent(owner, 'denver-1', { newName: 'Backfill Co' });
    const old = DateTime.fromISO(w.demoDate).minus({ days: 30 }).toISODate()!;
    const ticket = { id: 'OLD-1', locationId: 'denver-1', version: 1, status: 'closed', closedAt: `${old}T12:00:00-07:00`,
      lines: [{ kind: 'service', name: 'Old haircut', quantity: '1', unitPrice: '40.00' }], payments: [{ method: 'cash', amount: '40.00' }], total: '40.00' };
    await takeTickets(w.t.database.db, 'default', [{ raw: JSON.stringify(ticket), ref: 0 }]);
  });
  afterAll(async () => w.stop());

  it('shows the run with its estimate, then the run posts everything from the start date', async () => {
    const started = await w.t.sync.backfill('default', { locationIds: ['denver-1'], from: w.demoDate });
    expect(started.waiting).toEqual([]);
    const runId = started.runs[0]!.runId;
    expect((await getLocation(w.t.database.db, 'default', 'denver-1'))!.syncStartDate).toBe(w.demoDate);

    const json = await owner.get(`/api/v1/runs/${runId}`);
    const { eta } = (JSON.parse(json.body) as { run: { eta: { tickets: number; documents: number; words: string; perMinute: number } } }).run;
    // The demo tickets from the start date on (the older one is before it); a sale is its invoice and a payment per method.
    const all = await w.t.database.db.selectFrom('tickets').select(['ticket_id', 'business_date', 'sync_state']).where('location_id', '=', 'denver-1').execute();
    const due = all.filter((t) => t.business_date >= w.demoDate && t.sync_state === 'pending').length;
    expect(all.filter((t) => t.business_date < w.demoDate).map((t) => t.ticket_id)).toEqual(['OLD-1']);
    expect(eta).toMatchObject({ tickets: due, perMinute: 500, batchPerMinute: 40 });
    expect(eta.documents).toBeGreaterThan(due);
    expect(eta.words).toBe('less than a minute left');

    const page = await owner.get(`/quickbooks?location=denver-1&run=${runId}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<progress id="run-bar"`);
    expect(page.body).toContain('<strong data-run-eta>less than a minute left</strong>');
    expect(page.body).toContain(`(${due} tickets, about ${eta.documents} documents to write; QuickBooks takes 500 requests and 40 batches a minute from this company)`);

    const run = await runInForeground(w.t.syncDeps, 'default', runId, { leaseMs: 60_000 });
    expect(run).toMatchObject({ status: 'finished', posted: due, skipped: 0, pending: 0 });
    const states = await w.t.sync.ticketStates('default', [{ locationId: 'denver-1', ticketId: 'OLD-1' }]);
    expect(states[0]!.state).toBe('pending');
    const after = await w.t.sync.run('default', runId);
    expect(after!.eta).toBeUndefined();
    const done = await owner.get(`/quickbooks?location=denver-1&run=${runId}`);
    expect(done.body).not.toContain('data-run-eta');
  });
});
