/**
 * QuickBooks' query language, the subset Intuit documents (quickbooks-facts §3):
 *   SELECT * | COUNT(*) FROM Entity [WHERE p op v [AND ...]] [ORDERBY p [ASC|DESC], ...]
 *   [STARTPOSITION n] [MAXRESULTS m]
 * with op one of = < > <= >= IN LIKE. No OR, no projections, no joins. Strings are single-quoted
 * with \' for an embedded quote. Any departure is 4001 "Invalid query" (QueryParserError).
 */
import { fault } from './errors.js';

export type Literal = string | number | boolean;
export type Operator = '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE';

export interface Condition {
  field: string;
  op: Operator;
  values: Literal[];
}

export interface ParsedQuery {
  count: boolean;
  entity: string;
  where: Condition[];
  orderBy: { field: string; desc: boolean }[];
  startPosition?: number;
  maxResults?: number;
}

type Token = { kind: 'word' | 'string' | 'number' | 'symbol'; text: string; value: Literal; at: number };

const SYMBOLS = ['<=', '>=', '<>', '!=', '=', '<', '>', '(', ')', ',', '*'];

function parserError(detail: string): Error {
  return fault.query(`QueryParserError: ${detail}`);
}

function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 1;
    } else if (c === "'") {
      return { value, end: i + 1 };
    } else {
      value += c;
    }
  }
  throw parserError(`Encountered an unterminated string at column ${start + 1}.`);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    if (rest[0] === "'") {
      const s = readString(text, i);
      tokens.push({ kind: 'string', text: text.slice(i, s.end), value: s.value, at: i });
      i = s.end;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    const symbol = SYMBOLS.find((s) => rest.startsWith(s));
    if (number) tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), at: i });
    else if (word) tokens.push({ kind: 'word', text: word[0], value: word[0], at: i });
    else if (symbol) tokens.push({ kind: 'symbol', text: symbol, value: symbol, at: i });
    else throw parserError(`Encountered "${rest[0]}" at line 1, column ${i + 1}.`);
    i += (number ?? word)?.[0].length ?? symbol?.length ?? 1;
  }
  return tokens;
}

class Cursor {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}
  peek(): Token | undefined {
    return this.tokens[this.index];
  }
  next(expected: string): Token {
    const token = this.tokens[this.index];
    if (!token) throw parserError(`Was expecting ${expected} at the end of the query.`);
    this.index += 1;
    return token;
  }
  isKeyword(word: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && t.text.toUpperCase() === word;
  }
  keyword(word: string): void {
    const t = this.next(word);
    if (t.kind !== 'word' || t.text.toUpperCase() !== word) throw parserError(`Encountered "${t.text}" at column ${t.at + 1}. Was expecting ${word}.`);
  }
  symbol(symbol: string): void {
    const t = this.next(`"${symbol}"`);
    if (t.kind !== 'symbol' || t.text !== symbol) throw parserError(`Encountered "${t.text}" at column ${t.at + 1}. Was expecting "${symbol}".`);
  }
  done(): boolean {
    return this.index >= this.tokens.length;
  }
}

const KEYWORDS = ['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'IN', 'LIKE', 'ORDERBY', 'ORDER', 'BY', 'ASC', 'DESC', 'STARTPOSITION', 'MAXRESULTS', 'COUNT'];

function field(c: Cursor): string {
  const t = c.next('a property name');
  if (t.kind !== 'word' || KEYWORDS.includes(t.text.toUpperCase())) throw parserError(`Encountered "${t.text}" at column ${t.at + 1}. Was expecting a property name.`);
  return t.text;
}

function literal(c: Cursor): Literal {
  const t = c.next('a value');
  if (t.kind === 'string' || t.kind === 'number') return t.value;
  if (t.kind === 'word' && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === 'true';
  throw parserError(`Encountered "${t.text}" at column ${t.at + 1}. Was expecting a value.`);
}

function condition(c: Cursor): Condition {
  const name = field(c);
  if (c.isKeyword('IN')) {
    c.keyword('IN');
    c.symbol('(');
    const values = [literal(c)];
    while (c.peek()?.text === ',') {
      c.symbol(',');
      values.push(literal(c));
    }
    c.symbol(')');
    return { field: name, op: 'IN', values };
  }
  if (c.isKeyword('LIKE')) {
    c.keyword('LIKE');
    return { field: name, op: 'LIKE', values: [literal(c)] };
  }
  const t = c.next('an operator');
  if (t.kind !== 'symbol' || !['=', '<', '>', '<=', '>='].includes(t.text)) {
    throw parserError(`Encountered "${t.text}" at column ${t.at + 1}. Was expecting one of = < > <= >= IN LIKE.`);
  }
  return { field: name, op: t.text as Operator, values: [literal(c)] };
}

function whole(c: Cursor, keyword: string): number {
  c.keyword(keyword);
  const t = c.next('a number');
  if (t.kind !== 'number' || !Number.isInteger(t.value)) throw parserError(`${keyword} takes a whole number, not "${t.text}".`);
  return t.value as number;
}

function projection(c: Cursor): boolean {
  if (c.isKeyword('COUNT')) {
    c.keyword('COUNT');
    c.symbol('(');
    c.symbol('*');
    c.symbol(')');
    return true;
  }
  const t = c.next('*');
  if (t.text !== '*') throw parserError(`Encountered "${t.text}" at column ${t.at + 1}. The simulator, like QuickBooks' documented subset, takes SELECT * or COUNT(*).`);
  return false;
}

function orderBy(c: Cursor): ParsedQuery['orderBy'] {
  if (c.isKeyword('ORDER')) {
    c.keyword('ORDER');
    c.keyword('BY');
  } else {
    c.keyword('ORDERBY');
  }
  const out: ParsedQuery['orderBy'] = [];
  do {
    if (out.length > 0) c.symbol(',');
    const name = field(c);
    const desc = c.isKeyword('DESC');
    if (desc || c.isKeyword('ASC')) c.next('ASC or DESC');
    out.push({ field: name, desc });
  } while (c.peek()?.text === ',');
  return out;
}

export function parseQuery(text: string): ParsedQuery {
  if (/\bOR\b/i.test(text.replace(/'(\\.|[^'\\])*'/g, "''"))) throw parserError('OR is not supported; run one query per alternative.');
  const c = new Cursor(tokenize(text));
  c.keyword('SELECT');
  const count = projection(c);
  c.keyword('FROM');
  const query: ParsedQuery = { count, entity: field(c), where: [], orderBy: [] };
  if (c.isKeyword('WHERE')) {
    c.keyword('WHERE');
    query.where.push(condition(c));
    while (c.isKeyword('AND')) {
      c.keyword('AND');
      query.where.push(condition(c));
    }
  }
  if (c.isKeyword('ORDERBY') || c.isKeyword('ORDER')) query.orderBy = orderBy(c);
  while (!c.done()) {
    if (c.isKeyword('STARTPOSITION') && query.startPosition === undefined) query.startPosition = whole(c, 'STARTPOSITION');
    else if (c.isKeyword('MAXRESULTS') && query.maxResults === undefined) query.maxResults = whole(c, 'MAXRESULTS');
    else {
      const t = c.next('the end of the query');
      throw parserError(`Encountered "${t.text}" at column ${t.at + 1}.`);
    }
  }
  return query;
}
