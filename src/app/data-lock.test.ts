import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFolderBusyError, lockDataFolder } from './data-lock.js';

describe('the embedded data folder lock', () => {
  let dir: string;
  const pidFile = () => path.join(dir, 'tillbooks.pid');
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tillbooks-lock-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('leaves the service\'s address beside its pid, and a refused command is told where to read instead', async () => {
    const release = await lockDataFolder(dir, 'http://localhost:3000');
    expect(await readFile(pidFile(), 'utf8')).toBe(`${process.pid}\nhttp://localhost:3000\n`);
    await release();
    // The service is another live process (the test runner's parent stands in for it).
    await writeFile(pidFile(), `${process.ppid}\nhttp://localhost:3000\n`);
    const err = await lockDataFolder(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFolderBusyError);
    expect((err as DataFolderBusyError).serving).toBe('http://localhost:3000');
    expect((err as Error).message).toContain(`in use by the running service (process ${process.ppid}, http://localhost:3000)`);
    expect((err as Error).message).toContain('back office (http://localhost:3000: Dashboard, Tickets, Reconciliation)');
    expect((err as Error).message).toContain('http://localhost:3000/api/docs');
  });

  it('names the process when it is not the service (a pid file of an older build has no address)', async () => {
    await writeFile(pidFile(), `${process.ppid}\n`);
    const err = await lockDataFolder(dir).catch((e: unknown) => e);
    expect((err as Error).message).toContain(`in use by process ${process.ppid} (is \`npm start\` running?)`);
  });

  it('takes over the lock of a process that died', async () => {
    await writeFile(pidFile(), '2147483646\nhttp://localhost:3000\n');
    const release = await lockDataFolder(dir);
    expect(await readFile(pidFile(), 'utf8')).toBe(`${process.pid}\n\n`);
    await release();
  });
});
