import { describe, expect, it } from 'vitest';
import { buildSelect, escapeQueryString, findByNameQuery, nameFieldOf, queryLiteral, rowsOf, whereEquals } from './query.js';

describe('query building', () => {
  it('escapes quotes and backslashes', () => {
    expect(escapeQueryString("O'Brien's")).toBe("O\\'Brien\\'s");
    expect(escapeQueryString('back\\slash')).toBe('back\\\\slash');
    // A trailing backslash must not escape the closing quote.
    expect(queryLiteral('ends with \\')).toBe("'ends with \\\\'");
    expect(queryLiteral("\\'")).toBe("'\\\\\\''");
  });

  it('writes numbers and booleans bare and refuses non-finite numbers', () => {
    expect(queryLiteral(12.5)).toBe('12.5');
    expect(queryLiteral(false)).toBe('false');
    expect(() => queryLiteral(Number.NaN)).toThrow(RangeError);
  });

  it('builds a full SELECT with AND-ed conditions and paging', () => {
    expect(buildSelect({
      entity: 'Invoice', where: [whereEquals('DocNumber', "A'1"), "TxnDate >= '2026-01-01'"],
      orderBy: 'Id', startPosition: 1001, maxResults: 1000,
    })).toBe("SELECT * FROM Invoice WHERE DocNumber = 'A\\'1' AND TxnDate >= '2026-01-01' ORDERBY Id STARTPOSITION 1001 MAXRESULTS 1000");
    expect(buildSelect({ entity: 'Item' })).toBe('SELECT * FROM Item');
  });

  it('refuses names that could inject query text', () => {
    expect(() => buildSelect({ entity: 'Item; DROP' })).toThrow(TypeError);
    expect(() => whereEquals("Name' OR '1'='1", 'x')).toThrow(TypeError);
    expect(() => buildSelect({ entity: 'Item', maxResults: 0 })).toThrow(RangeError);
  });

  it('finds by name including inactive records by default', () => {
    expect(findByNameQuery('Customer', "Joe's Diner")).toBe("SELECT * FROM Customer WHERE DisplayName = 'Joe\\'s Diner' AND Active IN (true, false)");
    expect(findByNameQuery('Item', 'Coffee', { includeInactive: false })).toBe("SELECT * FROM Item WHERE Name = 'Coffee'");
    expect(nameFieldOf('Vendor')).toBe('DisplayName');
    expect(nameFieldOf('PaymentMethod')).toBe('Name');
  });

  it('reads rows, and an empty result without the entity key as no rows', () => {
    expect(rowsOf({ Item: [{ Id: '1' }], startPosition: 1, maxResults: 1 }, 'Item')).toEqual([{ Id: '1' }]);
    expect(rowsOf({}, 'Item')).toEqual([]);
    expect(rowsOf(undefined, 'Item')).toEqual([]);
  });
});
