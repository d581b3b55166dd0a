/**
 * The customer a document names (Guest Customer for line-by-line, POS Customer for a summary
 * day), found by DisplayName (inactive ones too, made active again) or created. Customer,
 * Vendor and Employee share one name list: a name a vendor holds gets the " (POS)" suffix.
 */
import { isQboError, rowsOf } from '../../qbo/index.js';
import { use } from './find-or-create.js';
import type { ActiveRecord, FindContext } from './find-or-create.js';
import { NAME_SUFFIX } from './setup-records.js';

export async function findOrCreateCustomer(ctx: FindContext, customer: string): Promise<string> {
  for (const name of [customer, `${customer}${NAME_SUFFIX}`]) {
    const rows = rowsOf<ActiveRecord>(await ctx.client.query(
      `SELECT * FROM Customer WHERE DisplayName = '${name.replace(/'/g, "\\'")}' AND Active IN (true, false)`), 'Customer');
    if (rows[0]) return use(ctx, { record: customer, entity: 'Customer' }, rows[0]);
    try {
      const created = await ctx.client.create<ActiveRecord>('Customer', { DisplayName: name }, { key: `init:${ctx.nonce}:Customer:${name}` });
      ctx.records.push({ record: customer, entity: 'Customer', name, id: created.Id, action: 'created' });
      return created.Id;
    } catch (err) {
      // 6240: a vendor or employee holds the name (Customer, Vendor and Employee share one).
      if (!(isQboError(err) && err.qboCode === '6240') || name !== customer) throw err;
      ctx.notes.push(`"${customer}" is already the name of a vendor or employee in QuickBooks; tillbooks uses "${customer}${NAME_SUFFIX}" instead.`);
    }
  }
  throw new Error('unreachable');
}
