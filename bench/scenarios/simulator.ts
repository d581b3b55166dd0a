/**
 * The QuickBooks simulator in a process of its own, so the benchmarked process's CPU time and
 * memory are ours alone. Like `tillbooks simulator --time-scale N`, plus the limit option the
 * CLI does not expose (metering of batch items).
 *
 *   node --import tsx bench/scenarios/simulator.ts --time-scale 60 --meter-batch-items true
 */
import { startSimulator } from '../../src/sandbox/index.js';
import { report } from '../lib/children.js';
import { flags } from '../lib/flags.js';
import { serveUntilStopped } from '../lib/service-child.js';

const f = flags(process.argv.slice(2), { 'time-scale': '60', 'meter-batch-items': 'true' });
const cpu = process.cpuUsage();
const sim = await startSimulator({
  port: 0, timeScale: Number(f['time-scale']), limits: { enabled: true, meterBatchItems: f['meter-batch-items'] !== 'false' },
});
serveUntilStopped(() => sim.close(), cpu, report);
report({ url: sim.url });
