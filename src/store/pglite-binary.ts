/**
 * Parameters of text[] and int4[] sent to PGlite in PostgreSQL's binary format. The bulk
 * statements of a run (a page's settlements, its history lines, each batch's journal entries)
 * pass their rows as parallel arrays (unnest); PGlite writes an array parameter as a quoted,
 * escaped literal and then measures and encodes that text character by character in
 * JavaScript, which `tillbooks sync` runs without its optimizing compiler (lib/one-run-v8.ts).
 * The binary form is built with Buffer's native UTF-8 encoding and read by the server without
 * parsing quotes and escapes. PGlite sends a serializer's Uint8Array as a binary parameter.
 *
 * Binary array layout (PostgreSQL's array_send): dimensions, has-nulls flag, element type,
 * then per dimension its length and lower bound (1); then each element as its byte length
 * (-1 for null) and its bytes. Only one-dimensional arrays are written so; anything else
 * (nested arrays, values of another kind) is left to PGlite's own text serializer.
 */
const TEXT = 25;
const INT4 = 23;
const TEXT_ARRAY = 1009;
const INT4_ARRAY = 1007;
const INT4_MIN = -(2 ** 31);
const INT4_MAX = 2 ** 31 - 1;
/** Dimensions, has-nulls flag, element type, length and lower bound of the one dimension. */
const HEADER_BYTES = 20;

type Serializer = (value: unknown) => string;

/** text[]: each element as PGlite's own serializer would write it (String of a non-null value), in UTF-8. */
export function textArrayBinary(values: readonly unknown[]): Uint8Array | null {
  const texts: (string | null)[] = new Array(values.length);
  const lengths: number[] = new Array(values.length);
  let size = HEADER_BYTES;
  let hasNull = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      hasNull = 1;
      texts[i] = null;
      lengths[i] = -1;
      size += 4;
      continue;
    }
    if (typeof v === 'object' || typeof v === 'function') return null;
    const text = String(v);
    texts[i] = text;
    lengths[i] = Buffer.byteLength(text, 'utf8');
    size += 4 + lengths[i]!;
  }
  // One buffer, each string written into it natively: no buffer per element, no concatenation.
  const out = Buffer.allocUnsafe(size);
  let at = writeHeader(out, values.length, hasNull, TEXT);
  for (let i = 0; i < texts.length; i++) {
    at = writeInt32(out, at, lengths[i]!);
    const text = texts[i];
    if (text) at += out.write(text, at, 'utf8');
  }
  return out;
}

/** int4[]: integers in range (or null) only; anything else goes as text and the server says what is wrong. */
export function int4ArrayBinary(values: readonly unknown[]): Uint8Array | null {
  const out = Buffer.allocUnsafe(HEADER_BYTES + values.length * 8);
  let at = HEADER_BYTES;
  let hasNull = 0;
  for (const v of values) {
    if (v === null || v === undefined) {
      hasNull = 1;
      at = writeInt32(out, at, -1);
      continue;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < INT4_MIN || v > INT4_MAX) return null;
    at = writeInt32(out, writeInt32(out, at, 4), v);
  }
  writeHeader(out, values.length, hasNull, INT4);
  return out.subarray(0, at);
}

function writeHeader(out: Buffer, length: number, hasNull: number, elementType: number): number {
  let at = writeInt32(out, 0, 1);
  at = writeInt32(out, at, hasNull);
  at = writeInt32(out, at, elementType);
  at = writeInt32(out, at, length);
  return writeInt32(out, at, 1);
}

/** Big-endian int32 by hand: Buffer's writeInt32BE is JavaScript with range checks, run unoptimised here. */
function writeInt32(out: Buffer, at: number, n: number): number {
  out[at] = n >>> 24;
  out[at + 1] = (n >>> 16) & 0xff;
  out[at + 2] = (n >>> 8) & 0xff;
  out[at + 3] = n & 0xff;
  return at + 4;
}

/** An empty array has no dimensions in PostgreSQL's binary form; its text form is short anyway. */
function binaryOr(encode: (values: readonly unknown[]) => Uint8Array | null, text: Serializer): Serializer {
  return (value) => {
    const binary = Array.isArray(value) && value.length > 0 ? encode(value) : null;
    return (binary ?? text(value)) as string;
  };
}

/**
 * The serializers the pool passes with every parameterised query (PGlite's
 * QueryOptions.serializers), falling back to the instance's own (`pg.serializers`, which
 * holds the array types once PGlite has read them from its catalogue).
 */
export function binaryArraySerializers(own: Readonly<Record<number, Serializer>>): Record<number, Serializer> {
  return {
    [TEXT_ARRAY]: binaryOr(textArrayBinary, (v) => own[TEXT_ARRAY]!(v)),
    [INT4_ARRAY]: binaryOr(int4ArrayBinary, (v) => own[INT4_ARRAY]!(v)),
  };
}
