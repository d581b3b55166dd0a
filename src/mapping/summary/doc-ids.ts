/**
 * How a summary day's documents are found again (summary-mode §4): a DocNumber made of
 * the document's letter, the date and the location (`D-20260307-denver-1`; `C-` for the COGS
 * entry, `W-` for the drawer entry), and a PrivateNote naming location, date and revision.
 * The DocNumber is a search key, never the identity: the note confirms a match.
 */
import { createHash } from 'node:crypto';
import { isIsoDate } from '../../domain/business-date.js';
import { DOC_NUMBER_MAX } from '../doc-number.js';
import { cleanText, cutTo } from '../text.js';

export type SummaryDocument = 'salesReceipt' | 'cogs' | 'drawer';

const LETTER: Record<SummaryDocument, string> = { salesReceipt: 'D', cogs: 'C', drawer: 'W' };
const NOTE_WORD: Record<SummaryDocument, string> = { salesReceipt: '', cogs: 'COGS ', drawer: 'drawer ' };

// Crockford's base32, as doc-number.ts: no I, L, O, U to misread.
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
// `D-20260307-` leaves 10 characters: a location id that does not fit keeps its first 4, then
// '-' and 25 bits of a hash of the whole id (two long ids sharing 4 characters stay apart).
const HASH_CHARS = 5;

/** ≤ 21 characters, the same for a location and date whatever the revision. */
export function summaryDocNumber(document: SummaryDocument, locationId: string, businessDate: string): string {
  const head = `${LETTER[document]}-${businessDate.replace(/-/g, '')}-`;
  const room = DOC_NUMBER_MAX - head.length;
  const clean = cleanText(locationId).replace(/\s+/g, '-');
  if (clean.length > 0 && clean.length <= room) return `${head}${clean}`;
  const prefix = cutTo(clean, room - 1 - HASH_CHARS);
  return `${head}${prefix ? `${prefix}-` : ''}${shortHash(locationId)}`;
}

function shortHash(text: string): string {
  const digest = createHash('sha256').update(text, 'utf8').digest();
  let bits = 0;
  for (let i = 0; i < 4; i++) bits = bits * 256 + (digest[i] ?? 0);
  let out = '';
  for (let i = 0; i < HASH_CHARS; i++) {
    out = (BASE32[bits % 32] ?? '0') + out;
    bits = Math.floor(bits / 32);
  }
  return out;
}

/** `POS summary denver-1 2026-03-07 r1`, `POS summary COGS …`, `POS summary drawer …`. */
export function summaryPrivateNote(document: SummaryDocument, locationId: string, businessDate: string, revision: number): string {
  return `POS summary ${NOTE_WORD[document]}${escapeId(locationId)} ${businessDate} r${revision}`;
}

export interface SummaryNoteRef {
  document: SummaryDocument;
  locationId: string;
  businessDate: string;
  revision: number;
}

// A location named "COGS" reads back as the receipt's location: the optional word needs a
// location after it, so backtracking settles it either way.
const NOTE = /^POS summary (?:(COGS|drawer) )?(\S+) (\d{4}-\d{2}-\d{2}) r([1-9]\d{0,15})$/;

export function parseSummaryNote(note: string): SummaryNoteRef | null {
  const m = NOTE.exec(note);
  if (!m) return null;
  const [, word, loc = '', businessDate = '', rev = ''] = m;
  const locationId = unescapeId(loc);
  const revision = Number(rev);
  if (locationId === null || !isIsoDate(businessDate) || !Number.isSafeInteger(revision)) return null;
  const document: SummaryDocument = word === 'COGS' ? 'cogs' : word === 'drawer' ? 'drawer' : 'salesReceipt';
  return { document, locationId, businessDate, revision };
}

// As private-note.ts: '%', whitespace and control characters %-escaped, so the note parses back.
function escapeId(text: string): string {
  return text.replace(/[%\s\p{Cc}]/gu, (ch) => encodeURIComponent(ch));
}

function unescapeId(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
