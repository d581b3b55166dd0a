/**
 * The accountant's check: per business date and location, what the POS rang up against what
 * QuickBooks holds, read back through the QuickBooks API - invoice totals less refund receipt
 * totals against ticket totals, and payments per method against the tenders. Also lists
 * every ticket without exactly one set of live documents, and every document no ticket owns.
 *
 * Tender rule (posting-rules §4): a method that nets negative on a sale (cash back) is taken
 * off the largest other method, so QuickBooks never holds a negative payment; the POS side
 * applies the same rule before comparing. Each tender is compared under the QuickBooks payment
 * method the accountant's mapping sends it to (a custom label has its own). Where a store has
 * a Class, each document must carry it: its rows show the class, and the totals per class
 * compare the POS (by the store's class) with QuickBooks (by the ClassRef each document
 * carries, read back), so a document filed under the wrong class shows as a difference. A
 * store's QuickBooks Location (DepartmentRef) is checked on each document the same way.
 */
import { formatCents } from '../../domain/money.js';
import type { Ticket } from '../../domain/ticket.js';
import { emptyMapping } from '../../domain/account-mapping.js';
import type { AccountMapping } from '../../domain/account-mapping.js';
import { METHOD_TITLES, compileRules, groupTenders, makeSetupResolver, parsePrivateNote, planSalePayments } from '../../mapping/index.js';
import type { SetupResolver } from '../../mapping/index.js';
import type { QboClient, QboEntity } from '../../qbo/index.js';
import type { Database } from '../../store/index.js';
import { ticketsBetween } from '../../store/sync-views.js';
import type { StoredSetup } from '../setup/stored-setup.js';
import { centsFromWire } from '../engine/wire.js';

export interface ReconRow {
  date: string;
  locationId: string;
  /** The store's Class in QuickBooks, '' when it has none. */
  className: string;
  /** 'sales − refunds' or 'payments: <method>'. */
  measure: string;
  pos: number;
  qbo: number;
}

/** Sales less refunds per class: the POS by each store's class, QuickBooks by the class on each document. */
export interface ClassTotal {
  /** '' for documents and stores without a class. */
  className: string;
  pos: number;
  qbo: number;
}

export interface Reconciliation {
  rows: ReconRow[];
  /** Empty when no store of the range has a class. */
  classes: ClassTotal[];
  /** Tickets that should be in QuickBooks: how many, and how many are. */
  tickets: number;
  /** Everything that does not add up, in words; empty when the books match. */
  problems: string[];
}

type Doc = QboEntity & {
  Id: string; TxnDate: string; TotalAmt: number; PrivateNote?: string; PaymentMethodRef?: { value: string }; ClassRef?: { value: string };
  DepartmentRef?: { value: string };
  Line?: { SalesItemLineDetail?: { ClassRef?: { value: string } } }[];
};
type Expected = { kind: 'sale' | 'zero' | 'refund'; payments: number };
type Found = { invoices: number; refunds: number; payments: number };

/** Sums per (date, location, measure), POS on one side and QuickBooks on the other. */
function makeRows(classOf: (locationId: string) => string) {
  const rows = new Map<string, ReconRow>();
  return {
    add(date: string, locationId: string, measure: string, side: 'pos' | 'qbo', cents: number) {
      const key = `${date}|${locationId}|${measure}`;
      const row = rows.get(key) ?? { date, locationId, className: classOf(locationId), measure, pos: 0, qbo: 0 };
      row[side] += cents;
      rows.set(key, row);
    },
    sorted: () => [...rows.values()]
      .sort((a, b) => a.date.localeCompare(b.date) || a.locationId.localeCompare(b.locationId) || a.measure.localeCompare(b.measure)),
  };
}
type Rows = ReturnType<typeof makeRows>;

export async function reconcile(database: Database, client: QboClient, opts: {
  tenantId: string; locationIds: string[]; from: string; to: string; setup: StoredSetup; mapping?: AccountMapping;
}): Promise<Reconciliation> {
  const where = [`TxnDate >= '${opts.from}'`, `TxnDate <= '${opts.to}'`];
  const [tickets, invoices, refunds, payments] = await Promise.all([
    ticketsBetween(database.db, opts.tenantId, opts.locationIds, opts.from, opts.to),
    client.queryAll<Doc>('Invoice', where), client.queryAll<Doc>('RefundReceipt', where), client.queryAll<Doc>('Payment', where)]);
  const mapping = opts.mapping ?? emptyMapping();
  const resolvers = new Map(opts.locationIds.map((id) => [id, makeSetupResolver(opts.setup, compileRules(mapping, id))]));
  const classOf = (id: string) => mapping.locations[id]?.class?.name ?? '';
  const rows = makeRows(classOf);
  const problems: string[] = [];
  const naming: Naming = { resolvers, methodName: methodNames(opts.setup, mapping), classOf, classTotals: makeClassTotals(mapping) };
  const expected = posSide(tickets, rows, problems, naming);
  const found = qboSide({ invoices, refunds, payments }, rows, problems, naming);
  problems.push(...documentSetProblems(expected, found));
  const sorted = rows.sorted();
  for (const r of sorted) if (r.pos !== r.qbo) problems.push(`${r.date} ${r.locationId} ${r.measure}: POS ${formatCents(r.pos)} ≠ QuickBooks ${formatCents(r.qbo)}`);
  const anyClass = opts.locationIds.some((id) => classOf(id) !== '');
  const classes = anyClass ? naming.classTotals.sorted() : [];
  for (const c of classes) if (c.pos !== c.qbo) problems.push(`class ${c.className || '(none)'}: POS ${formatCents(c.pos)} ≠ QuickBooks ${formatCents(c.qbo)}`);
  return { rows: sorted, classes, tickets: expected.size, problems };
}

