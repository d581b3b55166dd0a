import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOC_NUMBER_MAX, docNumberFor } from './doc-number.js';

describe('docNumberFor', () => {
  it('is the ticket id when it fits in 21 characters', () => {
    expect(docNumberFor('1042-0007')).toBe('1042-0007');
    expect(docNumberFor('x'.repeat(21))).toBe('x'.repeat(21));
  });

  it('is a fixed 21-character form for a longer id: a prefix and a hash of the whole id', () => {
    const id = '2026-11-24-denver-1-register-3-000123';
    const doc = docNumberFor(id);
    expect(doc).toHaveLength(21);
    expect(doc).toMatch(/^2026-11-24-d-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(docNumberFor(id)).toBe(doc);
  });

  it('keeps long ids that differ only after the prefix apart', () => {
    const a = docNumberFor(`${'x'.repeat(40)}-a`);
    const b = docNumberFor(`${'x'.repeat(40)}-b`);
    expect(a).not.toBe(b);
    expect(a.slice(0, 12)).toBe(b.slice(0, 12));
  });

  it('replaces ":" (stricter: undocumented whether QuickBooks takes it) and trims', () => {
    expect(docNumberFor('A:17')).toBe('A-17');
    expect(docNumberFor('  12  ')).toBe('12');
  });

  it('hashes an id that cleans to nothing', () => {
    expect(docNumberFor('   ')).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
  });

  it('property: at most 21 characters, never empty, free of ":", deterministic', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }), (id) => {
      const doc = docNumberFor(id);
      expect(doc.length).toBeGreaterThan(0);
      expect(doc.length).toBeLessThanOrEqual(DOC_NUMBER_MAX);
      expect(doc).not.toContain(':');
      expect(docNumberFor(id)).toBe(doc);
    }), { numRuns: 3000 });
  });
});
