/**
 * The benchmark's tickets: the first N distinct tickets the demo generator sends for one busy
 * location (its realistic mix: sales with split tenders, refunds, exchanges, comps, voids and
 * version-2 edits), written as the NDJSON a POS export would be. Also counts what those tickets
 * need from QuickBooks, by mapping each final version exactly as the sync will.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import { businessDate } from '../../src/domain/business-date.js';
import { parseTicket } from '../../src/domain/ticket-schema.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { mapTicket } from '../../src/mapping/index.js';
import { makeSetupIds } from '../../src/mapping/test-support/setup-fixture.js';

export const BENCH_LOCATION = { id: 'bench-1', name: 'Bench Street Café & Grocer', timeZone: 'America/Denver' };
/** A busy store: 400 tickets a day. */
export const TICKETS_PER_DAY = 400;

export interface DatasetStats {
  /** Lines in the file (edits are lines of their own). */
  lines: number;
  /** Distinct tickets, i.e. stored rows. */
  tickets: number;
  sales: number;
  zero: number;
  refunds: number;
  voided: number;
  edited: number;
  /** Documents the final versions need: invoices, payments, refund receipts. */
  invoices: number;
  payments: number;
  refundReceipts: number;
  /** Business dates covered. */
  firstDate: string;
  lastDate: string;
}

export const operationsOf = (s: DatasetStats) => s.invoices + s.payments + s.refundReceipts;

/** A benchmark's work folder, emptied, with the dataset of `count` tickets written in it (`tickets.ndjson`). */
export async function freshDataset(work: string, count: number): Promise<{ file: string; stats: DatasetStats }> {
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const file = path.join(work, 'tickets.ndjson');
  return { file, stats: await writeDataset(file, count) };
}

/** Writes the first `count` distinct tickets (every version sent before the cut) to `file`. */
export async function writeDataset(file: string, count: number, seed = 7): Promise<DatasetStats> {
  const days = Math.ceil((count / TICKETS_PER_DAY) * 1.2) + 2;
  const end = DateTime.now().setZone(BENCH_LOCATION.timeZone).minus({ days: 1 }).startOf('day');
  const dates = Array.from({ length: days }, (_, i) => end.minus({ days: days - 1 - i }).toISODate()!);
  const latest = new Map<string, Ticket>();
  const out = createWriteStream(file);
  let lines = 0;
  let edited = 0;
  for (const t of generateDemoTickets({ seed, locations: [BENCH_LOCATION], dates, ticketsPerDay: TICKETS_PER_DAY })) {
    if (!latest.has(t.id) && latest.size === count) break;
    const parsed = parseTicket(t);
    if (!parsed.ok) throw new Error(`the demo generator made an invalid ticket ${t.id}`);
    if (latest.has(t.id)) edited++;
    latest.set(t.id, parsed.ticket);
    if (!out.write(`${JSON.stringify(t)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    lines++;
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { ...countDocuments(latest.values()), lines, tickets: latest.size, edited };
}

type DocumentCounts = Omit<DatasetStats, 'lines' | 'tickets' | 'edited'>;

function countDocuments(tickets: Iterable<Ticket>): DocumentCounts {
  const c: DocumentCounts = { sales: 0, zero: 0, refunds: 0, voided: 0, invoices: 0, payments: 0, refundReceipts: 0, firstDate: '9999-12-31', lastDate: '0000-01-01' };
  for (const t of tickets) {
    const date = businessDate(t.closedAtMs, BENCH_LOCATION.timeZone);
    if (date < c.firstDate) c.firstDate = date;
    if (date > c.lastDate) c.lastDate = date;
    const mapped = mapTicket(t, date, makeSetupIds([t]));
    if (!mapped.ok) throw new Error(`ticket ${t.id} does not map: ${JSON.stringify(mapped.problems)}`);
    const d = mapped.documents;
    if (d.kind === 'none') c.voided++;
    else if (d.kind === 'refund') {
      c.refunds++;
      c.refundReceipts++;
    } else {
      if (d.kind === 'sale') c.sales++;
      else c.zero++;
      c.invoices++;
      c.payments += d.payments.length;
    }
  }
  return c;
}