interface Naming {
  resolvers: Map<string, SetupResolver>;
  methodName: (id: string) => string;
  classOf: (locationId: string) => string;
  classTotals: ReturnType<typeof makeClassTotals>;
}

/** Totals per class name; QuickBooks' side is named through the mapping's class ids. */
function makeClassTotals(mapping: AccountMapping) {
  const names = new Map(Object.values(mapping.locations).flatMap((l) => (l.class ? [[l.class.id, l.class.name] as const] : [])));
  const totals = new Map<string, ClassTotal>();
  const add = (className: string, side: 'pos' | 'qbo', cents: number) => {
    const t = totals.get(className) ?? { className, pos: 0, qbo: 0 };
    t[side] += cents;
    totals.set(className, t);
  };
  return {
    pos: (className: string, cents: number) => add(className, 'pos', cents),
    /** The class a document carries: on the document, or on its sales lines (the first one's; a mix is a class problem). */
    qbo: (d: Doc, cents: number) => {
      const id = d.ClassRef?.value ?? (d.Line ?? []).find((l) => l.SalesItemLineDetail)?.SalesItemLineDetail?.ClassRef?.value;
      add(id === undefined ? '' : names.get(id) ?? `class ${id}`, 'qbo', cents);
    },
    sorted: () => [...totals.values()].sort((a, b) => a.className.localeCompare(b.className)),
  };
}

/** Names of the QuickBooks payment methods tenders post with: the five, the custom labels', the mapped ones. */
function methodNames(setup: StoredSetup, mapping: AccountMapping): (id: string) => string {
  const names = new Map<string, string>();
  for (const [method, id] of Object.entries(setup.paymentMethods)) names.set(id, METHOD_TITLES[method as keyof typeof METHOD_TITLES]);
  for (const need of setup.needs) if (need.kind === 'label-method' && setup.labelMethods?.[need.key]) names.set(setup.labelMethods[need.key]!, need.label);
  const mapped = [mapping.methods, ...Object.values(mapping.locations).map((l) => l.overrides?.methods ?? {})];
  for (const section of mapped) for (const t of Object.values(section)) if (t.paymentMethod) names.set(t.paymentMethod.id, t.paymentMethod.name);
  return (id) => names.get(id) ?? `method ${id}`;
}

/** The POS side: each closed ticket's total and payments, and the documents it should have. */
function posSide(tickets: Awaited<ReturnType<typeof ticketsBetween>>, rows: Rows, problems: string[], naming: Naming): Map<string, Expected> {
  const expected = new Map<string, Expected>();
  for (const t of tickets) {
    if (t.status !== 'closed') continue;
    if (!t.stored.ok) {
      problems.push(`ticket ${t.locationId}/${t.ticketId}: ${t.stored.problem}`);
      continue;
    }
    const ticket = t.stored.ticket;
    rows.add(t.businessDate, t.locationId, 'sales − refunds', 'pos', ticket.total);
    naming.classTotals.pos(naming.classOf(t.locationId), ticket.total);
    const kind = ticket.total > 0 ? 'sale' : ticket.total < 0 ? 'refund' : 'zero';
    const resolver = naming.resolvers.get(t.locationId)!;
    const nets = kind === 'sale' ? [...tenderNets(ticket, resolver).entries()] : [];
    for (const [methodId, cents] of nets) rows.add(t.businessDate, t.locationId, `payments: ${naming.methodName(methodId)}`, 'pos', cents);
    expected.set(`${t.locationId}/${t.ticketId}`, { kind, payments: nets.length });
  }
  return expected;
}

