/** `tillbooks serve` (what `npm start` runs): the whole product in one process. */
import { loadConfig } from '../config/index.js';
import { startTillbooks } from '../app/start.js';
import type { Tillbooks } from '../app/start.js';

export async function serve(): Promise<Tillbooks> {
  const config = loadConfig();
  const t = await startTillbooks(config);
  const lines = [
    '',
    `tillbooks is running at ${t.url}`,
    `  mode        ${config.mode === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'}`,
    `  QuickBooks  ${config.qbo.environment}${t.simulator ? ` (built-in simulator at ${t.simulator.url}/__sim/)` : ''}`,
  ];
  if (t.firstStart) {
    const f = t.firstStart;
    lines.push('', 'First start: save these now, they are not shown again.',
      `  sign in     ${t.url}/signin  as ${f.email}  password ${f.password}`);
    if (f.apiKey) lines.push(`  API key     ${f.apiKey}`);
    if (f.demo) {
      const s = f.demo.summary;
      lines.push(`  demo        location ${f.demo.locationId}: ${s.taken + s.replaced} tickets of ${f.demo.date} stored`);
    }
    if (f.apiKey) {
      lines.push('', 'Send a ticket:',
        `  curl -X POST ${t.url}/api/v1/tickets -H "Authorization: Bearer ${f.apiKey}" -H "Content-Type: application/json" --data @docs/example-ticket.json`);
    }
  }
  lines.push('');
  console.log(lines.join('\n'));
  const stop = (signal: string) => {
    console.log(`\n${signal}: stopping`);
    void t.stop().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return t;
}
