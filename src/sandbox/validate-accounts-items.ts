/** Account and Item: the chart of accounts and the products and services sold. */
import { ACCOUNT_TYPES, typeOfSubtype } from './account-types.js';
import { prefs } from './company.js';
import type { Body, Stored } from './entity-store.js';
import { withoutSystemFields } from './entity-store.js';
import { fault } from './errors.js';
import { decimalToNumber } from './money.js';
import type { WriteContext } from './validate-common.js';
import {
  assertUniqueName, checkDate, checkLength, checkName, namedRef, optionalRef, readDecimal, requiredRef,
} from './validate-common.js';

const USD = { value: 'USD', name: 'United States Dollar' };

function accountType(input: Body): { type: string; subtype: string } {
  const type = input.AccountType as string | undefined;
  const subtype = input.AccountSubType as string | undefined;
  if (!type && !subtype) throw fault.accountTypeMissing();
  if (type && !ACCOUNT_TYPES[type]) throw fault.invalidEnum('AccountType', type);
  if (!subtype) return { type: type as string, subtype: ACCOUNT_TYPES[type as string]?.subtypes[0] ?? '' };
  const owner = typeOfSubtype(subtype);
  if (!owner) throw fault.invalidEnum('AccountSubType', subtype);
  // QuickBooks' code for a subtype of another type is UNCONFIRMED: 6000.
  if (type && type !== owner) throw fault.business(`AccountSubType ${subtype} does not belong to AccountType ${type}.`, 'AccountSubType');
  return { type: owner, subtype };
}

export function prepareAccount(ctx: WriteContext, input: Body, existing?: Stored): Body {
  const name = checkName(input.Name, 'Name');
  // A double quote is refused next to the colon in account names (RQB account.rb).
  if (name.includes('"')) throw fault.business('Name can not contain a double quote (").', 'Name');
  const { type, subtype } = accountType(input);
  if (existing && existing.body.AccountSubType === 'UndepositedFunds' && subtype !== 'UndepositedFunds') {
    throw fault.business('The type of the system account Undeposited Funds can not be changed.', 'AccountSubType');
  }
  const parent = optionalRef(ctx, input, 'ParentRef', 'Account');
  if (parent && parent.body.AccountType !== type) throw fault.business('A sub-account must have the same type as its parent.', 'ParentRef');
  const fullName = parent ? `${String(parent.body.FullyQualifiedName)}:${name}` : name;
  assertUniqueName(ctx, ['Account'], (b) => b.FullyQualifiedName, fullName, existing?.id, 'account');
  checkLength(input.Description, 'Description', 100);
  checkLength(input.AcctNum, 'AcctNum', 20);
  return {
    ...withoutSystemFields(input),
    Name: name, SubAccount: Boolean(parent), ...(parent ? { ParentRef: namedRef(parent) } : {}), FullyQualifiedName: fullName,
    Active: input.Active ?? true, Classification: ACCOUNT_TYPES[type]?.classification, AccountType: type, AccountSubType: subtype,
    CurrentBalance: existing?.body.CurrentBalance ?? 0, CurrentBalanceWithSubAccounts: existing?.body.CurrentBalanceWithSubAccounts ?? 0,
    CurrencyRef: USD,
  };
}

const ITEM_TYPES = ['Inventory', 'NonInventory', 'Service', 'Category', 'Assembly', 'Fixed Asset', 'Group', 'Other Charge',
  'Payment', 'Subtotal', 'Discount', 'Tax', 'Tax Group', 'Bundle'];
/** Only these can be created through the API (RQB item.rb; Intuit Item reference). */
const CREATABLE_ITEM_TYPES = ['Inventory', 'NonInventory', 'Service', 'Category'];

function itemType(input: Body, existing?: Stored): string {
  const type = input.Type;
  if (type === undefined) throw fault.required('Type');
  if (typeof type !== 'string' || !ITEM_TYPES.includes(type)) throw fault.invalidEnum('Type', String(type));
  // Intuit's code for a non-creatable type (e.g. Discount) is UNCONFIRMED: 6000.
  if (!CREATABLE_ITEM_TYPES.includes(type)) throw fault.business(`An item of type ${type} can not be created or changed through the API.`, 'Type');
  const before = existing?.body.Type;
  if (before !== undefined && before !== type && (before === 'Inventory' || type === 'Inventory' || before === 'Category' || type === 'Category')) {
    throw fault.business(`An item of type ${String(before)} can not become ${type}.`, 'Type');
  }
  return type;
}

function requireAccountType(record: Stored, element: string, allowed: string[]): void {
  if (!allowed.includes(String(record.body.AccountType))) {
    throw fault.business(`${element} must be an account of type ${allowed.join(' or ')}.`, element);
  }
}

