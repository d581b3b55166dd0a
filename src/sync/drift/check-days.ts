/**
 * The drift check of summary days: changes of SalesReceipts and JournalEntries matched against
 * the documents posted days hold (summary_days.docs), each document read once (a CDC row is its
 * read), judged as a ticket's are (judge.ts: our own writes are ours), and the days someone else
 * changed moved to changed in QuickBooks through the day outcome table, with what changed.
 */
import { DAY_DOC_ENTITY, DAY_DOC_WORDS, liveDayDocs } from '../../domain/day-docs.js';
import type { ChangeSource } from '../../store/drift-schema.js';
import { daysHoldingDocs, recordDayDrift } from '../../store/day-drift.js';
import type { DayDriftNotice } from '../../store/day-drift.js';
import type { WaitingChange } from '../../store/qbo-changes.js';
import type { DocChange } from '../../store/ticket-drift.js';
import { changedView } from '../summary/send.js';
import type { DriftContext } from './check.js';
import { judgeDoc } from './judge.js';
import { readUnseenIds } from './read.js';

const DAY_ENTITIES = ['SalesReceipt', 'JournalEntry'] as const;
type DayEntity = (typeof DAY_ENTITIES)[number];

const WORDS: Record<DocChange['change'], string> = { deleted: 'deleted', edited: 'changed', voided: 'voided' };

/** Checks the day documents these changes name; returns how many days were newly marked. The changes are marked done by the caller. */
export async function checkDayChanges(ctx: DriftContext, changes: readonly WaitingChange[]): Promise<number> {
  const ids: Record<DayEntity, Set<string>> = { SalesReceipt: new Set(), JournalEntry: new Set() };
  const sources = new Map<string, ChangeSource>();
  for (const c of changes) {
    // As for tickets: a creation is our own write (someone else's change comes as update, void or delete).
    if (!(DAY_ENTITIES as readonly string[]).includes(c.entity) || c.operation === 'created' || c.operation === 'create') continue;
    ids[c.entity as DayEntity].add(c.entityId);
    if (sources.get(`${c.entity}:${c.entityId}`) !== 'webhook') sources.set(`${c.entity}:${c.entityId}`, c.source);
  }
  const holders = await daysHoldingDocs(ctx.deps.database.db, ctx.tenantId, ctx.connectionId,
    { SalesReceipt: [...ids.SalesReceipt], JournalEntry: [...ids.JournalEntry] });
  if (holders.length === 0) return 0;
  const touched = holders.map((h) => ({ holder: h, docs: liveDayDocs(h.docs).filter((d) => ids[DAY_DOC_ENTITY[d.kind]].has(d.ref.id)) }));
  for (const entity of DAY_ENTITIES) {
    await readUnseenIds(ctx, entity, touched.flatMap((t) => t.docs.filter((d) => DAY_DOC_ENTITY[d.kind] === entity).map((d) => d.ref.id)));
  }
  const at = new Date(ctx.deps.clock.now());
  const notices: DayDriftNotice[] = [];
  for (const { holder, docs } of touched) {
    const found: DocChange[] = [];
    const words: string[] = [];
    for (const d of docs) {
      const entity = DAY_DOC_ENTITY[d.kind];
      const verdict = judgeDoc(d.ref, ctx.seen.get(`${entity}:${d.ref.id}`) ?? undefined);
      if (verdict.kind === 'ours') continue;
      found.push({ entity, docId: d.ref.id, change: verdict.kind, syncToken: verdict.syncToken, source: sources.get(`${entity}:${d.ref.id}`) ?? 'webhook' });
      words.push(`the day's ${DAY_DOC_WORDS[d.kind]} (Id ${d.ref.id}) was ${WORDS[verdict.kind]} in QuickBooks`);
    }
    if (found.length > 0) notices.push({ locationId: holder.locationId, businessDate: holder.businessDate, changes: found, error: changedView(words.join('; '), at) });
  }
  return recordDayDrift(ctx.deps.database.db, ctx.tenantId, notices);
}
