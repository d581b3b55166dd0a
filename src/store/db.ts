/**
 * Opens the store: embedded PGlite under the data folder, or a PostgreSQL server when
 * DATABASE_URL is set. Both go through Kysely's PostgreSQL compiler, so one query layer
 * serves both. Type parsing is the same on both: bigint → number (cents and ids stay far
 * below 2^53), date → 'YYYY-MM-DD' string (a date has no time zone; a JS Date would invent one).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import type pgTypes from 'pg';
import { sharedBuffers } from './buffer-pool.js';
import { makePglitePool } from './pglite-pool.js';
import type { DB } from './schema.js';

export interface StoreOptions {
  /** postgres://… for a server; absent for embedded PGlite. */
  databaseUrl?: string;
  /** A schema to work in (created if missing); default public. */
  schema?: string;
  /** Where embedded PGlite keeps its files; absent → in memory (tests). */
  dataDir?: string;
  /** Server pool size (default 10). */
  poolSize?: number;
}

/** The query handle the store's modules take: callers hold it, only the store writes SQL with it. */
export type Db = Kysely<DB>;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Where a PostgreSQL server store lives (the job queue opens its own connections there). */
  readonly server?: { readonly url: string; readonly schema: string };
  /** Runs SQL text that may hold several statements (migrations). */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
}

const INT8 = 20;
const DATE = 1082;
const parseInt8 = (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${v} does not fit a JS number`);
  return n;
};
const keepText = (v: string) => v;

/**
 * PostgreSQL settings of the embedded store (PGlite: one backend in this process, no
 * background workers).
 * - shared_buffers: PGlite's buffer pool lives in the process' own (WASM) memory, and its files
 *   are read through the host's page cache anyway, so it trades memory for CPU: 64 MB instead of
 *   Postgres' 128 MB default (309 MB at open; 64 MB: 228 MB, 16 MB: 185 MB). 16 MB held a quarter of
 *   a 10,000-ticket store's tickets table, and a sync wrote pages out and read them back at every
 *   step: 64 MB cut a 10,000-ticket sync's CPU by a seventh (1.23–1.31 → 1.05–1.09 ms a ticket)
 *   for ~40 MB more at its peak; 128 MB saved nothing more.
 *   A process that runs one command and exits sizes it to the store instead (buffer-pool.ts): the
 *   pool is prepared at every start, ~4 ms of CPU a megabyte.
 * - full_page_writes off: full-page images guard against a page half-written when the machine
 *   loses power mid-write, which PGlite (fsync off) does not promise to survive anyway; a killed
 *   process cannot tear a page (PGlite writes each in one call). Measured on 10,000-ticket runs:
 *   1.62 against 1.70 ms of CPU a ticket (three runs each, within the machine's noise).
 * - max_wal_size: with no checkpointer process, WAL files pile up to max_wal_size (1 GB by default)
 *   in the data folder before a checkpoint recycles them; 64 MB bounds that at no measurable cost
 *   (the data folder after a 10,000-ticket run: 168 MB instead of 232 MB).
 */
export const EMBEDDED_CONF = ['full_page_writes=off', 'min_wal_size=32MB', 'max_wal_size=64MB'];

export async function openDatabase(opts: StoreOptions): Promise<Database> {
  return opts.databaseUrl ? openServer(opts.databaseUrl, opts) : openEmbedded(opts);
}

/**
 * PGlite's PostgreSQL is WebAssembly: V8 runs it with its baseline compiler (Liftoff) and
 * recompiles the functions that get hot with its optimizing one (TurboFan) on background
 * threads, for every process anew. Measured on `tillbooks sync` (no added latency): that
 * recompiling cost more CPU than the faster code saved, over 3,000 tickets 4.2–4.5 s of CPU
 * against 3.4–3.5 s with Liftoff alone, over 10,000 1.10–1.15 ms a ticket against 1.02–1.08.
 * Only runs of many more tickets in one process would win it back, and the waits of a run at
 * QuickBooks' pace leave more room for the recompiling, not less. Set before the first
 * PGlite compiles its module; other WebAssembly in the process (the HTTP parser of Node's
 * fetch, which OAuth uses) runs on Liftoff too.
 */
let baselineWasm = false;
function useBaselineWasm(): void {
  if (baselineWasm) return;
  baselineWasm = true;
  v8.setFlagsFromString('--liftoff-only');
}

async function openEmbedded(opts: StoreOptions): Promise<Database> {
  useBaselineWasm();
  let dataDir: string | undefined;
  if (opts.dataDir) {
    dataDir = path.join(opts.dataDir, 'pglite');
    await mkdir(dataDir, { recursive: true });
  }
  const pglite = new PGlite({
    dataDir, parsers: { [INT8]: parseInt8, [DATE]: keepText },
    // 64 MB, or sized to the store in a process that runs one command (buffer-pool.ts).
    postgresqlconf: [sharedBuffers(dataDir), ...EMBEDDED_CONF],
  });
  await pglite.waitReady;
  if (opts.schema) await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}; SET search_path TO ${opts.schema}`);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: makePglitePool(pglite) }) });
  return {
    db,
    kind: 'pglite',
    exec: async (text) => {
      await pglite.exec(text);
    },
    close: () => db.destroy(),
  };
}

async function openServer(url: string, opts: StoreOptions): Promise<Database> {
  // The driver is loaded by server mode only: the embedded store starts without it.
  const { default: pg } = await import('pg');
  const types = {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === INT8) return parseInt8;
      if (oid === DATE) return keepText;
      return pg.types.getTypeParser(oid, format as 'text');
    }) as typeof pgTypes.types.getTypeParser,
  };
  const schema = opts.schema;
  if (schema) {
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    types,
    // Every connection works in the chosen schema (tests run in a schema of their own).
    options: schema ? `-c search_path=${schema}` : undefined,
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    server: { url, schema: schema ?? 'public' },
    exec: async (text) => {
      await pool.query(text);
    },
    close: () => db.destroy(),
  };
}
