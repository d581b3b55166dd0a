/**
 * Streams demo tickets and prints how many and how many bytes of JSON, without keeping
 * them. The streaming test runs it in a child process with a small heap: an
 * implementation that built the whole output would run out of memory there.
 *   node --max-old-space-size=64 --import tsx src/demo/test-support/stream-count.ts 100000
 */
import { generateDemoTickets } from '../generate-tickets.js';

const perDay = Number(process.argv[2] ?? '100000');
const collect = process.argv[3] === 'collect';
let count = 0;
let bytes = 0;
const kept: unknown[] = [];
for (const ticket of generateDemoTickets({ seed: 11, locations: [{ id: 'denver-1', timeZone: 'America/Denver' }], dates: ['2026-11-24'], ticketsPerDay: perDay })) {
  count++;
  bytes += JSON.stringify(ticket).length;
  // Only for calibrating the heap limit: what a non-streaming generator would hold.
  if (collect) kept.push(ticket);
}
console.log(JSON.stringify({ count, bytes, kept: kept.length }));
