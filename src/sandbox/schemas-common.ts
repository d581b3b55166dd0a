/**
 * Wire shapes shared by every entity, as strict zod objects: a property QuickBooks does not know
 * is refused with 2010, and so is a value of the wrong JSON type (QuickBooks' Jackson would coerce
 * "12.34" to a number; the simulator refuses it, the stricter choice). Every field is optional
 * here: which ones are required depends on the operation and is checked with 2020 by the
 * entity's own validation.
 */
import { z } from 'zod';

export type Shape = Record<string, z.ZodType>;

export const str = z.string();
export const num = z.number();
export const bool = z.boolean();

/** A strict object whose fields are all optional. */
export function obj(shape: Shape): z.ZodType {
  return z.strictObject(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])));
}

export const list = (item: z.ZodType) => z.array(item);

export const ref = obj({ value: str, name: str, type: str });
export const memo = obj({ value: str });
export const email = obj({ Address: str });
export const phone = obj({ FreeFormNumber: str });
export const webAddr = obj({ URI: str });
export const address = obj({
  Id: str, Line1: str, Line2: str, Line3: str, Line4: str, Line5: str, City: str, Country: str, CountryCode: str,
  County: str, CountrySubDivisionCode: str, PostalCode: str, PostalCodeSuffix: str, Lat: str, Long: str, Tag: str, Note: str,
});
export const metaData = obj({ CreateTime: str, LastUpdatedTime: str, CreatedByRef: ref, LastModifiedByRef: ref });
export const linkedTxn = obj({ TxnId: str, TxnType: str, TxnLineId: str });
export const customField = obj({ DefinitionId: str, Name: str, Type: str, StringValue: str });
export const nameValue = obj({ Name: str, Value: str });
/** QuickBooks' own echo of link details on Payment lines; clients resend what they read. */
export const lineEx = obj({ any: list(z.unknown()) });

export const txnTaxDetail = obj({
  TxnTaxCodeRef: ref,
  TotalTax: num,
  TaxLine: list(obj({
    Id: str, LineNum: num, Amount: num, DetailType: str,
    TaxLineDetail: obj({ TaxRateRef: ref, PercentBased: bool, TaxPercent: num, NetAmountTaxable: num, TaxInclusiveAmount: num, OverrideDeltaAmount: num }),
  })),
});

/** Fields every entity carries; the server owns them (an update must send Id and SyncToken). */
const SYSTEM: Shape = { Id: str, SyncToken: str, sparse: bool, domain: str, MetaData: metaData, status: str };

export function entity(shape: Shape): z.ZodType {
  return obj({ ...SYSTEM, ...shape });
}
