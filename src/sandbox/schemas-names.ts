/** Wire shapes of the name lists and the two company singletons. */
import { z } from 'zod';
import type { Shape } from './schemas-common.js';
import { address, bool, email, entity, list, nameValue, num, phone, ref, str, webAddr } from './schemas-common.js';

export const accountSchema = entity({
  Name: str, SubAccount: bool, ParentRef: ref, Description: str, FullyQualifiedName: str, Active: bool, Classification: str,
  AccountType: str, AccountSubType: str, AcctNum: str, CurrentBalance: num, CurrentBalanceWithSubAccounts: num,
  CurrencyRef: ref, TaxCodeRef: ref, TxnLocationType: str,
});

export const itemSchema = entity({
  Name: str, Sku: str, Description: str, Active: bool, SubItem: bool, ParentRef: ref, Level: num, FullyQualifiedName: str,
  Taxable: bool, SalesTaxIncluded: bool, UnitPrice: num, Type: str, IncomeAccountRef: ref, PurchaseDesc: str,
  PurchaseTaxIncluded: bool, PurchaseCost: num, ExpenseAccountRef: ref, AssetAccountRef: ref, TrackQtyOnHand: bool,
  QtyOnHand: num, InvStartDate: str, ReorderPoint: num, SalesTaxCodeRef: ref, PurchaseTaxCodeRef: ref, PrefVendorRef: ref,
  ClassRef: ref, ItemCategoryType: str, TaxClassificationRef: ref,
});

export const paymentMethodSchema = entity({ Name: str, Active: bool, Type: str });

const person: Shape = {
  Title: str, GivenName: str, MiddleName: str, FamilyName: str, Suffix: str, DisplayName: str, FullyQualifiedName: str,
  CompanyName: str, PrintOnCheckName: str, Active: bool, PrimaryPhone: phone, AlternatePhone: phone, Mobile: phone, Fax: phone,
  PrimaryEmailAddr: email, WebAddr: webAddr, Notes: str, BillAddr: address, Balance: num, CurrencyRef: ref, OtherContactInfo: z.unknown(),
};

export const customerSchema = entity({
  ...person, ShipAddr: address, Taxable: bool, Job: bool, BillWithParent: bool, ParentRef: ref, Level: num, BalanceWithJobs: num,
  OpenBalanceDate: str, PreferredDeliveryMethod: str, ResaleNum: str, SalesTermRef: ref, PaymentMethodRef: ref, IsProject: bool,
  DefaultTaxCodeRef: ref, TaxExemptionReasonId: str, ARAccountRef: ref,
});

export const vendorSchema = entity({
  ...person, Vendor1099: bool, AcctNum: str, TaxIdentifier: str, TermRef: ref, CostRate: num, BillRate: num, APAccountRef: ref,
});

export const employeeSchema = entity({
  ...person, EmployeeNumber: str, SSN: str, PrimaryAddr: address, BillableTime: bool, HiredDate: str, ReleasedDate: str,
  BirthDate: str, Gender: str, Organization: bool, CostRate: num, BillRate: num,
});

export const departmentSchema = entity({ Name: str, SubDepartment: bool, ParentRef: ref, FullyQualifiedName: str, Active: bool });
export const classSchema = entity({ Name: str, SubClass: bool, ParentRef: ref, FullyQualifiedName: str, Active: bool });

export const companyInfoSchema = entity({
  CompanyName: str, LegalName: str, CompanyAddr: address, CustomerCommunicationAddr: address, LegalAddr: address,
  PrimaryPhone: phone, CompanyStartDate: str, FiscalYearStartMonth: str, Country: str, Email: email, WebAddr: webAddr,
  SupportedLanguages: str, NameValue: list(nameValue), CustomerCommunicationEmailAddr: email,
});

const prefSection = z.record(z.string(), z.unknown());
export const preferencesSchema = entity({
  AccountingInfoPrefs: prefSection, ProductAndServicesPrefs: prefSection, SalesFormsPrefs: prefSection, EmailMessagesPrefs: prefSection,
  VendorAndPurchasesPrefs: prefSection, TimeTrackingPrefs: prefSection, TaxPrefs: prefSection, CurrencyPrefs: prefSection,
  ReportPrefs: prefSection, OtherPrefs: prefSection,
});
