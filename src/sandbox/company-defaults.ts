/**
 * What a brand-new US QuickBooks Online company holds before anyone touches it: a default chart
 * of accounts (with the system Undeposited Funds account), the "Services" and "Hours" items,
 * the standard payment methods, CompanyInfo and Preferences. "Credit Card", "Gift Card" and
 * "Discounts given" are deliberately absent: the product must create them.
 */
import { ACCOUNT_TYPES } from './account-types.js';
import type { Body, RecordStore } from './entity-store.js';
import { insertRecord, liveRecords } from './entity-store.js';
import { today } from './qbo-time.js';

export interface CompanySettings {
  name: string;
  inventoryTracking: boolean;
  automatedSalesTax: boolean;
  customTxnNumbers: boolean;
}

const USD = { value: 'USD', name: 'United States Dollar' };

const BASE_ACCOUNTS: [string, string, string][] = [
  ['Checking', 'Bank', 'Checking'],
  ['Savings', 'Bank', 'Savings'],
  ['Accounts Receivable (A/R)', 'Accounts Receivable', 'AccountsReceivable'],
  ['Undeposited Funds', 'Other Current Asset', 'UndepositedFunds'],
  ['Uncategorized Asset', 'Other Current Asset', 'OtherCurrentAssets'],
  ['Accounts Payable (A/P)', 'Accounts Payable', 'AccountsPayable'],
  ['Opening Balance Equity', 'Equity', 'OpeningBalanceEquity'],
  ['Retained Earnings', 'Equity', 'RetainedEarnings'],
  ['Sales of Product Income', 'Income', 'SalesOfProductIncome'],
  ['Services', 'Income', 'ServiceFeeIncome'],
  ['Uncategorized Income', 'Income', 'OtherPrimaryIncome'],
  ['Cost of Goods Sold', 'Cost of Goods Sold', 'SuppliesMaterialsCogs'],
  ['Advertising & Marketing', 'Expense', 'AdvertisingPromotional'],
  ['Bank Charges & Fees', 'Expense', 'BankCharges'],
  ['Office Supplies & Software', 'Expense', 'OfficeGeneralAdministrativeExpenses'],
  ['Rent & Lease', 'Expense', 'RentOrLeaseOfBuildings'],
  ['Utilities', 'Expense', 'Utilities'],
  ['Uncategorized Expense', 'Expense', 'OtherMiscellaneousServiceCost'],
  ['Interest Earned', 'Other Income', 'InterestEarned'],
];

export function accountBody(name: string, type: string, subtype: string): Body {
  return {
    Name: name, SubAccount: false, FullyQualifiedName: name, Active: true,
    Classification: ACCOUNT_TYPES[type]?.classification, AccountType: type, AccountSubType: subtype,
    CurrentBalance: 0, CurrentBalanceWithSubAccounts: 0, CurrencyRef: USD,
  };
}

function seedAccounts(store: RecordStore, s: CompanySettings, nowMs: number): void {
  const accounts = [...BASE_ACCOUNTS];
  if (s.inventoryTracking) accounts.splice(5, 0, ['Inventory Asset', 'Other Current Asset', 'Inventory']);
  if (s.automatedSalesTax) accounts.push(['Sales Tax Payable', 'Other Current Liability', 'SalesTaxPayable']);
  for (const [name, type, subtype] of accounts) insertRecord(store, 'Account', accountBody(name, type, subtype), nowMs);
}

function seedItems(store: RecordStore, nowMs: number): void {
  const services = liveRecords(store, 'Account').find((a) => a.body.Name === 'Services');
  const income = { value: services?.id ?? '1', name: 'Services' };
  for (const name of ['Services', 'Hours']) {
    insertRecord(store, 'Item', {
      Name: name, Active: true, FullyQualifiedName: name, Taxable: false, UnitPrice: 0, Type: 'Service',
      IncomeAccountRef: income, PurchaseCost: 0, TrackQtyOnHand: false,
    }, nowMs);
  }
}

