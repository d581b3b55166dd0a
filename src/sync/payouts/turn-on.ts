/**
 * Turning payouts on for a processor (mapping.md; issue 15 item 2): its card payments must sit
 * in a clearing account of their own, so turning payouts on sets that account up ("Card
 * clearing - <processor>", Other Current Asset: found by name, else created), and a "Merchant
 * fees" expense account when no fees account is mapped, then saves the processor's target
 * with the date its card tenders go to the clearing account from. The mapping is saved through
 * the MappingService, so it is checked against the company's records like any other save.
 */
import { posNameKey } from '../../domain/account-mapping.js';
import type { ProcessorTarget, QboRef } from '../../domain/account-mapping.js';
import { DATE_RANGE_TEXT, isDateInRange } from '../../domain/business-date.js';
import { getMapping } from '../../store/account-mappings.js';
import { getConnection } from '../../store/qbo-connections.js';
import { clientFor } from '../deps.js';
import type { SyncDeps } from '../deps.js';
import { ServiceError, notFound } from '../errors.js';
import { rememberRecord } from '../mapping/company-lists.js';
import { makeMappingService } from '../mapping/service.js';
import { findOrCreate, makeFindContext } from '../setup/find-or-create.js';
import type { FindContext } from '../setup/find-or-create.js';

export interface TurnOnRequest {
  processor: string;
  /** Card tenders from this business date on go to the clearing account (earlier ones stay where they were). */
  from: string;
  /** Where the payouts arrive; required unless the processor is mapped already. */
  bank?: QboRef;
  fees?: QboRef;
  adjustments?: QboRef;
  by: string | null;
}

export interface TurnOnResult {
  processor: string;
  target: ProcessorTarget;
  revision: number;
  /** Accounts found or made in QuickBooks for it ("clearing", "fees"). */
  setUp: string[];
}

export const clearingAccountName = (processor: string): string => `Card clearing - ${processor}`.slice(0, 100);
export const FEES_ACCOUNT_NAME = 'Merchant fees';

export async function turnOnPayouts(deps: SyncDeps, tenantId: string, connectionId: number, req: TurnOnRequest): Promise<TurnOnResult> {
  const db = deps.database.db;
  const connection = await getConnection(db, tenantId, connectionId);
  if (!connection) throw notFound(`connection ${connectionId}`);
  const processor = req.processor.trim();
  const bad = [
    ...(processor.length === 0 || processor.length > 64 ? [{ path: 'processor', value: req.processor, message: 'must be 1 to 64 characters' }] : []),
    ...(isDateInRange(req.from) ? [] : [{ path: 'from', value: req.from, message: `must be a date YYYY-MM-DD from ${DATE_RANGE_TEXT}` }]),
  ];
  const stored = await getMapping(db, tenantId, connectionId);
  const name = Object.keys(stored.mapping.processors).find((n) => posNameKey(n) === posNameKey(processor)) ?? processor;
  const current = stored.mapping.processors[name];
  const bank = req.bank ?? current?.bank;
  if (!bank) bad.push({ path: 'bank', value: '', message: `name the bank account ${processor}'s payouts arrive in` });
  if (bad.length > 0) throw new ServiceError('INVALID', `payouts cannot be turned on: ${bad.map((e) => `${e.path} ${e.message}`).join('; ')}`, bad);

  const find = makeFindContext(clientFor(deps, connection), { records: [], notes: [] });
  const setUp: string[] = [];
  const clearing = current?.clearing ?? await account(find, clearingAccountName(name), 'Other Current Asset', 'OtherCurrentAssets');
  if (!current?.clearing) setUp.push('clearing');
  const fees = req.fees ?? current?.fees ?? await account(find, FEES_ACCOUNT_NAME, 'Expense', 'BankCharges');
  if (!req.fees && !current?.fees) setUp.push('fees');
  for (const made of [clearing, fees]) {
    await rememberRecord(db, connectionId, 'accounts', { ...made, type: made === clearing ? 'Other Current Asset' : 'Expense', active: true });
  }
  const adjustments = req.adjustments ?? current?.adjustments;
  const target: ProcessorTarget = { bank: bank!, clearing, fees, ...(adjustments && { adjustments }), from: req.from };
  const mapping = { ...stored.mapping, processors: { ...stored.mapping.processors, [name]: target } };
  const saved = await makeMappingService(deps).saveMapping(tenantId, connectionId, mapping, { expectedRevision: stored.revision, by: req.by });
  if (!saved.ok) throw new ServiceError('INVALID', `the mapping refused payouts for ${name}: ${saved.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, saved.errors);
  return { processor: name, target, revision: saved.revision, setUp };
}

async function account(find: FindContext, name: string, type: string, subtype: string): Promise<QboRef> {
  const id = await findOrCreate(find, {
    record: name, entity: 'Account', names: [name], sameKind: (r) => r.AccountType === type,
    create: (n) => ({ Name: n, AccountType: type, AccountSubType: subtype }),
  });
  const made = (await find.list('Account')).find((r) => r.Id === id);
  return { id, name: String(made?.Name ?? name) };
}
