/**
 * Reads of the daily Change Data Capture backstop (issue 16: "CDC at most one request per company
 * per cycle when nothing changed"): N companies with posted tickets, then CDC cycles with nothing
 * changed, each company's requests counted in its request log at the simulator (the product's
 * own path: the schedule's tick queues a `cdc` run per company, the engine executes it). One more
 * cycle after an invoice of one company was edited shows what a change costs beside. Writes
 * its section of BENCHMARKS.md (seconds).
 *
 *   node --import tsx bench/cdc-reads.ts [--companies 10] [--tickets 20] [--cycles 3] [--no-write]
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { readDocs } from '../src/domain/ticket-docs.js';
import type { QboEntity } from '../src/qbo/index.js';
import { DAY_MS, cdcCycle, companiesWithPostedTickets } from '../test/support/cdc-cycle.js';
import type { CdcCycle } from '../test/support/cdc-cycle.js';
import { backends } from '../test/support/stores.js';
import { TENANT, startSyncWorld } from '../test/support/sync-world.js';
import { ROOT } from './lib/children.js';
import { replaceSection } from './lib/sections.js';
import { markdownTable } from './lib/tables.js';

const o = new Command('cdc-reads')
  .option('--companies <n>', 'QuickBooks companies, one location each', '10')
  .option('--tickets <n>', 'tickets posted to each company', '20')
  .option('--cycles <n>', 'CDC cycles with nothing changed', '3')
  .option('--no-write', 'print only; do not update BENCHMARKS.md')
  .parse(process.argv).opts<{ companies: string; tickets: string; cycles: string; write: boolean }>();

const started = Date.now();
const world = await startSyncWorld({ backend: backends()[0]!, limits: { enabled: true } });
const companies = await companiesWithPostedTickets(world, Number(o.companies), Number(o.tickets));
const rows: string[][] = [];
const row = (what: string, c: CdcCycle, realms: string[]) => {
  const counts = realms.map((r) => c.requests.get(r)!.length);
  const paths = [...new Set(realms.flatMap((r) => c.requests.get(r)!.map((q) => q.path)))].sort().join(', ');
  rows.push([what, String(realms.length), String(c.runs), String(counts.reduce((a, b) => a + b, 0)), String(Math.min(...counts)), String(Math.max(...counts)), paths || '-']);
};
const all = companies.map((c) => c.realmId);
let day = 0;
for (let i = 1; i <= Number(o.cycles); i++) row(`cycle ${i}, nothing changed`, await cdcCycle(world, companies, world.clock.now() + ++day * (DAY_MS + 60_000)), all);

// One invoice edited in the first company, as a bookkeeper would: that company's cycle reads more.
const first = companies[0]!;
const ticket = await world.database.db.selectFrom('tickets').select('qbo_docs').where('tenant_id', '=', TENANT).where('location_id', '=', first.locationId)
  .where('ticket_id', '=', 'T1').executeTakeFirstOrThrow();
const client = await world.client(first.connectionId);
const inv = await client.read<QboEntity & { Id: string; SyncToken: string }>('Invoice', readDocs(ticket.qbo_docs).invoice!.id);
await client.sparseUpdate('Invoice', { Id: inv.Id, SyncToken: inv.SyncToken, CustomerMemo: { value: 'edited by the bookkeeper' } }, { key: 'bench:edit' });
const changed = await cdcCycle(world, companies, world.clock.now() + ++day * (DAY_MS + 60_000));
const flagged = (await world.sync.changedTickets(TENANT)).map((t) => `${t.locationId}/${t.ticketId}`);
row(`after one invoice edited: that company (flagged ${flagged.join(', ') || 'nothing'})`, changed, [first.realmId]);
row('after one invoice edited: the others', changed, all.slice(1));
await world.close();

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
const quiet = rows.slice(0, Number(o.cycles));
const met = quiet.every((r) => r[5] === '1' && r[4] === '1');
const report = [
  '## Change Data Capture reads (issue 16)',
  '',
  `Measured by \`bench/cdc-reads.ts\` on ${new Date().toISOString().slice(0, 10)} (commit \`${commit}\`, ${((Date.now() - started) / 1000).toFixed(0)} s): `
  + `${o.companies} companies, ${o.tickets} tickets posted to each, the simulator over HTTP with its limits on; each cycle is the schedule's daily tick `
  + '(one `cdc` run per company, executed by the engine), and its requests are counted in each company\'s request log at the simulator.',
  '',
  markdownTable(['cycle', 'companies', 'runs', 'requests', 'min per company', 'max per company', 'paths'], rows),
  '',
  `Acceptance "CDC at most one request per company per cycle when nothing changed": **${met ? 'met' : 'not met'}** `
  + `(${quiet.length} cycles × ${o.companies} companies, each exactly one \`GET cdc\`). test/sync/cdc-reads.test.ts asserts the same on both backends.`,
].join('\n');
console.log(`\n${report}`);
if (o.write) {
  const target = path.join(ROOT, 'BENCHMARKS.md');
  await writeFile(target, replaceSection(await readFile(target, 'utf8'), 'cdc-reads', report));
  console.log(`wrote the "cdc-reads" section of ${target}`);
}
