/**
 * A ticket that still fails on a missing or inactive record after Initialize ran again may be
 * failing on a record the accountant mapped it to (an account made inactive, a class deleted):
 * Initialize cannot fix that, and posting it elsewhere would be wrong. Those records are read
 * from QuickBooks (only then: reads are metered) and each ticket that names one waits, saying
 * which and what to do (docs/mapping.md).
 */
import { methodKey, posNameKey } from '../../domain/account-mapping.js';
import type { QboRef } from '../../domain/account-mapping.js';
import { categoryName } from '../../mapping/index.js';
import type { CompiledRules } from '../../mapping/index.js';
import { queryLiteral, rowsOf } from '../../qbo/index.js';
import type { QboClient, QboEntity } from '../../qbo/index.js';
import type { Ticket } from '../../domain/ticket.js';

type Entity = 'Account' | 'Item' | 'Class' | 'Department' | 'PaymentMethod';

interface Named { entity: Entity; ref: QboRef; posName: string }

/** The records the mapping sends this ticket to. */
export function mappedRecords(ticket: Ticket, rules: CompiledRules): Named[] {
  const out: Named[] = [];
  const account = (ref: QboRef | undefined, posName: string) => ref && out.push({ entity: 'Account', ref, posName });
  for (const line of ticket.lines) {
    const name = categoryName(line.category);
    const c = rules.categories.get(posNameKey(name));
    account(c?.account, name);
    if (c?.item) out.push({ entity: 'Item', ref: c.item, posName: name });
    for (const d of line.discounts) account(rules.discounts.get(posNameKey(d.name))?.account, d.name);
  }
  for (const d of ticket.discounts) account(rules.discounts.get(posNameKey(d.name))?.account, d.name);
  for (const t of ticket.taxes) {
    const x = rules.taxes.get(posNameKey(t.name));
    account(x?.account, t.name);
    if (x?.item) out.push({ entity: 'Item', ref: x.item, posName: t.name });
  }
  for (const [s, target] of Object.entries(rules.specials)) account(target?.account, s);
  for (const p of ticket.payments) {
    const m = rules.methods.get(methodKey(p)) ?? rules.methods.get(p.method);
    account(m?.depositAccount, p.label ?? p.method);
    if (m?.paymentMethod) out.push({ entity: 'PaymentMethod', ref: m.paymentMethod, posName: p.label ?? p.method });
  }
  if (rules.classRef) out.push({ entity: 'Class', ref: rules.classRef, posName: ticket.locationId });
  if (rules.departmentRef) out.push({ entity: 'Department', ref: rules.departmentRef, posName: ticket.locationId });
  return out;
}

/** Of these records, the ones QuickBooks no longer holds active, with why. */
export async function unusableRecords(client: QboClient, records: readonly Named[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byEntity = new Map<Entity, Set<string>>();
  for (const r of records) byEntity.set(r.entity, (byEntity.get(r.entity) ?? new Set()).add(r.ref.id));
  for (const [entity, ids] of byEntity) {
    const list = [...ids].map(queryLiteral).join(', ');
    const rows = rowsOf<QboEntity & { Id: string; Active?: boolean }>(await client.query(`SELECT * FROM ${entity} WHERE Id IN (${list}) AND Active IN (true, false)`), entity);
    const found = new Map(rows.map((r) => [r.Id, r]));
    for (const id of ids) {
      const row = found.get(id);
      if (!row) out.set(`${entity}:${id}`, 'no longer exists');
      else if (row.Active === false) out.set(`${entity}:${id}`, 'is inactive');
    }
  }
  return out;
}

/** Why a ticket waits: the first of its mapped records that cannot be used, in words. */
export function blockedReason(records: readonly Named[], unusable: Map<string, string>): string | null {
  for (const r of records) {
    const why = unusable.get(`${r.entity}:${r.ref.id}`);
    if (why) return `the ${entity(r.entity)} "${r.ref.name}" ${why} in QuickBooks (mapped for "${r.posName}"): make it active again, or map "${r.posName}" elsewhere on the Mapping page`;
  }
  return null;
}

function entity(e: Entity): string {
  return e === 'PaymentMethod' ? 'payment method' : e === 'Department' ? 'location' : e.toLowerCase();
}
