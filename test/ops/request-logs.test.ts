/**
 * Issue 18: every web request printed two raw JSON lines into the terminal running `npm start`.
 * Now one line a request: pretty for a person (LOG_FORMAT=pretty, what a terminal gets by
 * default), one JSON object when the output is not a terminal (here a pipe, as a collector's).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTillbooksProcess } from '../support/child-process.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tillbooks-logs-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** `tillbooks serve`, one page asked for, and the lines that name it. */
async function linesOfOneRequest(env: Record<string, string>): Promise<string[]> {
  const serve = startTillbooksProcess(['serve'], {
    DATA_DIR: path.join(dataDir, env.LOG_FORMAT ?? 'auto'), DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', SIMULATOR_PORT: '0',
    TILLBOOKS_DEMO: 'false', LOG_LEVEL: 'info', ...env,
  }, 'tillbooks is running at');
  try {
    await serve.ready;
    const url = /tillbooks is running at (\S+)/.exec(serve.output())![1]!;
    expect((await fetch(`${url}/signin`)).status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    for (let i = 0; i < 100 && !serve.output().includes('/signin 200'); i++) await new Promise((r) => setTimeout(r, 50));
    return serve.output().split('\n').filter((l) => /GET \/(signin|healthz)|"url":"\/(signin|healthz)/.test(l));
  } finally {
    serve.proc.kill('SIGTERM');
    await serve.exited;
  }
}

describe('request logs', () => {
  it('in a terminal: one pretty line a request, no JSON; polled routes only at debug', { timeout: 60_000 }, async () => {
    const lines = await linesOfOneRequest({ LOG_FORMAT: 'pretty' });
    expect(lines, lines.join('\n')).toHaveLength(1);
    expect(lines[0]).toMatch(/INFO.*GET \/signin 200 \d+ ms$/);
    expect(lines[0]).not.toContain('{');
  });

  it('not a terminal: one JSON object a request, its fields under http', { timeout: 60_000 }, async () => {
    const lines = await linesOfOneRequest({});
    expect(lines, lines.join('\n')).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as { level: number; msg: string; http: Record<string, unknown> };
    expect(entry).toMatchObject({ level: 30, http: { method: 'GET', url: '/signin', statusCode: 200 } });
    expect(entry.msg).toMatch(/^GET \/signin 200 \d+ ms$/);
  });
});
