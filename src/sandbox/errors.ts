/**
 * QuickBooks' error vocabulary: the Fault body, its HTTP status and the codes of Intuit's
 * error table. Codes and texts follow docs/quickbooks-facts.md §7; where Intuit's code
 * for a rule is UNCONFIRMED the simulator answers 6000 ("Business Validation Error", QuickBooks'
 * generic business-rule code) with a Detail that names the rule, and says so at the call site.
 */
import { responseTime } from './qbo-time.js';

export type FaultType = 'ValidationFault' | 'SystemFault' | 'AuthenticationFault' | 'AuthorizationFault';

export interface FaultError {
  Message: string;
  Detail: string;
  code: string;
  element?: string;
}

export class QboFault extends Error {
  constructor(
    readonly status: number,
    readonly type: FaultType,
    readonly errors: FaultError[],
  ) {
    super(`${errors[0]?.code ?? '?'} ${errors[0]?.Message ?? ''}: ${errors[0]?.Detail ?? ''}`);
  }

  /** The Fault object as it sits in a response or in a batch item. */
  toFault(): { Error: Required<FaultError>[]; type: FaultType } {
    return { Error: this.errors.map((e) => ({ ...e, element: e.element ?? '' })), type: this.type };
  }

  toBody(nowMs: number): Record<string, unknown> {
    return { Fault: this.toFault(), time: responseTime(nowMs) };
  }
}

export function isQboFault(e: unknown): e is QboFault {
  return e instanceof QboFault;
}

function validation(code: string, Message: string, Detail: string, element = ''): QboFault {
  return new QboFault(400, 'ValidationFault', [{ Message, Detail, code, element }]);
}

