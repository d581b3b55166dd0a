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
