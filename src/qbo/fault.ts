/**
 * Reads a QuickBooks Fault out of a response body, whatever its dress:
 *  - JSON `{"Fault":{"Error":[{"Message","Detail","code","element"}],"type":"ValidationFault"}}`
 *  - the gateway's lower-case JSON `{"fault":{"error":[{"message","detail","code"}],"type":"AUTHENTICATION"}}`
 *  - XML `<IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message/><Detail/></Error></Fault>`
 *    (throttle and gateway errors arrive as XML even when JSON was asked for: quickbooks-facts §1, §7)
 * Keys are matched case-insensitively and a single Error object is accepted as well as a list,
 * because the shapes differ between Intuit's services. Returns null when there is no Fault.
 */
import { XMLParser } from 'fast-xml-parser';
import type { QboFaultEntry } from './errors.js';

export interface ParsedFault {
  type: string | null;
  errors: QboFaultEntry[];
}

// Namespace prefixes (ns2:Fault) are dropped and every value stays a string: codes such as
// "003001" must not turn into numbers.
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  textNodeName: '#text',
});

/** Parses a body (JSON or XML, decided by its first character) and finds a Fault in it. */
export function parseFaultBody(body: string): ParsedFault | null {
  const parsed = parseBody(body);
  return parsed === undefined ? null : findFault(parsed);
}

/** Finds a Fault in an already parsed JSON value (a whole response or one batch item). */
export function findFault(value: unknown): ParsedFault | null {
  if (!isRecord(value)) return null;
  const direct = pick(value, 'fault');
  if (isRecord(direct)) return toFault(direct);
  const wrapped = pick(value, 'intuitresponse');
  if (isRecord(wrapped)) return findFault(wrapped);
  return null;
}

/** JSON or XML text to a plain value; undefined when it is neither (an HTML error page, say). */
export function parseBody(body: string): unknown {
  const text = body.trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
  if (text.startsWith('<')) {
    try {
      return xml.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function toFault(fault: Record<string, unknown>): ParsedFault {
  const raw = pick(fault, 'error');
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return {
    type: text(pick(fault, 'type')),
    errors: list.filter(isRecord).map(toEntry),
  };
}

function toEntry(e: Record<string, unknown>): QboFaultEntry {
  return {
    code: text(pick(e, 'code')) ?? '',
    element: nonEmpty(text(pick(e, 'element'))),
    message: text(pick(e, 'message')) ?? '',
    detail: nonEmpty(text(pick(e, 'detail'))),
  };
}

function pick(record: Record<string, unknown>, lowerKey: string): unknown {
  for (const [k, v] of Object.entries(record)) if (k.toLowerCase() === lowerKey) return v;
  return undefined;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // An XML element with attributes keeps its text under '#text'.
  if (isRecord(value) && typeof value['#text'] === 'string') return value['#text'];
  return null;
}

function nonEmpty(value: string | null): string | null {
  return value === null || value === '' ? null : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
