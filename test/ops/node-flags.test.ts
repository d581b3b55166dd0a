/**
 * The product's Node flags (V8's young generation, scripts/sources.mjs) are written in three
 * places: the list the benchmark's children use, package.json's scripts and the bin's shebang,
 * which a person running `./bin/tillbooks.mjs` gets. One changed alone would measure one
 * process and ship another; and the running process must really have them.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../../scripts/sources.mjs';

const root = new URL('../../', import.meta.url);
const flagsIn = (command: string) => command.split(/\s+/).filter((w) => w.startsWith('--'));

describe('the product\'s Node flags', () => {
  it('are the same in scripts/sources.mjs, package.json\'s node scripts and the bin\'s shebang', async () => {
    expect(NODE_FLAGS).toEqual(['--max-semi-space-size=16', '--min-semi-space-size=16']);
    const scripts = (JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const product = Object.entries(scripts).filter(([, cmd]) => cmd.includes('bin/tillbooks.mjs'));
    expect(product.map(([name]) => name).sort()).toEqual(['demo', 'start', 'tillbooks']);
    for (const [, cmd] of product) expect(flagsIn(cmd.slice(0, cmd.indexOf('bin/tillbooks.mjs')))).toEqual(NODE_FLAGS);
    const shebang = (await readFile(new URL('bin/tillbooks.mjs', root), 'utf8')).split('\n')[0]!;
    expect(shebang.startsWith('#!/usr/bin/env -S node ')).toBe(true);
    expect(flagsIn(shebang)).toEqual(NODE_FLAGS);
  });

  it('are ones this Node accepts, and set the young generation they name', () => {
    // V8 reports its semi-space size through the heap spaces: 16 MB from the start, not grown to it.
    const out = execFileSync(process.execPath, [...NODE_FLAGS, '-e',
      'const v8 = require("node:v8"); const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === "new_space"); console.log(s.space_size)'], { encoding: 'utf8' });
    expect(Number(out.trim())).toBeGreaterThanOrEqual(16 * 2 ** 20);
  });
});
