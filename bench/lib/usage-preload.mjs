// Loaded with `node --import` into a child the benchmark measures from outside (the import
// CLI): on exit it writes the process's CPU time and peak RSS to BENCH_USAGE_FILE, so the
// figures are the child's own and need no change to the command being measured.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(file, JSON.stringify({
      cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024,
    }));
  });
}
