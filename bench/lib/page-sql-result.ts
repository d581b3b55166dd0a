/** What bench/scenarios/page-sql.ts measures (the embedded store's statements of a run, alone), shared with bench/cpu-floor.ts. */
export const SQL_KINDS = ['claim', 'journal ahead', 'journal over', 'settlement', 'journal out', 'history'] as const;
export type SqlKind = (typeof SQL_KINDS)[number];

export interface PageSqlResult {
  tickets: number;
  writes: number;
  openMs: number;
  closeMs: number;
  /** CPU ms of each kind of statement over all the tickets. */
  ms: Record<SqlKind, number>;
}
