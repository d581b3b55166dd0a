/**
 * The embedded store's buffer pool (buffer-pool.ts): 64 MB unless the process runs one command,
 * then sized to the store's largest database, between 16 and 64 MB in steps of 8.
 */
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedBuffers, sizePoolToStore } from './buffer-pool.js';

const MB = 2 ** 20;

describe('the embedded store buffer pool', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  /** A data folder whose databases hold files of these sizes (MB), one database each. */
  const store = async (...databases: number[][]) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pool-'));
    dirs.push(dir);
    for (const [i, files] of databases.entries()) {
      const db = path.join(dir, 'base', String(i + 1));
      await mkdir(db, { recursive: true });
      for (const [j, size] of files.entries()) {
        const file = path.join(db, String(16384 + j));
        await writeFile(file, '');
        await truncate(file, size * MB);
      }
    }
    return dir;
  };

  it('is 64 MB in a process that keeps running, and in memory', async () => {
    expect(sharedBuffers(await store([7], [2]))).toBe('shared_buffers=64MB');
    sizePoolToStore();
    expect(sharedBuffers(undefined)).toBe('shared_buffers=64MB');
  });

  it('is sized to the largest database in a one-command process: 16 MB at least, 64 at most', async () => {
    sizePoolToStore();
    expect(sharedBuffers(path.join(tmpdir(), 'no-such-store'))).toBe('shared_buffers=16MB');
    // The templates (7 MB each) and ours of 9 + 12 MB: 21 × 1.5 = 31.5, so 32.
    expect(sharedBuffers(await store([7], [7], [9, 12]))).toBe('shared_buffers=32MB');
    expect(sharedBuffers(await store([7], [3]))).toBe('shared_buffers=16MB');
    expect(sharedBuffers(await store([7], [40, 30]))).toBe('shared_buffers=64MB');
  });
});
