/**
 * Issue 18, Build 6: in embedded mode the CLI works while the service runs. One real
 * `tillbooks serve` on a temp data folder; `status --json`, `import`, `sync --now` and
 * `tickets --json` run as separate processes on the same folder, which the service runs for
 * them over its local API (127.0.0.1, a token in the folder readable by its owner alone).
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusJson, ticketsJson } from '../../src/cli/json-output.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { LOCAL_API_FILE, localApiInfoSchema } from '../../src/cli/local-api.js';
import { startTillbooksProcess } from '../support/child-process.js';
import type { TillbooksProcess } from '../support/child-process.js';

let dataDir: string;
let env: Record<string, string>;
let service: TillbooksProcess;

async function tillbooks(...args: string[]): Promise<{ code: number | null; output: string; stdout: string }> {
  return startTillbooksProcess(args, env, '\u0000', dataDir).exited;
}

async function ok(...args: string[]): Promise<{ output: string; stdout: string }> {
  const r = await tillbooks(...args);
  expect(r.code, `${args.join(' ')}\n${r.output}`).toBe(0);
  return r;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tillbooks-while-serving-'));
  env = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', TILLBOOKS_DEMO: 'false', SIMULATOR_PORT: '0', PORT: '0' };
  await ok('location', 'add', 'ny-1', '--name', 'New York', '--time-zone', 'America/New_York');
  await ok('connect', '--location', 'ny-1', '--company', 'Serve Co');
  service = startTillbooksProcess(['serve'], env, 'from this machine only');
  const early = await Promise.race([service.ready.then(() => null), service.exited]);
  expect(early, early?.output).toBeNull();
  expect(service.output()).toContain('are run by this service');
}, 240_000);
afterAll(async () => {
  service?.proc.kill('SIGTERM');
  await service?.exited;
  await rm(dataDir, { recursive: true, force: true });
});

describe('the CLI while `tillbooks serve` holds the embedded data folder', () => {
  it('status --json is answered by the service, with the token file readable by its owner alone', { timeout: 60_000 }, async () => {
    const status = statusJson.parse(JSON.parse((await ok('status', '--json')).stdout));
    expect(status.connections).toMatchObject([{ companyName: 'Serve Co', locationIds: ['ny-1'] }]);
    expect((await stat(path.join(dataDir, LOCAL_API_FILE))).mode & 0o777).toBe(0o600);
  });

  it('import (a file named relative to where the command runs), sync --now, then tickets --json shows it posted', { timeout: 90_000 }, async () => {
    const ticket = JSON.parse(await readFile(new URL('../../docs/example-ticket.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(dataDir, 'one.json'), JSON.stringify([{ ...ticket, locationId: 'ny-1' }]));
    expect((await ok('import', 'one.json', '--no-progress')).output).toMatch(/1 ticket/);
    expect((await ok('sync', '--now', '--location', 'ny-1', '--no-progress')).stdout).toMatch(/run \d+ finished: 1 posted/);
    const list = ticketsJson.parse(JSON.parse((await ok('tickets', '--json')).stdout));
    expect(list.tickets).toMatchObject([{ locationId: 'ny-1', ticketId: ticket.id, state: 'posted' }]);
  });

  it('a command the service does not run says so, and the local API wants its token', { timeout: 60_000 }, async () => {
    const r = await tillbooks('connect', '--location', 'ny-1');
    expect(r.code).toBe(EXIT.usage);
    expect(r.output).toContain('tillbooks connect cannot run while the service runs');
    expect(r.output).not.toMatch(/\n\s+at /);
    const info = localApiInfoSchema.parse(JSON.parse(await readFile(path.join(dataDir, LOCAL_API_FILE), 'utf8')));
    expect(new URL(info.url).hostname).toBe('127.0.0.1');
    const anonymous = await fetch(`${info.url}/cli`, { method: 'POST', body: JSON.stringify({ argv: ['status'], cwd: '/' }) });
    expect(anonymous.status).toBe(401);
  });
});
