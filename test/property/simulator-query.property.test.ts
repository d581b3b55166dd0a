/**
 * The simulator's query language never crashes (issue 7): any text is either a result or a
 * 4001 "Invalid query" fault - never another exception in-process, never a 500 over HTTP.
 * Three kinds of input: arbitrary text, soup of the language's own tokens, and near-valid
 * queries built from the grammar (real entities, filterable and unknown fields, every
 * operator, literals of every type, paging) - the last reach the executor, not only the parser.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_DEFS } from '../../src/sandbox/entity-registry.js';
import type { FieldKind } from '../../src/sandbox/entity-registry.js';
import { QboFault } from '../../src/sandbox/errors.js';
import { startSimulator } from '../../src/sandbox/index.js';
import type { Simulator } from '../../src/sandbox/index.js';
import { parseQuery } from '../../src/sandbox/query-parser.js';

const ENTITIES = ['Invoice', 'Payment', 'RefundReceipt', 'SalesReceipt', 'Customer', 'Item', 'Account', 'PaymentMethod', 'Vendor',
  'JournalEntry', 'Bill', 'CompanyInfo', 'Preferences', 'invoice', 'Nope', '__proto__', 'constructor'];
const FIELDS = ['Id', 'DocNumber', 'TxnDate', 'TotalAmt', 'Balance', 'CustomerRef', 'Name', 'DisplayName', 'Active', 'Type', 'Sku',
  'AccountType', 'MetaData.CreateTime', 'Metadata.LastUpdatedTime', 'PrivateNote', 'Line.Amount', 'toString', '__proto__.x', 'constructor'];
const OPS = ['=', '=', '<', '>', '<=', '>=', 'IN', 'IN', 'LIKE', 'LIKE', '!='];

const quoted = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const literal = fc.oneof(
  fc.string({ maxLength: 12 }).map(quoted),
  fc.constantFrom("'2026-11-24'", "'2026-11-24T10:00:00-08:00'", "'not-a-date'", "'%'", "'A%'", "'%\\'%'", "''"),
  fc.integer({ min: -1e6, max: 1e12 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((d) => String(d)),
  fc.constantFrom('true', 'false', 'TRUE', 'null', '1e400', '00012.50', '-0', '99999999999999999999999'),
);
const condition = fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...OPS), fc.array(literal, { minLength: 1, maxLength: 4 }))
  .map(([f, op, vs]) => (op === 'IN' ? `${f} IN (${vs.join(', ')})` : `${f} ${op} ${vs[0]}`));
const paging = fc.tuple(
  fc.option(fc.constantFrom('ORDERBY TotalAmt DESC', 'ORDER BY Id', 'ORDERBY Name ASC, Id DESC', 'ORDERBY Nope', 'ORDERBY'), { nil: '' }),
  fc.option(fc.constantFrom(1, 1, 2, 3, 0, -1, 5000).map((n) => `STARTPOSITION ${n}`), { nil: '' }),
  fc.option(fc.constantFrom(1, 10, 100, 1000, 1001, 0, -1).map((n) => `MAXRESULTS ${n}`), { nil: '' }),
).map((parts) => parts.join(' '));
/** Near-valid: the grammar's shape, with anything in its slots; now and then a broken end. */
const junk = fc.oneof({ arbitrary: fc.constant(''), weight: 8 }, { arbitrary: fc.constantFrom(' AND', ' OR Id = 1', ' )', " '", ' ORDERBY'), weight: 1 });
const grammarQuery = fc.tuple(fc.constantFrom('SELECT *', 'select *', 'SELECT *', 'SELECT COUNT(*)', 'SELECT count(*)', 'SELECT Id'),
  fc.constantFrom(...ENTITIES), fc.array(condition, { maxLength: 3 }), paging, junk)
  .map(([head, entity, conds, tail, end]) => `${head} FROM ${entity}${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''} ${tail}${end}`);
const tokenSoup = fc.array(fc.constantFrom('SELECT', '*', 'FROM', 'WHERE', 'AND', 'IN', 'LIKE', '(', ')', ',', "'x'", "'", '\\', '=', '<=',
  'ORDERBY', 'ORDER', 'BY', 'DESC', 'STARTPOSITION', 'MAXRESULTS', 'COUNT(*)', 'Invoice', 'Id', 'TotalAmt', '12.5', '-1', 'true'), { maxLength: 14 })
  .map((t) => t.join(' '));
