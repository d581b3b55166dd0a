/**
 * Finding out what QuickBooks holds for a day before writing again (summary-rules §6):
 * - uncertain (a write's answer was lost, or a run died holding the day): its documents are
 *   searched by DocNumber and confirmed by PrivateNote (the day's note without its revision),
 *   and the ones the facts know are read by Id: nothing is created twice;
 * - reread ("Repost this day"): the known documents are read by Id for their current SyncToken.
 * One query per entity per page of days; a clean run reads nothing.
 */
import { DAY_DOC_ENTITY, DAY_DOC_WORDS } from '../../domain/day-docs.js';
import type { DayDocKind } from '../../domain/day-docs.js';
import { isVoidedDocument, queryLiteral, rowsOf } from '../../qbo/index.js';
import type { QboClient, QboEntity } from '../../qbo/index.js';
import { DELETED } from './plan.js';
import { changedView } from './send.js';
import { kinds, noteRevision, noteStem, settleDay } from './work-day.js';
import type { WorkDay } from './work-day.js';
import { retireDayDoc } from '../../domain/day-docs.js';

type Row = QboEntity & { Id: string; SyncToken: string; DocNumber?: string; PrivateNote?: string };

const IN_CHUNK = 100;

async function byField(client: QboClient, entity: string, field: string, values: readonly string[]): Promise<Row[]> {
  const out: Row[] = [];
  const unique = [...new Set(values)];
  for (let i = 0; i < unique.length; i += IN_CHUNK) {
    const list = unique.slice(i, i + IN_CHUNK).map((v) => queryLiteral(v)).join(', ');
    out.push(...rowsOf<Row>(await client.query(`SELECT * FROM ${entity} WHERE ${field} IN (${list}) MAXRESULTS 1000`), entity));
  }
  return out;
}

/** The note a kind's document of the day carries (target first, else nothing known). */
function stemOf(w: WorkDay, kind: DayDocKind): string | null {
  const note = w.target?.bodies[kind]?.PrivateNote;
  return typeof note === 'string' ? noteStem(note) : null;
}

function docNumberOf(w: WorkDay, kind: DayDocKind): string | null {
  const n = w.target?.bodies[kind]?.DocNumber ?? w.docs[kind]?.docNumber;
  return typeof n === 'string' && n ? n : null;
}

/** Reads what QuickBooks holds for these days and folds it into their facts. */
export async function lookUpDays(client: QboClient, days: readonly WorkDay[], at: Date): Promise<void> {
  if (days.length === 0) return;
  for (const entity of ['SalesReceipt', 'JournalEntry'] as const) {
    const mine = (_w: WorkDay) => kinds().filter((k) => DAY_DOC_ENTITY[k] === entity);
    const ids = days.flatMap((w) => mine(w).flatMap((k) => (w.docs[k] ? [w.docs[k]!.id] : [])));
    const numbers = days.filter((w) => w.uncertain).flatMap((w) => mine(w).flatMap((k) => (w.docs[k] ? [] : [docNumberOf(w, k)].filter((n) => n !== null))));
    const byId = new Map((ids.length ? await byField(client, entity, 'Id', ids) : []).map((r) => [r.Id, r]));
    const byNumber = numbers.length ? await byField(client, entity, 'DocNumber', numbers) : [];
    for (const w of days) for (const kind of mine(w)) foldKind(w, kind, byId, byNumber, at);
  }
  for (const w of days) w.uncertain = false;
}

function foldKind(w: WorkDay, kind: DayDocKind, byId: Map<string, Row>, byNumber: readonly Row[], at: Date): void {
  const known = w.docs[kind];
  const planned = w.docs.planned[kind];
  if (known) {
    const row = byId.get(known.id);
    if (!row) {
      // Gone: our own delete whose answer was lost, a repost (created again), or the accountant's deletion.
      retireDayDoc(w.docs, kind, planned?.hash === DELETED || w.day.reread ? 'deleted' : 'missing', at);
      if (planned?.hash !== DELETED && !w.day.reread) settleDay(w, 'changed-in-qbo', changedView(`the day's ${DAY_DOC_WORDS[kind]} (Id ${known.id}) was deleted in QuickBooks`, at));
      return;
    }
    if (isVoidedDocument(row)) {
      // Voided in QuickBooks: it cannot be rewritten. A repost creates the day's document anew
      // (plan.ts: it keeps its DocNumber, the new one shares it); otherwise the day is flagged.
      retireDayDoc(w.docs, kind, 'voided', at);
      if (!w.day.reread) settleDay(w, 'changed-in-qbo', changedView(`the day's ${DAY_DOC_WORDS[kind]} (Id ${known.id}) was voided in QuickBooks`, at));
      return;
    }
    const revision = noteRevision(row.PrivateNote ?? '');
    // An update whose answer was lost: the note says which revision the document holds.
    if (w.uncertain && revision !== null && planned && revision === planned.revision && planned.hash !== DELETED) {
      Object.assign(known, { revision, hash: planned.hash });
    }
    known.syncToken = row.SyncToken;
    return;
  }
  const stem = stemOf(w, kind);
  const number = docNumberOf(w, kind);
  if (!w.uncertain || !stem || !number) return;
  const found = byNumber.find((r) => r.DocNumber === number && noteStem(r.PrivateNote ?? '') === stem);
  if (!found) return;
  const revision = noteRevision(found.PrivateNote ?? '') ?? 0;
  w.docs[kind] = { id: found.Id, syncToken: found.SyncToken, revision, docNumber: number,
    hash: planned && planned.revision === revision && planned.hash !== DELETED ? planned.hash : null };
  w.actions.push(`found ${kind} ${found.Id} in QuickBooks after an unknown outcome`);
}