const STANDARD_PAYMENT_METHODS: [string, string][] = [
  ['Cash', 'NON_CREDIT_CARD'], ['Check', 'NON_CREDIT_CARD'], ['Visa', 'CREDIT_CARD'], ['MasterCard', 'CREDIT_CARD'],
  ['American Express', 'CREDIT_CARD'], ['Discover', 'CREDIT_CARD'], ['Diners Club', 'CREDIT_CARD'],
];

function companyInfoBody(s: CompanySettings, realmId: string, nowMs: number): Body {
  const addr = { Id: '1', Line1: '2500 Garcia Ave', City: 'Mountain View', CountrySubDivisionCode: 'CA', PostalCode: '94043', Country: 'US' };
  return {
    CompanyName: s.name, LegalName: s.name, CompanyAddr: addr, CustomerCommunicationAddr: addr, LegalAddr: addr,
    PrimaryPhone: {}, CompanyStartDate: today(nowMs), FiscalYearStartMonth: 'January', Country: 'US',
    Email: { Address: 'owner@example.com' }, WebAddr: {}, SupportedLanguages: 'en',
    NameValue: [
      { Name: 'NeoEnabled', Value: 'true' },
      { Name: 'OfferingSku', Value: 'QuickBooks Online Plus' },
      { Name: 'PayrollFeature', Value: 'false' },
      { Name: 'IsQbdtMigrated', Value: 'false' },
      { Name: 'CompanyType', Value: 'Other' },
      { Name: 'SimulatorRealmId', Value: realmId },
    ],
  };
}

function preferencesBody(s: CompanySettings): Body {
  return {
    AccountingInfoPrefs: { TrackDepartments: false, DepartmentTerminology: 'Location', ClassTrackingPerTxn: false, ClassTrackingPerTxnLine: false, CustomerTerminology: 'Customers' },
    ProductAndServicesPrefs: { ForSales: true, ForPurchase: true, QuantityWithPriceAndRate: true, QuantityOnHand: s.inventoryTracking },
    SalesFormsPrefs: { CustomTxnNumbers: s.customTxnNumbers, AllowDeposit: false, AllowDiscount: true, DefaultDiscountAccount: 'Discounts given', AllowShipping: false, DefaultTerms: { value: '3' } },
    TaxPrefs: { UsingSalesTax: s.automatedSalesTax, PartnerTaxEnabled: s.automatedSalesTax },
    CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: 'USD' } },
    OtherPrefs: { NameValue: [{ Name: 'SalesFormsPrefs.DefaultCustomerMessage', Value: 'Thank you for your business.' }] },
  };
}

/**
 * Turning inventory tracking or automated sales tax on in QuickBooks' settings adds the account
 * the feature posts to, as a company created with it has. Nothing is removed when it is turned
 * off, and an account already holding the name (or the subtype) is left alone.
 */
export function addFeatureAccounts(store: RecordStore, preferences: Body, nowMs: number): void {
  const section = (name: string) => (preferences[name] ?? {}) as Body;
  const wanted: [boolean, string, string, string][] = [
    [section('ProductAndServicesPrefs').QuantityOnHand === true, 'Inventory Asset', 'Other Current Asset', 'Inventory'],
    [section('TaxPrefs').PartnerTaxEnabled === true, 'Sales Tax Payable', 'Other Current Liability', 'SalesTaxPayable'],
  ];
  const accounts = liveRecords(store, 'Account');
  for (const [on, name, type, subtype] of wanted) {
    const present = accounts.some((a) => a.body.AccountSubType === subtype || String(a.body.Name).toLowerCase() === name.toLowerCase());
    if (on && !present) insertRecord(store, 'Account', accountBody(name, type, subtype), nowMs);
  }
}

export function seedCompany(store: RecordStore, s: CompanySettings, realmId: string, nowMs: number): void {
  seedAccounts(store, s, nowMs);
  seedItems(store, nowMs);
  for (const [name, type] of STANDARD_PAYMENT_METHODS) insertRecord(store, 'PaymentMethod', { Name: name, Active: true, Type: type }, nowMs);
  insertRecord(store, 'CompanyInfo', companyInfoBody(s, realmId, nowMs), nowMs, '1');
  insertRecord(store, 'Preferences', preferencesBody(s), nowMs, '1');
}