/**
 * A Service or NonInventory item may post its sales to a balance-sheet account: tender items on
 * a clearing account or Undeposited Funds (Other Current Asset), gift card sales or tips on a
 * liability (Other Current Liability), as QuickBooks' item form allows. Other types (Bank,
 * Expense, Equity...) stay refused (UNCONFIRMED: the stricter reading); Inventory items sell to
 * income accounts only.
 */
const NON_STOCK_INCOME_TYPES = ['Income', 'Other Income', 'Other Current Liability', 'Other Current Asset'];

function itemAccounts(ctx: WriteContext, input: Body, type: string): Body {
  if (type === 'Category') return {};
  const income = requiredRef(ctx, input, 'IncomeAccountRef', 'Account');
  requireAccountType(income, 'IncomeAccountRef', type === 'Inventory' ? ['Income', 'Other Income'] : NON_STOCK_INCOME_TYPES);
  // Purchase information (a cost or a purchase description) makes the expense account required.
  const purchaseInfo = (typeof input.PurchaseCost === 'number' && input.PurchaseCost !== 0)
    || (typeof input.PurchaseDesc === 'string' && input.PurchaseDesc !== '');
  const expense = type === 'Inventory' || purchaseInfo
    ? requiredRef(ctx, input, 'ExpenseAccountRef', 'Account')
    : optionalRef(ctx, input, 'ExpenseAccountRef', 'Account');
  if (type === 'Inventory' && expense) requireAccountType(expense, 'ExpenseAccountRef', ['Cost of Goods Sold']);
  const asset = type === 'Inventory' ? requiredRef(ctx, input, 'AssetAccountRef', 'Account') : undefined;
  if (asset) requireAccountType(asset, 'AssetAccountRef', ['Other Current Asset']);
  return {
    IncomeAccountRef: namedRef(income),
    ...(expense ? { ExpenseAccountRef: namedRef(expense) } : {}),
    ...(asset ? { AssetAccountRef: namedRef(asset) } : {}),
  };
}

function inventoryFields(ctx: WriteContext, input: Body, type: string, existing?: Stored): Body {
  if (type !== 'Inventory') {
    if (existing?.body.TrackQtyOnHand === true && input.TrackQtyOnHand === false) {
      throw fault.business('Track quantity on hand can not be turned off once it is on.', 'TrackQtyOnHand');
    }
    return { TrackQtyOnHand: false };
  }
  if (!prefs.inventoryTracking(ctx.company)) {
    throw fault.business('When you create an item, if Track quantity on hand is turned off, the item cannot be of type Inventory.', 'Type');
  }
  if (input.TrackQtyOnHand === undefined) throw fault.required('TrackQtyOnHand');
  if (input.TrackQtyOnHand !== true) throw fault.business('Track quantity on hand can not be turned off once it is on.', 'TrackQtyOnHand');
  const qty = readDecimal(input.QtyOnHand, 'QtyOnHand');
  if (!qty) throw fault.required('QtyOnHand');
  if (input.InvStartDate === undefined) throw fault.required('InvStartDate');
  return { TrackQtyOnHand: true, QtyOnHand: decimalToNumber(qty), InvStartDate: checkDate(input.InvStartDate, 'InvStartDate') };
}

export function prepareItem(ctx: WriteContext, input: Body, existing?: Stored): Body {
  const name = checkName(input.Name, 'Name');
  const type = itemType(input, existing);
  const parent = optionalRef(ctx, input, 'ParentRef', 'Item');
  if (parent && parent.body.Type !== 'Category') throw fault.business('The parent of an item must be a Category.', 'ParentRef');
  const fullName = parent ? `${String(parent.body.FullyQualifiedName)}:${name}` : name;
  assertUniqueName(ctx, ['Item'], (b) => b.FullyQualifiedName, fullName, existing?.id, 'product or service');
  checkLength(input.Sku, 'Sku', 100);
  checkLength(input.Description, 'Description', 4000);
  checkLength(input.PurchaseDesc, 'PurchaseDesc', 4000);
  const unitPrice = readDecimal(input.UnitPrice, 'UnitPrice');
  const cost = readDecimal(input.PurchaseCost, 'PurchaseCost');
  const body: Body = {
    ...withoutSystemFields(input),
    Name: name, Active: input.Active ?? true, FullyQualifiedName: fullName, Type: type,
    ...(parent ? { SubItem: true, ParentRef: { value: parent.id, name: parent.body.FullyQualifiedName } } : { SubItem: false }),
    Taxable: input.Taxable ?? false,
    ...itemAccounts(ctx, input, type),
    ...inventoryFields(ctx, input, type, existing),
  };
  if (type !== 'Category') {
    body.UnitPrice = unitPrice ? decimalToNumber(unitPrice) : 0;
    body.PurchaseCost = cost ? decimalToNumber(cost) : 0;
  }
  return body;
}
