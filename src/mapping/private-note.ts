/**
 * The PrivateNote every document carries (posting-rules §2): `POS <locationId>/<ticket id>
 * v<version>`, then optionally `; <detail>` (a payment's method, a refund's tenders). The sync
 * finds documents again with it: QuickBooks cannot filter on PrivateNote, so it queries by
 * DocNumber/TxnDate and confirms the note in code. The note must therefore parse back
 * unambiguously whatever the ids hold: in the location id '/' is escaped, and in both ids
 * '%', whitespace and control characters are, as %XX (UTF-8). Ordinary ids read unchanged.
 */

/** QuickBooks' limit on PrivateNote (4000; UNCONFIRMED for every entity, so never exceeded). */
export const PRIVATE_NOTE_MAX = 4000;

const PREFIX = 'POS ';
const DETAIL_SEPARATOR = '; ';
const ELLIPSIS = '...';

export interface PrivateNoteRef {
  locationId: string;
  ticketId: string;
  version: number;
}

export function privateNoteFor(locationId: string, ticketId: string, version: number, extra?: string): string {
  const head = `${PREFIX}${escape(locationId, true)}/${escape(ticketId, false)} v${version}`;
  if (!extra) return head;
  const room = PRIVATE_NOTE_MAX - head.length - DETAIL_SEPARATOR.length;
  // Ids are at most 64 characters, so `room` is always far above zero; the detail is what gives.
  const detail = extra.length <= room ? extra : `${extra.slice(0, Math.max(0, room - ELLIPSIS.length))}${ELLIPSIS}`;
  return `${head}${DETAIL_SEPARATOR}${detail}`;
}

// Location: no '/', no whitespace; ticket id: no whitespace; then ' v<digits>', then the end or '; '.
const NOTE = /^POS ([^\s/]+)\/(\S+) v([1-9]\d{0,15})(?:$|; )/;

export function parsePrivateNote(note: string): PrivateNoteRef | null {
  const m = NOTE.exec(note);
  if (!m) return null;
  const [, loc = '', id = '', version = ''] = m;
  const locationId = unescape(loc);
  const ticketId = unescape(id);
  const v = Number(version);
  if (locationId === null || ticketId === null || !Number.isSafeInteger(v)) return null;
  return { locationId, ticketId, version: v };
}

const ESCAPE_LOCATION = /[%/\s\p{Cc}]/gu;
const ESCAPE_TICKET = /[%\s\p{Cc}]/gu;

function escape(text: string, isLocation: boolean): string {
  return text.replace(isLocation ? ESCAPE_LOCATION : ESCAPE_TICKET, (ch) => encodeURIComponent(ch));
}

function unescape(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null; // a '%' not followed by a valid escape: not a note we wrote
  }
}
