/**
 * The Tickets page at the big size: measured by the back office's own script,
 * bench/tickets-page.ts (server time of the page over 100,000 stored tickets), when it exists.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, tsxArgs } from './children.js';

export const TICKETS_PAGE_SCRIPT = 'bench/tickets-page.ts';

export async function runTicketsPage(tickets: number): Promise<{ ran: boolean; output: string }> {
  if (!existsSync(path.join(ROOT, TICKETS_PAGE_SCRIPT))) {
    return { ran: false, output: `not measured here: ${TICKETS_PAGE_SCRIPT} (the back office's script) measures it` };
  }
  console.log(`\n== Tickets page over ${tickets.toLocaleString('en-US')} tickets (${TICKETS_PAGE_SCRIPT})`);
  const child = spawn(process.execPath, tsxArgs(TICKETS_PAGE_SCRIPT, ['--tickets', String(tickets), '--requests', '20']), {
    cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => { output += c; process.stdout.write(c); });
  child.stderr.setEncoding('utf8').on('data', (c: string) => { output += c; process.stderr.write(c); });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  return { ran: true, output: `${output.trim()}\n(exit code ${code}${code === 1 ? ': a p95 reached the script\'s budget' : ''})` };
}
