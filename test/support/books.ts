/**
 * What QuickBooks holds against what the tickets' facts name: the exactly-once check of the
 * sync tests. Equal lists mean no document twice and none missing.
 */
import { TENANT } from './sync-world.js';
import type { SyncWorld } from './sync-world.js';

type Facts = { invoice: { id: string } | null; refundReceipt: { id: string } | null; payments: { id: string }[] } | null;

/** The Invoices, Payments and Refund Receipts in the company, and those the tickets' facts name, each as "Entity Id", sorted. */
export async function booksAndFacts(world: SyncWorld, realmId: string): Promise<{ inBooks: string[]; named: string[] }> {
  const inBooks = ['Invoice', 'Payment', 'RefundReceipt'].flatMap((e) => world.sim.documents(realmId, e).map((d) => `${e} ${String(d.Id)}`)).sort();
  const rows = await world.database.db.selectFrom('tickets').select('qbo_docs').where('tenant_id', '=', TENANT).execute();
  const named = rows.flatMap((r) => {
    const d = r.qbo_docs as Facts;
    if (!d) return [];
    return [...(d.invoice ? [`Invoice ${d.invoice.id}`] : []), ...(d.refundReceipt ? [`RefundReceipt ${d.refundReceipt.id}`] : []), ...d.payments.map((p) => `Payment ${p.id}`)];
  }).sort();
  return { inBooks, named };
}
