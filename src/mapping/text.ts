/**
 * Text made safe for QuickBooks fields with a length limit. Lengths are UTF-16 code units
 * (QuickBooks is a Java service and Java counts them that way: the stricter reading, since a
 * character outside the BMP then counts twice), and a cut never splits a surrogate pair.
 */

// ':' is QuickBooks' hierarchy separator (Parent:Child) and forbidden in names. Control
// characters are not documented either way (UNCONFIRMED): the stricter choice is to send
// none, so they become plain spaces.
const FORBIDDEN = /:/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** ':' → '-', control characters → ' ', trimmed. */
export function cleanText(text: string): string {
  return text.replace(FORBIDDEN, '-').replace(CONTROL, ' ').trim();
}

/** The longest prefix of `text` within `max` UTF-16 units that does not split a character. */
export function cutTo(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a high surrogate whose pair would be cut off
  return text.slice(0, end);
}

/** Cleaned, cut to `max`, trimmed again (a cut can end on a space). */
export function cleanAndCut(text: string, max: number): string {
  return cutTo(cleanText(text), max).trimEnd();
}
