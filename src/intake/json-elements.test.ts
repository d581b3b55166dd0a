import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonArraySplitter, splitJsonArray } from './json-elements.js';

describe('splitJsonArray', () => {
  it('keeps each element exactly as sent, with its line', () => {
    const text = '[\n  {"a": "x,]}", "b": [1, 2]},\n  {"q": 0.750}\n]\n';
    expect(splitJsonArray(text)).toEqual([
      { text: '{"a": "x,]}", "b": [1, 2]}', line: 2, index: 0 },
      { text: '{"q": 0.750}', line: 3, index: 1 },
    ]);
  });

  it('handles escaped quotes, primitives and the empty array', () => {
    expect(splitJsonArray('[{"s":"a\\"}"}, 12, "x" ,null]').map((e) => e.text)).toEqual(['{"s":"a\\"}"}', '12', '"x"', 'null']);
    expect(splitJsonArray(' [ ] ')).toEqual([]);
  });

  it('refuses what is not an array, with the line', () => {
    expect(() => splitJsonArray('{"a":1}')).toThrow('line 1: expected a JSON array');
    expect(() => splitJsonArray('[{"a":1}\n{"b":2}]')).toThrow('line 2: expected "," or "]"');
    expect(() => splitJsonArray('[{"a":1},')).toThrow('not closed');
    expect(() => splitJsonArray('[1,,2]')).toThrow('expected a value');
    expect(() => splitJsonArray('[1] x')).toThrow('after the closing');
    expect(() => splitJsonArray('')).toThrow('empty input');
  });

  it('gives the same elements whatever the chunking', () => {
    fc.assert(fc.property(
      fc.array(fc.jsonValue(), { maxLength: 8 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      (values, cuts) => {
        const text = `[\n${values.map((v) => JSON.stringify(v, null, 1)).join(',\n')}\n]`;
        const splitter = new JsonArraySplitter();
        const positions = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const elements = [];
        let last = 0;
        for (const p of [...positions, text.length]) {
          elements.push(...splitter.push(text.slice(last, p)));
          last = p;
        }
        splitter.end();
        expect(elements.map((e) => JSON.parse(e.text))).toEqual(values.map((v) => JSON.parse(JSON.stringify(v))));
      },
    ));
  });
});
