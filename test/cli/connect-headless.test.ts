/**
 * Issue 18: `tillbooks connect` against a QuickBooks-compatible server other than the built-in
 * simulator died with a stack trace (TypeError: fetch failed … ECONNREFUSED), and the only
 * headless way to connect was scripting the back office's forms. Here the simulator runs as a
 * process of its own with its consent page off (`--auto-approve`, as a stand-in server does),
 * and real processes of the bin connect to it: at once through QBO_SIMULATOR_URL; through the
 * QBO_* URLs with a "browser" (this test) coming back to the redirect URI the command listens
 * on; a callback that never comes ends on a timeout; a server that is not there is one line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAUTH_PATHS } from '../../src/sandbox/index.js';
import { startTillbooksProcess } from '../support/child-process.js';
import type { TillbooksProcess } from '../support/child-process.js';

let dataDir: string;
let simulator: TillbooksProcess;
let simUrl: string;
let port: number;
let base: Record<string, string>;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: p } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return p;
}

async function tillbooks(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; output: string }> {
  const end = await startTillbooksProcess(args, { ...base, ...env }, '\u0000').exited;
  return { code: end.code, output: end.output };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tillbooks-connect-'));
  port = await freePort();
  simulator = startTillbooksProcess(['simulator', '--port', '0', '--auto-approve', 'Stand-in Books'], {}, 'state file');
  await simulator.ready;
  simUrl = /listening on (http:\/\/\S+)/.exec(simulator.output())![1]!;
  base = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', TILLBOOKS_DEMO: 'false', QBO_ENVIRONMENT: 'simulator', PORT: String(port) };
  for (const id of ['store-1', 'store-2', 'store-3']) {
    const added = await tillbooks({}, 'location', 'add', id, '--name', id, '--time-zone', 'America/Denver');
    expect(added, added.output).toMatchObject({ code: 0 });
  }
}, 120_000);
afterAll(async () => {
  simulator?.proc.kill('SIGTERM');
  await simulator?.exited;
  await rm(dataDir, { recursive: true, force: true });
});

describe('tillbooks connect against a simulator run apart, its consent page off', () => {
  it('completes without a browser through QBO_SIMULATOR_URL', { timeout: 60_000 }, async () => {
    const c = await tillbooks({ QBO_SIMULATOR_URL: simUrl }, 'connect', '--location', 'store-1');
    expect(c, c.output).toMatchObject({ code: 0 });
    expect(c.output).toMatch(/connected store-1 to "Stand-in Books" \(realm \d+, connection \d+\)/);
  });

  it('listens on the local redirect URI for a browser\'s callback, through the QBO_* URLs', { timeout: 60_000 }, async () => {
    const urls = {
      QBO_API_BASE_URL: simUrl, QBO_AUTHORIZE_URL: simUrl + OAUTH_PATHS.authorize, QBO_TOKEN_URL: simUrl + OAUTH_PATHS.token,
      QBO_REVOKE_URL: simUrl + OAUTH_PATHS.revoke,
    };
    const connect = startTillbooksProcess(['connect', '--location', 'store-2', '--browser'], { ...base, ...urls }, 'Waiting up to');
    await connect.ready;
    expect(connect.output()).toContain(`Waiting up to 300 s for the callback at http://localhost:${port}/quickbooks/callback`);
    const authorizeUrl = /Authorize URL:\s+(\S+)/.exec(connect.output())![1]!;
    // The browser: the server approves at once and sends it to the redirect URI.
    const page = await fetch(authorizeUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('tillbooks received the answer');
    const end = await connect.exited;
    expect(end, end.output).toMatchObject({ code: 0 });
    expect(end.output).toMatch(/connected store-2 to "Stand-in Books"/);
  });

  it('says so when no callback comes in time, exit 6', { timeout: 60_000 }, async () => {
    const c = await tillbooks({ QBO_SIMULATOR_URL: simUrl }, 'connect', '--location', 'store-3', '--browser', '--timeout', '1');
    expect(c.code, c.output).toBe(6);
    expect(c.output).toContain(`tillbooks: no callback came to http://localhost:${port}/quickbooks/callback within 1 s; nothing was connected`);
  });

  it('a server that is not there: one line and exit 7, not a stack trace', { timeout: 60_000 }, async () => {
    const gone = `http://127.0.0.1:${await freePort()}`;
    const c = await tillbooks({ QBO_SIMULATOR_URL: gone }, 'connect', '--location', 'store-3');
    expect(c.code, c.output).toBe(7);
    expect(c.output).toContain(`tillbooks: cannot reach ${gone} (ECONNREFUSED)`);
    expect(c.output).not.toMatch(/\n\s+at |TypeError/);
  });
});
