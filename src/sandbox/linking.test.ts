/**
 * Invoice balances and LinkedTxn follow their payments through every kind of payment write,
 * now that the payments of an invoice are found through an index instead of a scan: a payment
 * moved to another invoice, voided, deleted, and a company restored from the state file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from './server.js';
import { clientFor, itemLine, salesSetup, startHarness } from './test-support/harness.js';
import type { CompanyClient, Harness, SalesSetup } from './test-support/harness.js';

let h: Harness;
let s: SalesSetup;
beforeAll(async () => {
  h = await startHarness({ limits: { enabled: false } });
  s = await salesSetup(h);
});
afterAll(async () => { await h.close(); });

async function invoice(c: CompanyClient, setup: SalesSetup, amount: number): Promise<string> {
  return (await c.create('Invoice', { CustomerRef: { value: setup.customerId }, Line: [itemLine(setup.itemId, amount)] })).body.Invoice.Id;
}

async function pay(c: CompanyClient, setup: SalesSetup, invoiceId: string, amount: number): Promise<{ Id: string; SyncToken: string }> {
  return (await c.create('Payment', { CustomerRef: { value: setup.customerId }, TotalAmt: amount,
    Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }] })).body.Payment;
}

async function state(c: CompanyClient, invoiceId: string): Promise<{ balance: number; linked: string[] }> {
  const inv = (await c.read('Invoice', invoiceId)).body.Invoice;
  return { balance: inv.Balance, linked: (inv.LinkedTxn ?? []).map((l: { TxnId: string }) => l.TxnId) };
}

describe('payments applied to invoices', () => {
  it('follow a payment moved to another invoice, voided and deleted', async () => {
    const a = await invoice(h, s, 50);
    const b = await invoice(h, s, 30);
    const p1 = await pay(h, s, a, 20);
    const p2 = await pay(h, s, a, 10);
    expect(await state(h, a)).toEqual({ balance: 20, linked: [p1.Id, p2.Id] });

    const moved = await h.update('Payment', { ...p1, sparse: true, Line: [{ Amount: 20, LinkedTxn: [{ TxnId: b, TxnType: 'Invoice' }] }] });
    expect(moved.status).toBe(200);
    expect(await state(h, a)).toEqual({ balance: 40, linked: [p2.Id] });
    expect(await state(h, b)).toEqual({ balance: 10, linked: [p1.Id] });

    const voided = await h.call('POST', 'payment', { ...p2, sparse: true }, { query: { operation: 'update', include: 'void' } });
    expect(voided.status).toBe(200);
    expect(await state(h, a)).toEqual({ balance: 50, linked: [] });

    const current = (await h.read('Payment', p1.Id)).body.Payment;
    const deleted = await h.call('POST', 'payment', { Id: current.Id, SyncToken: current.SyncToken }, { query: { operation: 'delete' } });
    expect(deleted.status).toBe(200);
    expect(await state(h, b)).toEqual({ balance: 30, linked: [] });
  });

  it('are found again after a restart from the state file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sim-linking-'));
    const stateFile = path.join(dir, 'state.json');
    try {
      const first = await startSimulator({ limits: { enabled: false }, stateFile });
      const { realmId } = first.createCompany({ name: 'Restart Café' });
      const c1 = clientFor(first, realmId, first.issueTokens(realmId).access_token);
      const setup = await salesSetup(c1);
      const inv = await invoice(c1, setup, 40);
      const p = await pay(c1, setup, inv, 15);
      await first.close();

      const second = await startSimulator({ limits: { enabled: false }, stateFile });
      try {
        const c2 = clientFor(second, realmId, second.issueTokens(realmId).access_token);
        const q = await pay(c2, setup, inv, 5);
        expect(await state(c2, inv)).toEqual({ balance: 20, linked: [p.Id, q.Id] });
        // Applying beyond the open balance is still refused: the restored payment counts.
        expect((await c2.create('Payment', { CustomerRef: { value: setup.customerId }, TotalAmt: 25,
          Line: [{ Amount: 25, LinkedTxn: [{ TxnId: inv, TxnType: 'Invoice' }] }] })).status).toBe(400);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