export const fault = {
  unsupportedProperty: (property: string, entity: string) =>
    validation('2010', 'Request has invalid or unsupported property',
      `Property Name:Unrecognized field "${property}" (class com.intuit.schema.finance.v3.${entity}), not marked as ignorable specified is unsupported or invalid`, property),
  invalidValue: (element: string, why: string) =>
    validation('2010', 'Request has invalid or unsupported property',
      `Property Name:${why} for ${element} specified is unsupported or invalid`, element),
  malformed: (why: string) =>
    validation('2010', 'Request has invalid or unsupported property', `Property Name:${why} specified is unsupported or invalid`),
  required: (element: string, detail?: string) =>
    validation('2020', 'Required param missing, need to supply the required value for the API',
      detail ?? `Required parameter ${element} is missing in the request`, element),
  stringLength: (element: string, max: number, length: number, min = 0) =>
    validation('2050', 'String length is either shorter or longer than supported by specification',
      `String length specified does not match the supported length. Min:${min} Max:${max} supported. Supplied length:${length}`, element),
  invalidEnum: (element: string, value: string) =>
    validation('2170', 'Invalid Enumeration', `Invalid Enumeration : ${value}`, element),
  invalidRef: (element: string, entity: string, id: string) =>
    validation('2500', 'Invalid Reference Id', `Invalid Reference Id : ${entity} assigned to this transaction has been deleted or does not exist (Id=${id}).`, element),
  inactiveRef: (element: string) =>
    validation('610', 'Object Not Found',
      "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.", element),
  notFound: (entity: string, id: string, deleted: boolean) =>
    validation('610', 'Object Not Found', deleted
      ? 'Object Not Found : Another user has deleted this transaction.'
      : `Object Not Found : ${entity} with Id ${id} does not exist in the system.`, 'Id'),
  stale: () =>
    validation('5010', 'Stale Object Error',
      'Stale Object Error : You and Simulated User were working on this at the same time. Simulated User finished before you did, so your work was not saved.'),
  business: (detail: string, element = '') =>
    validation('6000', 'A business validation error has occurred while processing your request', `Business Validation Error: ${detail}`, element),
  accountTypeMissing: () =>
    validation('6010', 'Invalid account type', 'You must select an account type (AccountType or AccountSubType).', 'AccountType'),
  amountCalc: (element: string, detail: string) =>
    validation('6070', 'Amount calculation incorrect', `Amount calculation incorrect : ${detail}`, element),
  noName: () =>
    validation('6080', 'No name provided', 'You must specify a DisplayName or at least one of Title, GivenName, MiddleName, FamilyName, Suffix.', 'DisplayName'),
  discountMissing: () =>
    validation('6090', 'Discount Line Missing Amount', 'A discount line needs an Amount or a DiscountPercent.', 'Line.DiscountLineDetail'),
  invalidTaxCode: (value: string) =>
    validation('6100', 'Invalid line TaxCode', `Invalid tax code ${value}: a US company line takes TAX or NON.`, 'Line.SalesItemLineDetail.TaxCodeRef'),
  duplicateDocNumber: (docNumber: string, txnType: string, txnId: string) =>
    validation('6140', 'Duplicate Document Number Error',
      `Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=${docNumber} is assigned to TxnType=${txnType} with TxnId=${txnId}`, 'DocNumber'),
  /** Intuit's Detail reads "The account period has closed. {1}" (routablehq/python-quickbooks#208); the simulator fills in the dates. */
  periodClosed: (entity: string, txnDate: string, closeDate: string) =>
    validation('6210', 'Account Period Closed',
      `The account period has closed and the books are locked: ${entity} dated ${txnDate} is on or before the closing date (closing date ${closeDate}).`, 'TxnDate'),
  duplicateName: (who: string, id: string) =>
    validation('6240', 'Duplicate Name Exists Error',
      `The name supplied already exists. : Another ${who} is already using this name. Please use a different name. Id=${id}`, 'Name'),
  unsupportedOperation: (detail: string) =>
    validation('500', 'Unsupported Operation', `Operation ${detail} is not supported.`),
  duplicateRequestId: (requestId: string) =>
    validation('600', 'RequestId already exists in the system, duplicate request is detected',
      `The request with requestid ${requestId} is still being processed.`, 'requestid'),
  query: (detail: string) =>
    validation('4001', 'Invalid query', detail),
  batchSize: (size: number, max: number) =>
    validation('1040', 'Batch size exceeds allowed limit', `Batch size ${size} exceeds the limit of ${max} items.`),
  batchEmpty: () =>
    validation('2020', 'Batch Request is Empty', 'MalformedRequest: the BatchItemRequest list is empty.', 'BatchItemRequest'),
};

/** QuickBooks' throttle answer: XML even when JSON was asked for (quickbooks-facts §5). */
export function throttleXml(nowMs: number): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${responseTime(nowMs)}"><Fault type="SERVICE"><Error code="3001" element=""><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message><Detail>The request limit was reached. Try again later</Detail></Error></Fault></IntuitResponse>`;
}

/**
 * The API gateway's auth failures use a different JSON shape with lower-case keys
 * (routablehq/python-quickbooks#250), so a client must branch on the HTTP status first.
 */
export function gatewayFaultBody(status: 401 | 403, detail: string, nowMs: number): Record<string, unknown> {
  const [name, code, type] = status === 401
    ? ['AuthenticationFailed', '3200', 'AUTHENTICATION']
    : ['AuthorizationFailed', '3100', 'SERVICE'];
  return {
    warnings: null,
    intuitObject: null,
    fault: {
      error: [{ message: `message=${name}; errorCode=00${code}; statusCode=${status}`, detail, code, element: null }],
      type,
    },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: nowMs,
    status: null,
    cdcresponse: [],
  };
}

/** An injected 500: QuickBooks' SystemFault. */
export function serverErrorBody(nowMs: number): Record<string, unknown> {
  return new QboFault(500, 'SystemFault', [{
    Message: 'An application error has occurred while processing your request',
    Detail: 'System Failure Error: An unexpected error occurred while accessing or saving your data. Please wait a few minutes and try again.',
    code: '10000',
  }]).toBody(nowMs);
}

/** An injected 503 comes from the load balancer as HTML, not JSON. */
export const SERVICE_UNAVAILABLE_HTML =
  '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>';
