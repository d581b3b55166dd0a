/**
 * Intake over HTTP: the product in a child process (scenarios/intake-server.ts), and this
 * process as the POS fleet, sending the NDJSON file as `POST /api/v1/tickets` batches of 1,000
 * (application/x-ndjson, each line as the POS wrote it), one batch at a time.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { prepareDataDir } from './import-cli.js';
import type { ServerDatabase } from './product.js';
import { startServiceChild } from './service-child.js';

export interface ApiIntakeMeasure {
  lines: number;
  batches: number;
  wallMs: number;
  linesPerSecond: number;
  /** Per-batch answer time, ms: median and worst. */
  batchP50Ms: number;
  batchMaxMs: number;
  outcomes: Record<string, number>;
  server: { cpuMs: number; maxRssMb: number };
}

const BATCH = 1000;

export async function measureApiIntake(dataDir: string, file: string, server?: ServerDatabase): Promise<ApiIntakeMeasure> {
  await prepareDataDir(dataDir, server);
  const args = ['--data-dir', dataDir, ...(server ? ['--database-url', server.url, '--schema', server.schema, '--secret-key', server.secretKey] : [])];
  const child = await startServiceChild<{ url: string; apiKey: string }>('bench/scenarios/intake-server.ts', args);
  const { url, apiKey } = child.ready;
  const outcomes: Record<string, number> = {};
  const times: number[] = [];
  let lines = 0;
  const send = async (batch: string[]) => {
    const started = performance.now();
    const res = await fetch(`${url}/api/v1/tickets`, {
      method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/x-ndjson' }, body: `${batch.join('\n')}\n`,
    });
    const body = (await res.json()) as { summary?: Record<string, number>; error?: string };
    times.push(performance.now() - started);
    if (res.status !== 200 || !body.summary) throw new Error(`intake answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    for (const [k, v] of Object.entries(body.summary)) outcomes[k] = (outcomes[k] ?? 0) + v;
  };
  let stats: { cpuMs: number; maxRssMb: number };
  const started = performance.now();
  try {
    let batch: string[] = [];
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      batch.push(line);
      lines++;
      if (batch.length === BATCH) {
        await send(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await send(batch);
  } finally {
    stats = await child.stop();
  }
  const wallMs = performance.now() - started;
  times.sort((a, b) => a - b);
  return {
    lines, batches: times.length, wallMs, linesPerSecond: lines / (wallMs / 1000),
    batchP50Ms: times[Math.floor(times.length / 2)] ?? 0, batchMaxMs: times.at(-1) ?? 0, outcomes, server: stats,
  };
}
