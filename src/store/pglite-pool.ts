/**
 * Kysely's own PostgreSQL dialect over PGlite, through this small pool adapter, so embedded
 * and server mode run the same compiled SQL: tests, demo and production alike. (The
 * `kysely-pglite-dialect` package pins PGlite <= 0.4, hence our own adapter.)
 *
 * PGlite is one connection. A transaction must own it from BEGIN to COMMIT, so `connect()`
 * hands it out to one borrower at a time and queues the rest.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { binaryArraySerializers } from './pglite-binary.js';
import { preparedStatements } from './pglite-prepared.js';

export function makePglitePool(pg: PGlite): PostgresPool {
  let busy = false;
  // The bulk statements' array parameters go in binary form (pglite-binary.ts).
  const serializers = binaryArraySerializers(pg.serializers as Record<number, (v: unknown) => string>);
  // Parameterized statements run prepared, each text parsed and planned once (pglite-prepared.ts).
  const prepared = preparedStatements(pg, serializers);
  const waiters: (() => void)[] = [];
  const release = () => {
    const next = waiters.shift();
    if (next) next();
    else busy = false;
  };
  const client: PostgresPoolClient = {
    async query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
      // Without parameters, use the simple protocol as node-postgres does: it accepts several
      // statements in one text (migrations), and answers with the last statement's rows.
      let result: { rows: R[]; affectedRows?: number };
      if (parameters.length === 0) {
        result = lastOf(await pg.exec(sql)) as { rows: R[]; affectedRows?: number };
        await prepared.afterSimple(sql);
      } else {
        result = await prepared.run<R>(sql, parameters) ?? await pg.query<R>(sql, parameters as unknown[], { serializers });
      }
      return {
        // Kysely reads `command` to report affected rows of INSERT/UPDATE/DELETE/MERGE.
        command: commandOf(sql),
        rowCount: result.affectedRows ?? result.rows.length,
        rows: result.rows,
      };
    },
    release,
  } as PostgresPoolClient;
  return {
    connect: () =>
      new Promise<PostgresPoolClient>((resolve) => {
        if (!busy) {
          busy = true;
          resolve(client);
        } else {
          waiters.push(() => resolve(client));
        }
      }),
    end: async () => {
      await pg.close();
    },
  };
}

function lastOf<T>(results: T[]): T | { rows: never[]; affectedRows: 0 } {
  return results[results.length - 1] ?? { rows: [], affectedRows: 0 };
}

function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  const word = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
  switch (word) {
    case 'INSERT': case 'UPDATE': case 'DELETE': case 'MERGE': case 'SELECT':
      return word;
    default:
      return 'SELECT';
  }
}
