/** PaymentMethod, Customer/Vendor/Employee (one DisplayName namespace), Department and Class. */
import type { Body, EntityName, Stored } from './entity-store.js';
import { withoutSystemFields } from './entity-store.js';
import { fault } from './errors.js';
import { customerBalance } from './linking.js';
import type { WriteContext } from './validate-common.js';
import { assertUniqueName, checkLength, checkName, namedRef, optionalRef } from './validate-common.js';

const USD = { value: 'USD', name: 'United States Dollar' };

export function preparePaymentMethod(ctx: WriteContext, input: Body, existing?: Stored): Body {
  // The XSD gives QBO 15 characters, but QuickBooks' own "American Express" has 16: 31 (the QBW figure) it is.
  const name = checkName(input.Name, 'Name', 31);
  const type = input.Type ?? 'NON_CREDIT_CARD';
  if (type !== 'CREDIT_CARD' && type !== 'NON_CREDIT_CARD') throw fault.invalidEnum('Type', String(type));
  // Uniqueness of payment method names is UNCONFIRMED at Intuit: enforced.
  assertUniqueName(ctx, ['PaymentMethod'], (b) => b.Name, name, existing?.id, 'payment method');
  return { ...withoutSystemFields(input), Name: name, Type: type, Active: input.Active ?? true };
}

const NAME_PARTS = ['Title', 'GivenName', 'MiddleName', 'FamilyName', 'Suffix'] as const;
const PART_LIMITS: Record<(typeof NAME_PARTS)[number], number> = { Title: 15, GivenName: 25, MiddleName: 25, FamilyName: 25, Suffix: 10 };

function checkNameParts(input: Body): string {
  for (const part of NAME_PARTS) {
    const value = checkLength(input[part], part, PART_LIMITS[part]);
    if (value?.includes(':')) throw fault.business(`${part} can not contain a colon (:).`, part);
  }
  const printName = checkLength(input.PrintOnCheckName, 'PrintOnCheckName', 110);
  if (printName?.includes(':')) throw fault.business('PrintOnCheckName can not contain a colon (:).', 'PrintOnCheckName');
  checkLength(input.CompanyName, 'CompanyName', 100);
  checkLength(input.Notes, 'Notes', 2000);
  checkLength((input.PrimaryEmailAddr as Body | undefined)?.Address, 'PrimaryEmailAddr.Address', 100);
  return NAME_PARTS.map((p) => input[p]).filter((v) => typeof v === 'string' && v.trim() !== '').join(' ');
}

function displayNameOf(input: Body): string {
  const fromParts = checkNameParts(input);
  const raw = input.DisplayName ?? (fromParts || undefined) ?? input.CompanyName;
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) throw fault.noName();
  // DisplayName's maximum is UNCONFIRMED (500 is often quoted): 100, like every other name.
  return checkName(raw, 'DisplayName', 100);
}

function customerFields(ctx: WriteContext, input: Body, display: string, existing?: Stored): Body {
  const parent = optionalRef(ctx, input, 'ParentRef', 'Customer');
  const active = input.Active ?? true;
  if (existing && existing.body.Active !== false && active === false && customerBalance(ctx.company, existing.id) !== 0n) {
    // "Delete List Has Balance Error" (ruckus/quickbooks-ruby#390); its code is UNCONFIRMED: 6000.
    throw fault.business('A customer with a non-zero balance can not be made inactive.', 'Active');
  }
  return {
    Taxable: input.Taxable ?? true, Job: Boolean(parent), BillWithParent: input.BillWithParent ?? false,
    ...(parent ? { ParentRef: namedRef(parent), Level: Number(parent.body.Level ?? 0) + 1 } : {}),
    FullyQualifiedName: parent ? `${String(parent.body.FullyQualifiedName)}:${display}` : display,
    PreferredDeliveryMethod: input.PreferredDeliveryMethod ?? 'Print', CurrencyRef: USD,
  };
}

/** Customer, Vendor and Employee: DisplayName is unique across all three (6240). */
export function preparePerson(entity: EntityName) {
  return (ctx: WriteContext, input: Body, existing?: Stored): Body => {
    const display = displayNameOf(input);
    assertUniqueName(ctx, ['Customer', 'Vendor', 'Employee'], (b) => b.DisplayName, display, existing?.id, 'customer, vendor or employee');
    const body: Body = {
      ...withoutSystemFields(input),
      DisplayName: display, FullyQualifiedName: display, PrintOnCheckName: input.PrintOnCheckName ?? display,
      Active: input.Active ?? true,
    };
    delete body.Balance;
    delete body.BalanceWithJobs;
    if (entity === 'Customer') return { ...body, ...customerFields(ctx, input, display, existing) };
    if (entity === 'Vendor') return { ...body, Vendor1099: input.Vendor1099 ?? false, CurrencyRef: USD, Balance: 0 };
    return body;
  };
}

/** Department and Class: a hierarchical name list each. */
export function prepareGrouping(entity: 'Department' | 'Class') {
  const subFlag = entity === 'Department' ? 'SubDepartment' : 'SubClass';
  return (ctx: WriteContext, input: Body, existing?: Stored): Body => {
    const name = checkName(input.Name, 'Name');
    const parent = optionalRef(ctx, input, 'ParentRef', entity);
    const fullName = parent ? `${String(parent.body.FullyQualifiedName)}:${name}` : name;
    assertUniqueName(ctx, [entity], (b) => b.FullyQualifiedName, fullName, existing?.id, entity.toLowerCase());
    return {
      ...withoutSystemFields(input),
      Name: name, [subFlag]: Boolean(parent), ...(parent ? { ParentRef: namedRef(parent) } : {}),
      FullyQualifiedName: fullName, Active: input.Active ?? true,
    };
  };
}
