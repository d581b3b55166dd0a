import { describe, expect, it } from 'vitest';
import { QboFault } from './errors.js';
import { parseQuery } from './query-parser.js';

const codeOf = (text: string) => {
  try {
    parseQuery(text);
    return 'parsed';
  } catch (e) {
    return e instanceof QboFault ? e.errors[0]?.code : String(e);
  }
};

describe('query parser', () => {
  it('parses the documented subset', () => {
    expect(parseQuery("select * from Invoice where DocNumber = 'A\\'1' AND TotalAmt >= 10.5 Order By Metadata.LastUpdatedTime DESC STARTPOSITION 11 MAXRESULTS 10")).toEqual({
      count: false, entity: 'Invoice',
      where: [{ field: 'DocNumber', op: '=', values: ["A'1"] }, { field: 'TotalAmt', op: '>=', values: [10.5] }],
      orderBy: [{ field: 'Metadata.LastUpdatedTime', desc: true }], startPosition: 11, maxResults: 10,
    });
    expect(parseQuery('SELECT COUNT(*) FROM Customer WHERE Active IN (true, false)')).toMatchObject({
      count: true, entity: 'Customer', where: [{ field: 'Active', op: 'IN', values: [true, false] }],
    });
    expect(parseQuery("SELECT * FROM Item WHERE Name LIKE 'Gift%'").where[0]).toEqual({ field: 'Name', op: 'LIKE', values: ['Gift%'] });
  });

  it.each([
    "SELECT * FROM Customer WHERE DisplayName = 'a' OR DisplayName = 'b'",
    'SELECT Id, DisplayName FROM Customer',
    "SELECT * FROM Customer WHERE DisplayName != 'a'",
    "SELECT * FROM Customer WHERE DisplayName = 'unterminated",
    'SELECT * FROM',
    'DELETE FROM Customer',
    'SELECT * FROM Customer MAXRESULTS ten',
  ])('refuses %s with 4001', (text) => {
    expect(codeOf(text)).toBe('4001');
  });

  it('does not mistake OR inside a string or a word for the operator', () => {
    expect(codeOf("SELECT * FROM Customer WHERE DisplayName = 'Oregon OR Bust' ORDERBY DisplayName")).toBe('parsed');
  });
});
