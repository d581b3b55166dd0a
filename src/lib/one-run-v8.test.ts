import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('./one-run-v8.ts', import.meta.url));

/** Runs `script` in a fresh node process with `flags`, after useBaselineJavaScript() when `baseline`; its output. */
function runFresh(script: string, baseline: boolean, flags: string[]): string {
  const setUp = baseline ? `const { useBaselineJavaScript } = await import(${JSON.stringify(MODULE)}); useBaselineJavaScript();` : '';
  return execFileSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', `${setUp}\n${script}`], { encoding: 'utf8' });
}

/** A hot function's V8 optimization status in a fresh process (natives syntax: %GetOptimizationStatus). */
function hotFunctionStatus(baseline: boolean): number {
  const script = `
    function f(x) { let s = 0; for (let i = 0; i < 100; i++) s += i * x; return s; }
    for (let i = 0; i < 200000; i++) f(i);
    console.log(eval('%GetOptimizationStatus(f)'));`;
  return Number(runFresh(script, baseline, ['--allow-natives-syntax']).trim());
}

/**
 * The full collections (--trace-gc's Mark-Compact lines) of a fresh process that keeps enough
 * alive to need them (its old generation held small, so both ways collect). An incremental one
 * reports its steps "since start of marking"; V8's memory reducer only ever starts incremental ones.
 */
function fullCollections(baseline: boolean): string[] {
  const script = `
    let kept = [];
    for (let round = 0; round < 8; round++) { kept = []; for (let i = 0; i < 150000; i++) kept.push({ i, s: 'x' + i }); }`;
  return runFresh(script, baseline, ['--trace-gc', '--max-old-space-size=24']).split('\n').filter((line) => line.includes('Mark-Compact'));
}

// V8's status bits (runtime-test.cc): 1 << 6 TurboFanned, 1 << 1 never to be optimized.
const TURBOFANNED = 1 << 6;
const NEVER_OPTIMIZE = 1 << 1;

describe('useBaselineJavaScript', () => {
  it('keeps a hot function off TurboFan, where V8 would otherwise optimize it', () => {
    expect(hotFunctionStatus(false) & TURBOFANNED).toBe(TURBOFANNED);
    const status = hotFunctionStatus(true);
    expect(status & TURBOFANNED).toBe(0);
    expect(status & NEVER_OPTIMIZE).toBe(NEVER_OPTIMIZE);
  });

  it('makes full collections in one go, so the memory reducer cannot start any while the process waits', () => {
    const incremental = (lines: string[]) => lines.filter((line) => line.includes('since start of marking')).length;
    expect(incremental(fullCollections(false))).toBeGreaterThan(0);
    const oneRun = fullCollections(true);
    expect(oneRun.length).toBeGreaterThan(0);
    expect(incremental(oneRun)).toBe(0);
  });
});
