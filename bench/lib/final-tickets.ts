/** The final version of each ticket of a dataset file, in the order the engine claims them. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { businessDate } from '../../src/domain/business-date.js';
import { parseTicket } from '../../src/domain/ticket-schema.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { BENCH_LOCATION } from './dataset.js';

export async function finalTickets(file: string): Promise<{ ticket: Ticket; date: string }[]> {
  const latest = new Map<string, Ticket>();
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const parsed = parseTicket(JSON.parse(line));
    if (!parsed.ok) throw new Error(`invalid ticket in ${file}`);
    const held = latest.get(parsed.ticket.id);
    if (!held || parsed.ticket.version > held.version) latest.set(parsed.ticket.id, parsed.ticket);
  }
  return [...latest.values()]
    .map((ticket) => ({ ticket, date: businessDate(ticket.closedAtMs, BENCH_LOCATION.timeZone) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.ticket.id < b.ticket.id ? -1 : 1));
}