/** Well-formed: a real entity, its filterable fields, operators and literals of the right kind. */
const KIND_LITERALS: Record<FieldKind, fc.Arbitrary<string>> = {
  id: fc.constantFrom("'1'", "'7'", "'1000'", '3', "'x'"),
  string: fc.constantFrom("'A-1'", "'C-3'", "'Fuzz Guest'", "'A%'", "'%-%'", "''", "'Services'"),
  money: fc.constantFrom('12.5', '0.99', '1000', '1000.00', '-1', '0'),
  boolean: fc.constantFrom('true', 'false'),
  date: fc.constantFrom("'2026-11-24'", "'2026-01-01'", "'2030-12-31'"),
  datetime: fc.constantFrom("'2026-11-24T10:00:00-08:00'", "'2000-01-01T00:00:00Z'", "'2100-01-01T00:00:00-08:00'"),
  ref: fc.constantFrom("'1'", "'2'", "'58'"),
};
const wellFormed = fc.constantFrom(...ENTITY_DEFS).chain((def) => {
  const fields = Object.entries(def.filterable);
  const cond = fc.constantFrom(...fields).chain(([name, kind]) => fc.tuple(
    fc.constant(name), fc.constantFrom(...(kind === 'boolean' ? ['=', 'IN'] : kind === 'string' ? ['=', 'IN', 'LIKE', '<', '>='] : ['=', 'IN', '<', '>', '<=', '>='])),
    fc.array(KIND_LITERALS[kind], { minLength: 1, maxLength: 3 }),
  )).map(([name, op, vs]) => (op === 'IN' ? `${name} IN (${vs.join(', ')})` : `${name} ${op} ${vs[0]}`));
  const order = fc.option(fc.constantFrom(...fields.map(([name]) => name)).chain((f) => fc.constantFrom(`ORDERBY ${f}`, `ORDERBY ${f} DESC`)), { nil: '' });
  return fc.tuple(fc.constantFrom('SELECT *', 'SELECT COUNT(*)'), fc.array(cond, { maxLength: 2 }), order,
    fc.option(fc.constantFrom('STARTPOSITION 1', 'STARTPOSITION 2', 'MAXRESULTS 2', 'MAXRESULTS 1000'), { nil: '' }))
    .map(([head, conds, ord, page]) => `${head} FROM ${def.name}${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''} ${ord} ${page}`.trim());
});
const anyText = fc.oneof(
  { arbitrary: wellFormed, weight: 4 },
  { arbitrary: fc.string({ maxLength: 80 }), weight: 1 }, { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: tokenSoup, weight: 1 }, { arbitrary: grammarQuery, weight: 4 },
);

/** 'ok', or the fault's code; anything else thrown propagates and fails the property. */
function parseOutcome(text: string): string {
  try {
    parseQuery(text);
    return 'ok';
  } catch (e) {
    if (e instanceof QboFault) return e.errors[0]?.code ?? 'no code';
    throw e;
  }
}

describe('simulator query language under fuzzing', () => {
  it('the parser returns a query or a 4001 fault, for any text', () => {
    const seen = { ok: 0, '4001': 0 };
    fc.assert(fc.property(anyText, (text) => {
      const outcome = parseOutcome(text);
      expect(['ok', '4001']).toContain(outcome);
      seen[outcome as keyof typeof seen]++;
    }), { numRuns: 3000 });
    // The inputs reach both ends: many parse (and go on to the executor over HTTP), many do not.
    expect(seen.ok).toBeGreaterThan(300);
    expect(seen['4001']).toBeGreaterThan(300);
  });

  describe('over HTTP', () => {
    let sim: Simulator;
    let get: (text: string, method?: 'GET' | 'POST') => Promise<{ status: number; body: string }>;
    beforeAll(async () => {
      sim = await startSimulator({ limits: { enabled: false } });
      const { realmId } = sim.createCompany({ name: 'Fuzz Café' });
      const token = sim.issueTokens(realmId).access_token;
      const base = `${sim.urls.api}/v3/company/${realmId}`;
      get = async (text, method = 'GET') => {
        const url = new URL(`${base}/query`);
        url.searchParams.set('minorversion', '75');
        if (method === 'GET') url.searchParams.set('query', text);
        const res = await fetch(url, {
          method, headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'content-type': 'application/text' } : {}) },
          ...(method === 'POST' ? { body: text } : {}),
        });
        return { status: res.status, body: await res.text() };
      };
      // Records of the kinds the queries name, so filters and ordering have rows to compare.
      const post = async (entity: string, body: unknown) => (await (await fetch(`${base}/${entity}?minorversion=75`, {
        method: 'POST', headers: { accept: 'application/json', authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
      })).json()) as Record<string, { Id: string }>;
      const customer = (await post('customer', { DisplayName: 'Fuzz Guest' })).Customer!.Id;
      const items = JSON.parse((await get("SELECT * FROM Item WHERE Name = 'Services'")).body) as { QueryResponse: { Item: { Id: string }[] } };
      const item = items.QueryResponse.Item[0]!.Id;
      for (const [doc, amount] of [['A-1', 12.5], ['B-2', 0.99], ['C-3', 1000]] as const) {
        const invoice = (await post('invoice', { CustomerRef: { value: customer }, DocNumber: doc, TxnDate: '2026-11-24',
          Line: [{ DetailType: 'SalesItemLineDetail', Amount: amount, SalesItemLineDetail: { ItemRef: { value: item } } }] })).Invoice!;
        await post('payment', { CustomerRef: { value: customer }, TotalAmt: amount, Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] });
      }
    });
    afterAll(async () => { await sim?.close(); });

    it('answers 200 with a QueryResponse or 400 with Fault 4001, never a 500', async () => {
      let rows = 0;
      await fc.assert(fc.asyncProperty(anyText, fc.constantFrom('GET' as const, 'POST' as const), async (text, method) => {
        const { status, body } = await get(text, method);
        if (status === 200 && /"(Invoice|Payment|Customer|Item|Account)":\[/.test(body)) rows++;
        expect(status, body).not.toBeGreaterThanOrEqual(500);
        const json = JSON.parse(body) as { QueryResponse?: unknown; Fault?: { Error: { code: string }[] } };
        if (status === 200) expect(json.QueryResponse).toBeDefined();
        else {
          expect(status).toBe(400);
          expect(json.Fault?.Error[0]?.code).toBe('4001');
        }
      }), { numRuns: 400 });
      // Some queries matched stored rows: the executor's comparisons ran, not only its refusals.
      // (About 10 of 400 random queries do; "more than 5" failed once in ~20 runs, so: some.)
      expect(rows).toBeGreaterThan(0);
    });
    it('has the rows it fuzzes against', async () => {
      expect((await get("SELECT * FROM Invoice WHERE DocNumber IN ('A-1', 'C-3')")).body).toMatch(/"DocNumber":"C-3"/);
    });
  });
});
