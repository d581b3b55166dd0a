/**
 * Named prepared statements over PGlite. PGlite's `query()` parses, analyses and plans its text
 * anew on every call; the embedded store runs a few statements over and over (a run's journal
 * entry before each request, a page's claim and settlement), and in WebAssembly on the baseline
 * compiler that preparation was most of a small statement's cost: a one-row journal entry 0.76–0.99
 * ms of CPU back to back, 0.29–0.38 prepared; 2.25 against 1.3 after a pause like a run's wait
 * for QuickBooks. Each text is prepared once (Parse + Describe of its parameters), then each call
 * is one Bind, Describe, Execute and Sync in one exchange with the engine. PostgreSQL re-plans a
 * prepared statement itself when a table or its statistics change (VACUUM ANALYZE, a migration),
 * and chooses a generic plan after five executions only when it costs no more than the custom ones.
 *
 * What it keeps from PGlite's own path: the parameter types the server infers, each value through
 * the same serializers (the binary arrays of pglite-binary.ts among them), rows through PGlite's
 * parsers, errors as PGlite's DatabaseError with the query and parameters attached. Statements
 * beyond MAX_STATEMENTS go through `query()` unprepared (a store holds far fewer distinct texts).
 * What it leaves out: PGlite's file-system sync after each statement, which does nothing on the
 * file systems the store uses (Node's, or memory), and its blob device (COPY to or from a file).
 *
 * Each exchange hands the engine's answer to a handler of ours (`execProtocolRawStream`).
 * `execProtocolRawSync` alone gives it to PGlite's default handler, which parses every message
 * once more and keeps it in a list that only PGlite's own `query()` and `exec()` empty: a run
 * that went through prepared statements kept every row it read or wrote back until the process
 * ended, ~10 MB of the JavaScript heap over 10,000 tickets, which each full collection marked
 * again. Measured on `tillbooks sync`, 9,827 tickets, paced, alternated: 8.90 and 8.98 s of
 * CPU before, 8.62 and 8.36 after; peak RSS 367 → 343–351 MB.
 */
import { parse, protocol } from '@electric-sql/pglite';
import type { PGlite, Results } from '@electric-sql/pglite';

type Serializer = (value: unknown) => unknown;
type Message = { name: string; dataTypeIDs?: number[]; status?: string; code?: string };

const MAX_STATEMENTS = 200;
/** A statement that changes what tables look like: prepared results may no longer fit them. */
const DDL = /\b(ALTER|CREATE|DROP|TRUNCATE)\b/i;
/** PostgreSQL's "cached plan must not change result type" (a table changed under a prepared statement). */
const PLAN_CHANGED_RESULT = '0A000';

interface Statement {
  name: string;
  oids: number[];
}

export interface PreparedStatements {
  /** Runs one parameterized statement prepared; null when the cache is full (use `query()`). */
  run<R>(sql: string, params: readonly unknown[]): Promise<Results<R> | null>;
  /** After a simple-protocol text ran: a schema change drops every prepared statement. */
  afterSimple(sql: string): Promise<void>;
}

export function preparedStatements(pg: PGlite, serializers: Record<number, Serializer>): PreparedStatements {
  const statements = new Map<string, Statement>();
  let made = 0;

  // As query() does: refused once closed, and only once the engine is ready.
  const exchange = async (parts: Uint8Array[]): Promise<Message[]> => {
    if (pg.closed) throw new Error('PGlite is closed');
    await pg.waitReady;
    return pg.runExclusive(async () => {
      // The answer's bytes come to our handler, as views of the engine's memory: copied at once.
      const chunks: Uint8Array[] = [];
      await pg.execProtocolRawStream(concat(parts), { syncToFs: false, onRawData: (data) => { chunks.push(data.slice()); } });
      const messages: Message[] = [];
      // Mostly one chunk, already a copy: joined only when the engine answered in several.
      new protocol.Parser().parse(chunks.length === 1 ? chunks[0]! : concat(chunks), (m: Message) => messages.push(m));
      return messages;
    });
  };

  const prepare = async (sql: string): Promise<Statement> => {
    const name = `tillbooks_${++made}`;
    const messages = await exchange([protocol.serialize.parse({ name, text: sql }), protocol.serialize.describe({ type: 'S', name }), protocol.serialize.sync()]);
    throwIfError(messages, sql, []);
    const described = messages.find((m) => m.name === 'parameterDescription');
    const statement = { name, oids: described?.dataTypeIDs ?? [] };
    statements.set(sql, statement);
    return statement;
  };

  const forget = async (names: string[]): Promise<void> => {
    if (names.length === 0) return;
    // Close is honoured even in a failed transaction; closing an unknown name is no error.
    await exchange([...names.map((name) => protocol.serialize.close({ type: 'S', name })), protocol.serialize.sync()]);
  };

  const execute = async <R>(sql: string, params: readonly unknown[], retried: boolean): Promise<Results<R> | null> => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= MAX_STATEMENTS) return null;
      statement = await prepare(sql);
    }
    const values = params.map((v, i) => serialize(v, serializers[statement.oids[i]!] ?? pg.serializers[statement.oids[i]!]));
    const messages = await exchange([
      protocol.serialize.bind({ statement: statement.name, values: values as (string | null)[] }),
      protocol.serialize.describe({ type: 'P' }), protocol.serialize.execute({}), protocol.serialize.sync(),
    ]);
    const error = messages.find((m) => m.name === 'error');
    if (error?.code === PLAN_CHANGED_RESULT) {
      statements.delete(sql);
      await forget([statement.name]);
      // Outside a transaction nothing was done: prepared afresh, the statement runs as asked.
      const idle = messages.some((m) => m.name === 'readyForQuery' && m.status === 'I');
      if (idle && !retried) return execute(sql, params, true);
    }
    throwIfError(messages, sql, params);
    return parse.parseResults(messages as never, pg.parsers)[0] as Results<R>;
  };

  return {
    run: (sql, params) => execute(sql, params, false),
    async afterSimple(sql) {
      if (statements.size === 0 || !DDL.test(sql)) return;
      const names = [...statements.values()].map((s) => s.name);
      statements.clear();
      await forget(names);
    },
  };
}

function serialize(value: unknown, serializer: Serializer | undefined): unknown {
  if (value === null || value === undefined) return null;
  return serializer ? serializer(value) : String(value);
}

/** As PGlite's own query() throws: its DatabaseError, with the query and parameters attached. */
function throwIfError(messages: Message[], sql: string, params: readonly unknown[]): void {
  const error = messages.find((m) => m.name === 'error');
  if (!error) return;
  Object.assign(error, { query: sql, params, queryOptions: undefined });
  throw error;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.byteLength;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
