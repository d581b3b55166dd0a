/**
 * Array parameters in binary form (pglite-binary.ts) mean what their text form meant: the same
 * values come back from the server, on both stores (the server store keeps node-postgres's
 * text form, so any difference shows as a failure on one of them).
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, closeTestDatabase } from '../../test/support/stores.js';
import type { Database } from './index.js';
import { binaryArraySerializers, int4ArrayBinary, textArrayBinary } from './pglite-binary.js';

const NASTY = ['', 'NULL', 'null', '"', '\\', '{}', '{a,b}', 'a,b', ' padded ', 'Café', '🧾 receipt', '日本', 'line\nbreak', "it's"];

describe.each(backends())('array parameters on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(() => closeTestDatabase(database));

  const texts = async (values: readonly (string | null)[]) =>
    (await sql<{ v: string | null }>`SELECT v FROM unnest(${values}::text[]) WITH ORDINALITY AS x(v, n) ORDER BY n`.execute(database.db)).rows.map((r) => r.v);
  const ints = async (values: readonly (number | null)[]) =>
    (await sql<{ v: number | null }>`SELECT v FROM unnest(${values}::int[]) AS x(v)`.execute(database.db)).rows.map((r) => r.v);

  it('keeps quotes, escapes, braces, commas, "NULL" as text, unicode and nulls', async () => {
    const values = [...NASTY, null, 'after a null'];
    expect(await texts(values)).toEqual(values);
  });

  it('keeps integers at the edges of int4 and nulls', async () => {
    const values = [0, -1, 1, 2 ** 31 - 1, -(2 ** 31), null, 42];
    expect(await ints(values)).toEqual(values);
  });

  it('an empty array is an empty array', async () => {
    expect(await texts([])).toEqual([]);
    expect(await ints([])).toEqual([]);
  });

  it('a number out of int4 still gets the server\'s own refusal', async () => {
    await expect(ints([2 ** 31])).rejects.toThrow(/out of range/);
  });

  it('any strings come back as sent', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.option(fc.string({ unit: 'grapheme' }), { nil: null }), { maxLength: 40 }), async (values) => {
      const clean = values.map((v) => (v === null ? null : v.replaceAll('\u0000', '')));
      expect(await texts(clean)).toEqual(clean);
    }), { numRuns: 60 });
  });
});

describe('binary array layout', () => {
  it('writes PostgreSQL\'s array_send form: one dimension, nulls flagged, element type', () => {
    const b = Buffer.from(textArrayBinary(['é', null])!);
    expect([b.readInt32BE(0), b.readInt32BE(4), b.readInt32BE(8), b.readInt32BE(12), b.readInt32BE(16)]).toEqual([1, 1, 25, 2, 1]);
    expect(b.readInt32BE(20)).toBe(2);
    expect(b.subarray(24, 26).toString('utf8')).toBe('é');
    expect(b.readInt32BE(26)).toBe(-1);
  });

  it('leaves what it cannot write in binary to the text form', () => {
    expect(textArrayBinary([['nested']])).toBeNull();
    expect(int4ArrayBinary([1.5])).toBeNull();
    expect(int4ArrayBinary(['7'])).toBeNull();
    const own = { 1009: () => 'text form', 1007: () => 'text form' };
    const pool = binaryArraySerializers(own);
    expect(pool[1009]!([['nested']])).toBe('text form');
    expect(pool[1007]!([])).toBe('text form');
    expect(pool[1009]!(['a'])).toBeInstanceOf(Uint8Array);
    expect(pool[1007]!([1, null])).toBeInstanceOf(Uint8Array);
  });
});
