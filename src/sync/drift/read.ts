/** Reading the documents a drift run judges: each once per run (a CDC row counts as its read). */
import { queryLiteral, rowsOf } from '../../qbo/index.js';
import type { DriftContext } from './check.js';
import type { ReadDoc } from './judge.js';

const IN_CHUNK = 100;

/** The documents of one entity not read yet in this run, read in bulk (a hundred ids a query); one not answered is deleted. */
export async function readUnseenIds(ctx: DriftContext, entity: string, ids: readonly string[]): Promise<void> {
  const unseen = [...new Set(ids.filter((id) => !ctx.seen.has(`${entity}:${id}`)))];
  for (let i = 0; i < unseen.length; i += IN_CHUNK) {
    const chunk = unseen.slice(i, i + IN_CHUNK);
    const answer = await ctx.client.query(`SELECT * FROM ${entity} WHERE Id IN (${chunk.map((id) => queryLiteral(id)).join(', ')}) MAXRESULTS 1000`);
    const rows = new Map(rowsOf<ReadDoc>(answer, entity).map((r) => [r.Id, r]));
    for (const id of chunk) ctx.seen.set(`${entity}:${id}`, rows.get(id) ?? null);
  }
}
