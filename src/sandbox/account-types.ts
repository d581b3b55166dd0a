/**
 * QuickBooks Online account types (spaced display strings on the wire) and their CamelCase
 * subtypes (JXSD AccountTypeEnum / AccountSubTypeEnum). The first subtype of each type is the
 * one the simulator picks when a request names only the type.
 */
export type Classification = 'Asset' | 'Liability' | 'Equity' | 'Revenue' | 'Expense';

interface AccountTypeInfo {
  classification: Classification;
  subtypes: readonly string[];
}

export const ACCOUNT_TYPES: Readonly<Record<string, AccountTypeInfo>> = {
  Bank: { classification: 'Asset', subtypes: ['Checking', 'CashOnHand', 'MoneyMarket', 'RentsHeldInTrust', 'Savings', 'TrustAccounts'] },
  'Accounts Receivable': { classification: 'Asset', subtypes: ['AccountsReceivable'] },
  'Other Current Asset': {
    classification: 'Asset',
    subtypes: ['OtherCurrentAssets', 'AllowanceForBadDebts', 'DevelopmentCosts', 'EmployeeCashAdvances', 'Inventory',
      'Investment_MortgageRealEstateLoans', 'Investment_Other', 'Investment_TaxExemptSecurities',
      'Investment_USGovernmentObligations', 'LoansToOfficers', 'LoansToOthers', 'LoansToStockholders',
      'PrepaidExpenses', 'Retainage', 'UndepositedFunds'],
  },
  'Fixed Asset': {
    classification: 'Asset',
    subtypes: ['OtherFixedAssets', 'AccumulatedDepletion', 'AccumulatedDepreciation', 'DepletableAssets', 'FurnitureAndFixtures',
      'Land', 'LeaseholdImprovements', 'AccumulatedAmortization', 'Buildings', 'IntangibleAssets', 'MachineryAndEquipment', 'Vehicles'],
  },
  'Other Asset': {
    classification: 'Asset',
    subtypes: ['OtherLongTermAssets', 'LeaseBuyout', 'SecurityDeposits', 'AccumulatedAmortizationOfOtherAssets', 'Goodwill', 'Licenses', 'OrganizationalCosts'],
  },
  'Accounts Payable': { classification: 'Liability', subtypes: ['AccountsPayable'] },
  'Credit Card': { classification: 'Liability', subtypes: ['CreditCard'] },
  'Other Current Liability': {
    classification: 'Liability',
    subtypes: ['OtherCurrentLiabilities', 'DirectDepositPayable', 'LineOfCredit', 'LoanPayable', 'GlobalTaxPayable', 'GlobalTaxSuspense',
      'PayrollClearing', 'PayrollTaxPayable', 'PrepaidExpensesPayable', 'RentsInTrustLiability', 'TrustAccountsLiabilities',
      'FederalIncomeTaxPayable', 'InsurancePayable', 'SalesTaxPayable', 'StateLocalIncomeTaxPayable'],
  },
  'Long Term Liability': { classification: 'Liability', subtypes: ['OtherLongTermLiabilities', 'NotesPayable', 'ShareholderNotesPayable'] },
  Equity: {
    classification: 'Equity',
    subtypes: ['OwnersEquity', 'OpeningBalanceEquity', 'PartnersEquity', 'RetainedEarnings', 'AccumulatedAdjustment', 'PaidInCapitalOrSurplus',
      'PartnerContributions', 'PartnerDistributions', 'PreferredStock', 'CommonStock', 'TreasuryStock', 'EstimatedTaxes',
      'Healthcare', 'PersonalIncome', 'PersonalExpense'],
  },
  Income: {
    classification: 'Revenue',
    subtypes: ['OtherPrimaryIncome', 'NonProfitIncome', 'SalesOfProductIncome', 'ServiceFeeIncome', 'DiscountsRefundsGiven', 'UnappliedCashPaymentIncome'],
  },
  'Cost of Goods Sold': {
    classification: 'Expense',
    subtypes: ['SuppliesMaterialsCogs', 'EquipmentRentalCos', 'OtherCostsOfServiceCos', 'ShippingFreightDeliveryCos', 'CostOfLaborCos'],
  },
  Expense: {
    classification: 'Expense',
    subtypes: ['OtherMiscellaneousServiceCost', 'AdvertisingPromotional', 'BadDebts', 'BankCharges', 'CharitableContributions',
      'CommissionsAndFees', 'Entertainment', 'EntertainmentMeals', 'EquipmentRental', 'FinanceCosts', 'GlobalTaxExpense', 'Insurance',
      'InterestPaid', 'LegalProfessionalFees', 'OfficeExpenses', 'OfficeGeneralAdministrativeExpenses', 'OtherBusinessExpenses',
      'PromotionalMeals', 'RentOrLeaseOfBuildings', 'RepairMaintenance', 'ShippingFreightDelivery', 'SuppliesMaterials', 'Travel',
      'TravelMeals', 'UnappliedCashBillPaymentExpense', 'Utilities', 'Auto', 'CostOfLabor', 'DuesSubscriptions', 'PayrollExpenses', 'TaxesPaid'],
  },
  'Other Income': {
    classification: 'Revenue',
    subtypes: ['OtherMiscellaneousIncome', 'DividendIncome', 'InterestEarned', 'OtherInvestmentIncome', 'TaxExemptInterest'],
  },
  'Other Expense': {
    classification: 'Expense',
    subtypes: ['OtherMiscellaneousExpense', 'Depreciation', 'ExchangeGainOrLoss', 'PenaltiesSettlements', 'Amortization'],
  },
};

export function typeOfSubtype(subtype: string): string | undefined {
  return Object.keys(ACCOUNT_TYPES).find((type) => ACCOUNT_TYPES[type]?.subtypes.includes(subtype));
}

/** Accounts money can be paid into or out of on a sales form, payment or refund. */
export function isDepositAccountType(type: unknown): boolean {
  return type === 'Bank' || type === 'Other Current Asset';
}
