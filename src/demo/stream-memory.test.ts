import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./test-support/stream-count.ts', import.meta.url));

describe('generateDemoTickets streams', () => {
  it('100,000 tickets in one day go through a 32 MB heap (holding them takes over 96 MB)', async () => {
    // Calibrated on Node 20: the same run that also keeps every ticket dies of heap exhaustion
    // at 96 MB; streaming needs under 12 MB. So passing here means nothing holds the output.
    const { stdout } = await run(process.execPath, ['--max-old-space-size=32', '--import', 'tsx', script, '100000'], { timeout: 60_000 });
    const result = JSON.parse(stdout) as { count: number; bytes: number };
    expect(result.count).toBeGreaterThan(85_000);
    expect(result.bytes).toBeGreaterThan(result.count * 300);
  });
});
