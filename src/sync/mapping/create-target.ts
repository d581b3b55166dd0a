/**
 * "Create for me": a record in QuickBooks for a POS name, of the kind its role needs (an income
 * account for a category, a liability for gift card sales, a Class for a store...). Found by
 * name first, as Initialize does (posting-rules §1): a record of the right kind holding the
 * name is used (made active again if it was not); one of another kind sends us to "<name> (POS)".
 */
import { randomUUID } from 'node:crypto';
import { SPECIALS } from '../../domain/account-mapping.js';
import type { QboRef, Special, TargetRole } from '../../domain/account-mapping.js';
import { isQboError } from '../../qbo/index.js';
import type { QboClient, QboEntity } from '../../qbo/index.js';
import { ServiceError } from '../errors.js';
import { findOrCreate, makeFindContext } from '../setup/find-or-create.js';
import type { ActiveRecord } from '../setup/find-or-create.js';
import { METHOD_NAME_MAX, cutName } from '../setup/setup-records.js';
import type { ListName } from './company-lists.js';
import type { CompanyRecord } from './types.js';
import { SPECIAL_TITLES } from './slots.js';

export interface CreateRequest {
  role: TargetRole;
  posName: string;
  what?: 'account' | 'class' | 'department';
}

interface AccountKind { type: string; subtype: string }

const LIABILITY: AccountKind = { type: 'Other Current Liability', subtype: 'OtherCurrentLiabilities' };
const ACCOUNT_FOR: Partial<Record<TargetRole, AccountKind>> = {
  category: { type: 'Income', subtype: 'SalesOfProductIncome' },
  tax: { type: 'Other Current Liability', subtype: 'SalesTaxPayable' },
  discount: { type: 'Income', subtype: 'DiscountsRefundsGiven' },
  drawer: { type: 'Expense', subtype: 'OtherMiscellaneousServiceCost' },
};
/** Names for the specials' accounts, as an accountant would call them. */
const SPECIAL_ACCOUNTS: Record<Special, { name: string; kind: AccountKind }> = {
  tips: { name: 'Tips payable', kind: LIABILITY },
  rewardPoints: { name: 'Reward points', kind: { type: 'Income', subtype: 'DiscountsRefundsGiven' } },
  customerBalance: { name: 'Customer balances', kind: LIABILITY },
  giftCardSales: { name: 'Gift Card Liability', kind: LIABILITY },
};

/** What gets made, and in which list it lands. */
export async function createTarget(client: QboClient, req: CreateRequest): Promise<{ ref: QboRef; list: ListName; record: CompanyRecord }> {
  const posName = req.posName.trim();
  if (!posName) throw invalid('posName', req.posName, 'name the POS name to create a record for');
  if (req.role !== 'location' && req.what !== undefined && req.what !== 'account') throw invalid('what', req.what, 'a class or location is made for a location (role "location")');
  if (req.role === 'location') {
    const entity = req.what === 'department' ? 'Department' : 'Class';
    const r = await classOrDepartment(client, entity, cutName(posName, 100));
    return { ref: { id: r.Id, name: String(r.Name) }, list: entity === 'Class' ? 'classes' : 'departments', record: { id: r.Id, name: String(r.Name), type: entity, active: true } };
  }
  if (req.role === 'method') {
    const label = posName.startsWith('label:') ? posName.slice(6) : posName;
    const name = cutName(label, METHOD_NAME_MAX);
    const id = await findOrCreate(makeFindContext(client, { records: [], notes: [] }), {
      record: `Tender: ${label}`, entity: 'PaymentMethod', names: [name], sameKind: () => true,
      create: (n) => ({ Name: n, Type: 'NON_CREDIT_CARD' }),
    });
    return { ref: { id, name }, list: 'paymentMethods', record: { id, name, type: 'PaymentMethod', active: true } };
  }
  const special = req.role === 'special' ? SPECIALS.find((s) => s === posName || SPECIAL_TITLES[s].toLowerCase() === posName.toLowerCase()) : undefined;
  if (req.role === 'special' && !special) throw invalid('posName', posName, `one of ${SPECIALS.join(', ')}`);
  const kind = special ? SPECIAL_ACCOUNTS[special].kind : ACCOUNT_FOR[req.role];
  if (!kind) throw invalid('role', req.role, 'a processor\'s bank, clearing and fees accounts are picked from the company\'s own');
  const wanted = cutName(special ? SPECIAL_ACCOUNTS[special].name : posName, 100);
  const ctx = makeFindContext(client, { records: [], notes: [] });
  const id = await findOrCreate(ctx, {
    record: posName, entity: 'Account', names: [wanted], sameKind: (r) => r.AccountType === kind.type,
    create: (n) => ({ Name: n, AccountType: kind.type, AccountSubType: kind.subtype }),
  });
  const name = String((await ctx.list('Account')).find((r) => r.Id === id)?.Name ?? wanted);
  return { ref: { id, name }, list: 'accounts', record: { id, name, type: kind.type, subtype: kind.subtype, active: true } };
}

/** Class and Department names are theirs alone: found (made active again) or created. */
async function classOrDepartment(client: QboClient, entity: 'Class' | 'Department', name: string): Promise<ActiveRecord> {
  const found = await client.findByName<ActiveRecord>(entity, name, { includeInactive: true });
  const key = `mapping:${entity}:${name}:${randomUUID()}`;
  if (found && found.Active === false) return client.sparseUpdate<ActiveRecord>(entity, { Id: found.Id, SyncToken: found.SyncToken, Active: true }, { key });
  if (found) return found;
  try {
    return await client.create<ActiveRecord & QboEntity>(entity, { Name: name }, { key });
  } catch (err) {
    // Made meanwhile by someone else (6240: the name is taken): theirs is ours.
    const again = isQboError(err) && err.qboCode === '6240' ? await client.findByName<ActiveRecord>(entity, name, { includeInactive: true }) : null;
    if (again) return again;
    throw err;
  }
}

function invalid(path: string, value: string, message: string): ServiceError {
  return new ServiceError('INVALID', `${path} "${value}": ${message}`, [{ path, value, message }]);
}