/** The QuickBooks side: each live document counted for the ticket its PrivateNote names. */
function qboSide(docs: Record<'invoices' | 'refunds' | 'payments', Doc[]>, rows: Rows, problems: string[], naming: Naming): Map<string, Found> {
  const found = new Map<string, Found>();
  const own = (d: Doc, entity: string, kind: keyof Found, measure: string, cents: number) => {
    const note = parsePrivateNote(d.PrivateNote ?? '');
    if (!note || !naming.resolvers.has(note.locationId)) {
      if (!(d.PrivateNote ?? '').startsWith('Voided')) problems.push(`${entity} ${d.Id} (${d.TxnDate}) belongs to no ticket`);
      return;
    }
    const key = `${note.locationId}/${note.ticketId}`;
    const f = found.get(key) ?? { invoices: 0, refunds: 0, payments: 0 };
    found.set(key, f);
    f[kind]++;
    rows.add(d.TxnDate, note.locationId, measure, 'qbo', cents);
    if (kind === 'payments') return;
    naming.classTotals.qbo(d, cents);
    problems.push(...classProblems(d, entity, naming.resolvers.get(note.locationId)!));
  };
  for (const d of docs.invoices) own(d, 'Invoice', 'invoices', 'sales − refunds', centsFromWire(d.TotalAmt));
  for (const d of docs.refunds) own(d, 'RefundReceipt', 'refunds', 'sales − refunds', -centsFromWire(d.TotalAmt));
  for (const d of docs.payments) own(d, 'Payment', 'payments', `payments: ${naming.methodName(d.PaymentMethodRef?.value ?? '')}`, centsFromWire(d.TotalAmt));
  return found;
}

/** A store with a Class (a Location): its document carries it (on the document, or on every line). */
function classProblems(d: Doc, entity: string, resolver: SetupResolver): string[] {
  const department = resolver.departmentRef();
  const out = department && d.DepartmentRef?.value !== department
    ? [`${entity} ${d.Id} (${d.TxnDate}) does not carry its store's location ${department}`] : [];
  const want = resolver.classRef();
  if (!want) return out;
  const classes = want.placement === 'txn' ? [d.ClassRef?.value] : (d.Line ?? []).filter((l) => l.SalesItemLineDetail).map((l) => l.SalesItemLineDetail!.ClassRef?.value);
  const wrong = classes.filter((c) => c !== want.id);
  return wrong.length === 0 ? out : [...out, `${entity} ${d.Id} (${d.TxnDate}) does not carry its store's class ${want.id} (${wrong.length} ${want.placement === 'txn' ? 'document' : 'lines'})`];
}

/** Tickets without exactly their set of live documents, and documents of no ticket in range. */
function documentSetProblems(expected: Map<string, Expected>, found: Map<string, Found>): string[] {
  const problems: string[] = [];
  for (const [key, want] of expected) {
    const got = found.get(key) ?? { invoices: 0, refunds: 0, payments: 0 };
    const ok = want.kind === 'refund' ? got.refunds === 1 && got.invoices === 0 && got.payments === 0
      : got.invoices === 1 && got.refunds === 0 && got.payments === want.payments;
    const wanted = want.kind === 'refund' ? '1 refund receipt' : `1 invoice and ${want.payments} payments`;
    if (!ok) problems.push(`ticket ${key}: expected ${wanted}, QuickBooks holds ${got.invoices} invoices, ${got.refunds} refund receipts, ${got.payments} payments`);
  }
  for (const key of found.keys()) if (!expected.has(key)) problems.push(`ticket ${key} has live documents in QuickBooks but is not a closed ticket of these dates`);
  return problems;
}

/** What a sale's Payments should hold, cents per QuickBooks payment method id (posting-rules §4). */
export function tenderNets(ticket: Ticket, resolver: SetupResolver): Map<string, number> {
  const nets = new Map<string, number>();
  for (const p of planSalePayments(groupTenders(ticket.payments))) {
    const id = resolver.paymentMethod(p.group);
    nets.set(id, (nets.get(id) ?? 0) + p.amount);
  }
  return nets;
}

export function formatReconciliation(r: Reconciliation): string {
  const classes = r.rows.some((row) => row.className !== '');
  const classCol = (text: string) => (classes ? `${text.padEnd(14)}  ` : '');
  const lines = [`${'date'.padEnd(10)}  ${'location'.padEnd(12)}  ${classCol('class')}${'measure'.padEnd(24)}  ${'POS'.padStart(12)}  ${'QuickBooks'.padStart(12)}  `];
  for (const row of r.rows) {
    const amounts = `${formatCents(row.pos).padStart(12)}  ${formatCents(row.qbo).padStart(12)}  ${row.pos === row.qbo ? '✓' : '✗'}`;
    lines.push(`${row.date}  ${row.locationId.padEnd(12)}  ${classCol(row.className)}${row.measure.padEnd(24)}  ${amounts}`);
  }
  if (r.classes.length > 0) {
    lines.push('', `${'class'.padEnd(14)}  ${'measure'.padEnd(28)}  ${'POS'.padStart(12)}  ${'QuickBooks'.padStart(12)}  `);
    for (const c of r.classes) {
      const amounts = `${formatCents(c.pos).padStart(12)}  ${formatCents(c.qbo).padStart(12)}  ${c.pos === c.qbo ? '✓' : '✗'}`;
      lines.push(`${(c.className || '(none)').padEnd(14)}  ${'sales − refunds, all dates'.padEnd(28)}  ${amounts}`);
    }
  }
  lines.push('', r.problems.length === 0 ? `All ${r.tickets} tickets are in QuickBooks exactly once; every total matches to the cent.` : `${r.problems.length} problems:\n  ${r.problems.join('\n  ')}`);
  return lines.join('\n');
}
