/** Wire shapes of the transactions. Read-only fields (TotalAmt, Balance...) are accepted and ignored. */
import { z } from 'zod';
import type { Shape } from './schemas-common.js';
import { address, bool, customField, email, entity, lineEx, linkedTxn, list, memo, num, obj, ref, str, txnTaxDetail } from './schemas-common.js';

const salesLine = obj({
  Id: str, LineNum: num, Description: str, Amount: num, DetailType: str, LinkedTxn: list(linkedTxn),
  SalesItemLineDetail: obj({
    ItemRef: ref, ClassRef: ref, UnitPrice: num, RatePercent: num, Qty: num, TaxCodeRef: ref, ServiceDate: str,
    DiscountRate: num, DiscountAmt: num, ItemAccountRef: ref, TaxInclusiveAmt: num, PriceLevelRef: ref,
  }),
  DiscountLineDetail: obj({ PercentBased: bool, DiscountPercent: num, DiscountAccountRef: ref, ClassRef: ref, TaxCodeRef: ref }),
  SubTotalLineDetail: obj({ ItemRef: ref }),
  DescriptionLineDetail: obj({ ServiceDate: str, TaxCodeRef: ref }),
  GroupLineDetail: z.unknown(),
});

const transaction: Shape = {
  DocNumber: str, TxnDate: str, PrivateNote: str, CurrencyRef: ref, ExchangeRate: num, TxnSource: str,
  LinkedTxn: list(linkedTxn), TotalAmt: num, HomeTotalAmt: num, DepartmentRef: ref, TransactionLocationType: str,
  TaxExemptionRef: ref, ProjectRef: ref, RecurDataRef: ref, TxnTaxDetail: txnTaxDetail, GlobalTaxCalculation: str,
};

const salesTransaction: Shape = {
  ...transaction, CustomerRef: ref, CustomerMemo: memo, BillAddr: address, ShipAddr: address, ShipFromAddr: address,
  FreeFormAddress: bool, BillEmail: email, BillEmailCc: email, BillEmailBcc: email, Line: list(salesLine),
  ApplyTaxAfterDiscount: bool, PrintStatus: str, EmailStatus: str, ClassRef: ref, CustomField: list(customField),
  Balance: num, HomeBalance: num, ShipDate: str, TrackingNum: str, ShipMethodRef: ref, DeliveryInfo: z.unknown(),
};

export const invoiceSchema = entity({
  ...salesTransaction, DueDate: str, SalesTermRef: ref, Deposit: num, DepositToAccountRef: ref, AllowIPNPayment: bool,
  AllowOnlinePayment: bool, AllowOnlineCreditCardPayment: bool, AllowOnlineACHPayment: bool, InvoiceLink: str, EInvoiceStatus: str,
});

const receipt: Shape = {
  ...salesTransaction, PaymentMethodRef: ref, PaymentRefNum: str, DepositToAccountRef: ref, CreditCardPayment: z.unknown(),
  CheckPayment: z.unknown(), PaymentType: str,
};

export const salesReceiptSchema = entity(receipt);
export const refundReceiptSchema = entity(receipt);

export const paymentSchema = entity({
  ...transaction, CustomerRef: ref, UnappliedAmt: num, PaymentMethodRef: ref, PaymentRefNum: str, DepositToAccountRef: ref,
  ARAccountRef: ref, ProcessPayment: bool, CreditCardPayment: z.unknown(),
  Line: list(obj({ Amount: num, LinkedTxn: list(linkedTxn), LineEx: lineEx })),
});

export const journalEntrySchema = entity({
  ...transaction, Adjustment: bool,
  Line: list(obj({
    Id: str, LineNum: num, Description: str, Amount: num, DetailType: str,
    JournalEntryLineDetail: obj({
      PostingType: str, AccountRef: ref, Entity: obj({ Type: str, EntityRef: ref }), ClassRef: ref, DepartmentRef: ref,
      TaxCodeRef: ref, TaxApplicableOn: str, TaxAmount: num, BillableStatus: str,
    }),
  })),
});

const expenseDetail = { BillableStatus: str, TaxCodeRef: ref, CustomerRef: ref, ClassRef: ref, TaxAmount: num, MarkupInfo: z.unknown() };

export const billSchema = entity({
  ...transaction, VendorRef: ref, APAccountRef: ref, DueDate: str, SalesTermRef: ref, Balance: num, HomeBalance: num, VendorAddr: address,
  Line: list(obj({
    Id: str, LineNum: num, Description: str, Amount: num, DetailType: str, LinkedTxn: list(linkedTxn),
    AccountBasedExpenseLineDetail: obj({ AccountRef: ref, ...expenseDetail }),
    ItemBasedExpenseLineDetail: obj({ ItemRef: ref, Qty: num, UnitPrice: num, ...expenseDetail }),
  })),
});
