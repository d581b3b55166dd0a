import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIVATE_NOTE_MAX, parsePrivateNote, privateNoteFor } from './private-note.js';

describe('privateNoteFor', () => {
  it('reads `POS <location>/<ticket id> v<version>`, plus a detail', () => {
    expect(privateNoteFor('denver-1', '1042-0007', 1)).toBe('POS denver-1/1042-0007 v1');
    expect(privateNoteFor('denver-1', '1042-0007', 3, 'Credit Card')).toBe('POS denver-1/1042-0007 v3; Credit Card');
  });

  it('escapes only what would make it ambiguous', () => {
    expect(privateNoteFor('boulder/2', 'A:17 b', 2)).toBe('POS boulder%2F2/A:17%20b v2');
    expect(privateNoteFor('loc', '2026/11/24', 1)).toBe('POS loc/2026/11/24 v1');
    expect(privateNoteFor('100%', 'x', 1)).toBe('POS 100%25/x v1');
  });

  it('never exceeds QuickBooks 4000 characters: a long detail is cut', () => {
    const note = privateNoteFor('l'.repeat(64), ' '.repeat(64), 7, 'd'.repeat(5000));
    expect(note).toHaveLength(PRIVATE_NOTE_MAX);
    expect(note.endsWith('...')).toBe(true);
    expect(parsePrivateNote(note)).toEqual({ locationId: 'l'.repeat(64), ticketId: ' '.repeat(64), version: 7 });
  });
});

describe('parsePrivateNote', () => {
  it('finds the ticket again', () => {
    expect(parsePrivateNote('POS denver-1/1042-0007 v12; Cash')).toEqual({ locationId: 'denver-1', ticketId: '1042-0007', version: 12 });
  });

  it.each([
    '', 'POS', 'Paid in full', 'POS denver-1 v1', 'POS denver-1/ v1', 'POS /x v1', 'POS a/b v0', 'POS a/b v1x',
    'POS a/b v', 'pos a/b v1', 'POS a/b%zz v1', 'POS a/b v99999999999999999',
  ])('refuses a note it did not write: %j', (note) => {
    expect(parsePrivateNote(note)).toBeNull();
  });

  it('property: parses back exactly what was written, whatever the ids hold', () => {
    const id = fc.string({ unit: 'binary', minLength: 1, maxLength: 64 });
    const tricky = fc.string({ unit: fc.constantFrom('/', ' ', 'v', '1', '%', ';', ':', '\n', '\u3000', 'a'), minLength: 1, maxLength: 20 });
    fc.assert(fc.property(
      fc.oneof(id, tricky), fc.oneof(id, tricky), fc.integer({ min: 1, max: 2_147_483_647 }), fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
      (loc, ticketId, version, extra) => {
        expect(parsePrivateNote(privateNoteFor(loc, ticketId, version, extra))).toEqual({ locationId: loc, ticketId, version });
      }), { numRuns: 3000 });
  });
});
