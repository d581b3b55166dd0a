import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indentJson } from './pretty-json.js';

/** The text with every whitespace outside strings removed. */
function tokens(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i];
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (!/\s/.test(ch)) out += ch;
  }
  return out;
}

describe('indentJson', () => {
  it('keeps every token as sent: numbers are not re-printed', () => {
    const raw = '{"total":"12.50","qty":1.50,"big":1e2,"neg":-0.0,"s":"a, b: {c}","e":[],"o":{}}';
    expect(indentJson(raw)).toBe([
      '{', '  "total": "12.50",', '  "qty": 1.50,', '  "big": 1e2,', '  "neg": -0.0,', '  "s": "a, b: {c}",', '  "e": [],', '  "o": {}', '}',
    ].join('\n'));
  });

  it('handles escaped quotes and backslashes inside strings', () => {
    const raw = '{"note":"say \\"hi\\" \\\\ ok","x":[1,2]}';
    const out = indentJson(raw);
    expect(JSON.parse(out)).toEqual(JSON.parse(raw));
    expect(out).toContain('"say \\"hi\\" \\\\ ok"');
  });

  it('returns text that is not JSON unchanged', () => {
    expect(indentJson('{"a": ')).toBe('{"a": ');
  });

  it('for any JSON text: same value, same tokens, only whitespace changed', () => {
    fc.assert(fc.property(fc.json(), fc.constantFrom('', ' ', '\n  '), (text, pad) => {
      const raw = pad + text + pad;
      const out = indentJson(raw);
      expect(JSON.parse(out)).toEqual(JSON.parse(raw));
      expect(tokens(out)).toBe(tokens(raw));
    }), { numRuns: 300 });
  });
});
