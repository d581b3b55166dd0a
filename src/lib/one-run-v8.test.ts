import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('./one-run-v8.ts', import.meta.url));

/** A hot function's V8 optimization status in a fresh process (natives syntax: %GetOptimizationStatus). */
function hotFunctionStatus(baseline: boolean): number {
  const script = `
    ${baseline ? `const { useBaselineJavaScript } = await import(${JSON.stringify(MODULE)}); useBaselineJavaScript();` : ''}
    function f(x) { let s = 0; for (let i = 0; i < 100; i++) s += i * x; return s; }
    for (let i = 0; i < 200000; i++) f(i);
    console.log(eval('%GetOptimizationStatus(f)'));`;
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return Number(out.trim());
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
});
