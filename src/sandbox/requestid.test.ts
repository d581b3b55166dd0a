/**
 * Issue item 7 and the acceptance "reset after commit": the same requestid on the same company
 * replays the original answer without writing again.
 */
import { describe, expect, it } from 'vitest';
import { faultOf, itemLine, salesSetup, useHarness } from './test-support/harness.js';

const t = useHarness({ sales: true });

const invoice = () => ({ CustomerRef: { value: t.s.customerId }, Line: [itemLine(t.s.itemId, 12.34)], PrivateNote: 'POS main/1001 v1' });
const invoicesOf = (realmId: string) => t.h.sim.documents(realmId, 'Invoice').filter((d) => d.PrivateNote === 'POS main/1001 v1');

describe('requestid', () => {
  it('replays the original response byte for byte and does not write twice', async () => {
    const c = t.h.company();
    const cs = await salesSetup(c);
    const body = { CustomerRef: { value: cs.customerId }, Line: [itemLine(cs.itemId, 12.34)], PrivateNote: 'POS main/1001 v1' };
    const first = await c.create('Invoice', body, { requestid: 'rid-1' });
    const again = await c.create('Invoice', { ...body, PrivateNote: 'different body' }, { requestid: 'rid-1' });
    expect(again.text).toBe(first.text);
    expect(invoicesOf(c.realmId)).toHaveLength(1);
    expect(t.h.sim.counters(c.realmId)).toMatchObject({ replays: 1, writes: 3, writesWithoutRequestId: 1 });
  });

  it('replays error answers too', async () => {
    const bad = await t.h.create('Invoice', { ...invoice(), Line: [] }, { requestid: 'rid-error' });
    const again = await t.h.create('Invoice', invoice(), { requestid: 'rid-error' });
    expect(again.status).toBe(400);
    expect(again.text).toBe(bad.text);
  });

  it('is per company', async () => {
    const other = t.h.company();
    const os = await salesSetup(other);
    await t.h.create('Invoice', invoice(), { requestid: 'shared-id' });
    const res = await other.create('Invoice', { CustomerRef: { value: os.customerId }, Line: [itemLine(os.itemId, 1)] }, { requestid: 'shared-id' });
    expect(res.body.Invoice.TotalAmt).toBe(1);
  });

  it('refuses a requestid over 50 characters', async () => {
    expect(faultOf(await t.h.create('Invoice', invoice(), { requestid: 'r'.repeat(51) }))).toMatchObject({ status: 400, code: '2050' });
    expect((await t.h.create('Invoice', invoice(), { requestid: 'r'.repeat(50) })).status).toBe(200);
  });
});

describe('connection reset after the write commits', () => {
  it('stores the document, and the retry with the same requestid returns it without a second document', async () => {
    const c = t.h.company();
    const cs = await salesSetup(c);
    const body = { CustomerRef: { value: cs.customerId }, Line: [itemLine(cs.itemId, 12.34)], PrivateNote: 'POS main/1001 v1' };
    t.h.sim.setFaults(c.realmId, { resetAfterCommitRate: 1 });
    await expect(c.create('Invoice', body, { requestid: 'after-commit' })).rejects.toThrow();
    expect(invoicesOf(c.realmId)).toHaveLength(1);
    t.h.sim.clearFaults(c.realmId);
    const retry = await c.create('Invoice', body, { requestid: 'after-commit' });
    expect(retry.status).toBe(200);
    expect(retry.body.Invoice.Id).toBe(invoicesOf(c.realmId)[0]?.Id);
    expect(invoicesOf(c.realmId)).toHaveLength(1);
    expect(t.h.sim.counters(c.realmId)).toMatchObject({ resets: 1, replays: 1 });
  });

  it('a reset before the write stores nothing, so the retry writes once', async () => {
    const c = t.h.company();
    const cs = await salesSetup(c);
    const body = { CustomerRef: { value: cs.customerId }, Line: [itemLine(cs.itemId, 12.34)], PrivateNote: 'POS main/1001 v1' };
    t.h.sim.setFaults(c.realmId, { resetBeforeWriteRate: 1 });
    await expect(c.create('Invoice', body, { requestid: 'before-write' })).rejects.toThrow();
    expect(invoicesOf(c.realmId)).toHaveLength(0);
    t.h.sim.clearFaults(c.realmId);
    expect((await c.create('Invoice', body, { requestid: 'before-write' })).status).toBe(200);
    expect(invoicesOf(c.realmId)).toHaveLength(1);
    expect(t.h.sim.counters(c.realmId).replays).toBe(0);
  });
});

describe('a retry while the original is still being handled', () => {
  it('gets 600 and does not write twice', async () => {
    const c = t.h.company();
    const cs = await salesSetup(c);
    t.h.sim.setFaults(c.realmId, { latencyMs: 500 });
    const body = { CustomerRef: { value: cs.customerId }, Line: [itemLine(cs.itemId, 5)] };
    const writesBefore = t.h.sim.counters(c.realmId).writes;
    const first = c.create('Invoice', body, { requestid: 'in-flight' });
    // Wait until the simulator holds the first request (it is then inside its 500 ms of latency).
    while (t.h.sim.counters(c.realmId).writes === writesBefore) await new Promise((r) => setImmediate(r));
    const second = await c.create('Invoice', body, { requestid: 'in-flight' });
    expect(faultOf(second)).toMatchObject({ status: 400, code: '600' });
    expect((await first).status).toBe(200);
    expect(t.h.sim.documents(c.realmId, 'Invoice')).toHaveLength(1);
  });
});
