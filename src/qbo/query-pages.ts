/**
 * Paging a query to the end: STARTPOSITION/MAXRESULTS pages until a page comes back short.
 * A page has been seen to hold one row more than asked (node-quickbooks#89), so we never
 * stop on "== limit" reasoning and never step by the rows received: we step by the page size
 * (skipping nothing) and drop a row we already have, by Id.
 */
import type { QboEntity } from './operations.js';
import { buildSelect, rowsOf } from './query.js';

export interface PagedQuery {
  entity: string;
  where?: string | readonly string[];
  orderBy?: string;
  pageSize: number;
}

export async function queryAllPages<T extends QboEntity>(
  query: (sql: string) => Promise<unknown>, spec: PagedQuery,
): Promise<T[]> {
  const seen = new Set<string>();
  const rows: T[] = [];
  for (let start = 1; ; start += spec.pageSize) {
    const sql = buildSelect({
      entity: spec.entity, where: spec.where, startPosition: start, maxResults: spec.pageSize,
      ...(spec.orderBy ? { orderBy: spec.orderBy } : {}),
    });
    const page = rowsOf<T>(await query(sql), spec.entity);
    for (const row of page) {
      const id = typeof row.Id === 'string' ? row.Id : null;
      if (id !== null && seen.has(id)) continue;
      if (id !== null) seen.add(id);
      rows.push(row);
    }
    if (page.length < spec.pageSize) return rows;
  }
}
