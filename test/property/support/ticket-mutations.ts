/**
 * Mutations of valid ticket JSON for intake fuzzing: one field, anywhere in the ticket (top
 * level, a line, a discount, a tax, a payment), replaced by arbitrary JSON, by a near-miss of
 * its own kind (a money string with a third decimal, a shifted total, a bad offset) or deleted.
 * Most mutants are refused; some stay valid (a changed name), which is the point: the intake
 * must decide correctly either way.
 */
import fc from 'fast-check';
import type { TicketJson } from '../../support/ticket-arbitrary.js';

type Json = unknown;

/** Stands for "remove the field" among the replacement values. */
const DELETE: unique symbol = Symbol('delete');

/** Near-misses of the contract's own value kinds. */
const nearMiss: fc.Arbitrary<Json> = fc.constantFrom(
  '4.505', '1,00', '-', '', ' 12.00', '12.00 ', '1e3', '0x10', '00.10', '99999999999999999999.99', 'NaN', 'Infinity',
  12.5, -0, 1.5, 2 ** 53, -1, 0, null, true, [], {}, '2026-11-24T12:30:00', '2026-13-40T25:61:00-07:00', '2026-11-24T12:30:00+25:00',
  'closed ', 'VOIDED', 'cash', 'bitcoin', 'x'.repeat(65), 'x'.repeat(5000), '\u0000', '\ud800', '__proto__',
);

const replacement: fc.Arbitrary<Json | typeof DELETE> = fc.oneof(
  { arbitrary: nearMiss, weight: 3 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 2 },
  { arbitrary: fc.constant(DELETE), weight: 1 },
);

/** Every path to a field of the ticket (["lines", 0, "unitPrice"], ["total"], ...). */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (typeof value === 'object' && value !== null) {
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))].filter((p) => p.length > 0 || prefix.length === 0);
  }
  return [prefix];
}

function setAt(root: Json, path: (string | number)[], value: Json | typeof DELETE): Json {
  if (path.length === 0) return value === DELETE ? {} : value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (value === DELETE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

/**
 * Timestamps at the edges of the calendar and of RFC 3339 (issue 20: year 0001 in a batch
 * answered 500 and lost its good tickets; 24:00:00 and +24:00 were taken). Some are inside the
 * service's range (2000-01-01 to 2099-12-31) and must be taken, the rest refused.
 */
export const EDGE_TIMESTAMPS = [
  '0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '1899-12-31T23:59:59-12:00', '1969-12-31T23:59:59Z',
  '1999-12-31T23:59:59Z', '1999-12-31T23:59:59-12:00', '2000-01-01T00:00:00Z', '2000-01-01T00:00:00+14:00', '2099-12-31T23:59:59Z',
  '2099-12-31T23:59:59-12:00', '2100-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-29T12:00:00Z', '2028-02-29T12:00:00Z',
  '2026-11-24T24:00:00Z', '2026-11-24T23:59:60Z', '2026-11-24T12:00:00+24:00', '2026-11-24T12:00:00-23:59', '2026-11-24T12:00:00+14:01',
  '2026-11-24T12:00:00.123456789-07:00', '2026-11-24T12:00:00.1234567891Z', '+002026-11-24T12:00:00Z', '2026-11-24t12:00:00z',
];

/** The ticket's closedAt at an edge of the calendar. */
export function edgeDatedTicket(valid: fc.Arbitrary<TicketJson>): fc.Arbitrary<Json> {
  return fc.tuple(valid, fc.constantFrom(...EDGE_TIMESTAMPS)).map(([t, closedAt]) => ({ ...t, closedAt }));
}

/** Every path to a string in the ticket, and to each key. */
function stringPaths(value: Json, prefix: (string | number)[] = []): { path: (string | number)[]; key: boolean }[] {
  if (typeof value === 'string') return [{ path: prefix, key: false }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...prefix, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => [{ path: [...prefix, k], key: true }, ...stringPaths(v, [...prefix, k])]);
  }
  return [];
}

/** U+0000 (or an unpaired surrogate) put into one string of the ticket - any value or any key - at any place. */
export function nulTicket(valid: fc.Arbitrary<TicketJson>): fc.Arbitrary<Json> {
  return valid.chain((t) => fc.tuple(fc.constantFrom(...stringPaths(t)), fc.nat(), fc.constantFrom('\u0000', '\u0000', '\ud800', '\udfff')).map(([target, at, bad]) => {
    const copy = structuredClone(t) as unknown as Record<string | number, Json>;
    let node = copy;
    for (const key of target.path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
    const last = target.path.at(-1)!;
    const insert = (s: string) => `${s.slice(0, at % (s.length + 1))}${bad}${s.slice(at % (s.length + 1))}`;
    if (target.key) {
      const value = node[last];
      delete node[last];
      node[insert(String(last))] = value;
    } else node[last] = insert(node[last] as string);
    return copy;
  }));
}

/** A valid ticket with one or two of its fields changed. */
export function mutatedTicket(valid: fc.Arbitrary<TicketJson>): fc.Arbitrary<Json> {
  return valid.chain((t) => {
    const all = paths(t).filter((p) => p.length > 0);
    const one = fc.tuple(fc.constantFrom(...all), replacement);
    return fc.array(one, { minLength: 1, maxLength: 2 }).map((changes) => {
      let out: Json = t;
      for (const [path, value] of changes) {
        try {
          out = setAt(out, path, value);
        } catch {
          // An earlier change removed the path's parent: that change is mutation enough.
        }
      }
      return out;
    });
  });
}
