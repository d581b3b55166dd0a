/**
 * `tillbooks import [--kind K] FILE`: a .json array or .ndjson file of any size, streamed (never
 * read whole), taken in chunks through the same intake as the API, with a progress bar and a
 * closing summary that names each refused record by its line. The kind (tickets, drawer
 * operations, payouts) is said, never guessed: tickets unless `--kind` names another.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import cliProgress from 'cli-progress';
import { formatFieldError } from '../domain/ticket-schema.js';
import { JsonArrayError, JsonArraySplitter } from '../intake/json-elements.js';
import { INTAKE_KINDS } from '../intake/kinds.js';
import type { RecordKindName } from '../intake/kinds.js';
import type { IntakeEntry, IntakeResult, Summary } from '../intake/take-tickets.js';
import type { Db } from '../store/index.js';
import { UsageError } from './context.js';

export interface ImportOptions {
  file: string;
  tenantId: string;
  /** What the file holds (default tickets). */
  kind?: RecordKindName;
  /** Tickets per intake call (default 500). */
  chunk?: number;
  progress?: boolean;
  /** Where to write every refused ticket (NDJSON: line, id, errors). */
  reportFile?: string;
  /** How many refused tickets the summary lists (default 50). */
  listRefused?: number;
}

export interface ImportResult {
  summary: Summary;
  /** The first refused tickets (at most listRefused), with their lines. */
  refused: IntakeResult[];
  /** How many records the file held (tickets, or the kind imported). */
  tickets: number;
  ms: number;
  /** The kind imported, for the summary's words. */
  kind: RecordKindName;
  /** The locations of the records taken (a backfill posts these). */
  locationIds: string[];
}

export async function importFile(db: Db, opts: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const size = (await stat(opts.file).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${opts.file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  })).size;
  const isNdjson = /\.(ndjson|jsonl)$/i.test(opts.file);
  if (!isNdjson && !/\.json$/i.test(opts.file)) throw new UsageError(`${opts.file}: expected a .json or .ndjson file`);
  const bar = opts.progress ? startProgressBar(size, INTAKE_KINDS[opts.kind ?? 'tickets'].plural) : null;
  const stream = createReadStream(opts.file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const batches = makeBatcher(db, opts, (tickets) => {
    bar?.update(stream.bytesRead, { tickets, rate: Math.round(tickets / Math.max(1, (Date.now() - started) / 1000)) });
  });
  if (isNdjson) {
    await readNdjson(stream, batches.push);
  } else {
    try {
      await readJsonArray(stream, batches.push);
    } catch (err) {
      await batches.flush();
      bar?.stop();
      const { summary } = batches;
      if (!(err instanceof JsonArrayError)) throw err;
      // Said in one line, not a stack trace: where the file broke, and what was kept before it.
      throw new UsageError(`${opts.file}: ${err.message} (the ${batches.tickets()} ${INTAKE_KINDS[opts.kind ?? 'tickets'].plural} before it were imported: taken ${summary.taken}, refused ${summary.refused})`);
    }
  }
  await batches.flush();
  bar?.update(size, { tickets: batches.tickets() });
  bar?.stop();
  await batches.closeReport();
  return { summary: batches.summary, refused: batches.refused, tickets: batches.tickets(), ms: Date.now() - started, kind: opts.kind ?? 'tickets', locationIds: [...batches.locations].sort() };
}

function startProgressBar(size: number, plural: string): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar({
    format: `importing [{bar}] {percentage}% | {tickets} ${plural} | {rate}/s | ETA {eta_formatted}`, hideCursor: true,
  }, cliProgress.Presets.shades_classic);
  bar.start(size, 0, { tickets: 0, rate: 0 });
  return bar;
}

type Push = (entry: IntakeEntry) => Promise<void>;

/** Gathers entries into chunks for the intake and keeps the tally of what it answered. */
function makeBatcher(db: Db, opts: ImportOptions, onChunk: (tickets: number) => void) {
  const summary: Summary = { taken: 0, unchanged: 0, replaced: 0, refused: 0 };
  const refused: IntakeResult[] = [];
  const locations = new Set<string>();
  const listRefused = opts.listRefused ?? 50;
  const chunkSize = opts.chunk ?? 500;
  const report = opts.reportFile ? createWriteStream(opts.reportFile) : null;
  let tickets = 0;
  let pending: IntakeEntry[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const results = await INTAKE_KINDS[opts.kind ?? 'tickets'].take(db, opts.tenantId, pending);
    pending = [];
    for (const r of results) {
      summary[r.outcome]++;
      if (r.outcome !== 'refused' && r.locationId) locations.add(r.locationId);
      if (r.outcome !== 'refused') continue;
      if (refused.length < listRefused) refused.push(r);
      report?.write(`${JSON.stringify({ line: r.ref, id: r.id, locationId: r.locationId, processor: r.processor, errors: r.errors?.map(formatFieldError) })}\n`);
    }
  };
  const push: Push = async (entry) => {
    pending.push(entry);
    tickets++;
    if (pending.length >= chunkSize) {
      await flush();
      onChunk(tickets);
    }
  };
  const closeReport = async () => {
    if (report) await new Promise<void>((resolve, reject) => report.end((err?: Error | null) => (err ? reject(err) : resolve())));
  };
  return { summary, refused, locations, tickets: () => tickets, push, flush, closeReport };
}

async function readNdjson(stream: Readable, push: Push): Promise<void> {
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    if (text.trim()) await push({ raw: text.trim(), ref: line });
  }
}

async function readJsonArray(stream: Readable, push: Push): Promise<void> {
  const splitter = new JsonArraySplitter();
  try {
    for await (const chunk of stream) {
      for (const e of splitter.push(chunk as string)) await push({ raw: e.text, ref: e.line });
    }
    splitter.end();
  } catch (err) {
    // The tickets read before the break are good: keep them, then say where it broke.
    if (err instanceof JsonArrayError) for (const e of err.completed) await push({ raw: e.text, ref: e.line });
    throw err;
  }
}

export function formatImportSummary(r: ImportResult, file: string, reportFile?: string): string {
  const s = r.summary;
  const lines = [
    `${file}: ${r.tickets} ${INTAKE_KINDS[r.kind].plural} in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.tickets / Math.max(0.001, r.ms / 1000))}/s)`,
    `  taken ${s.taken}, unchanged ${s.unchanged}, replaced ${s.replaced}, refused ${s.refused}`,
  ];
  for (const f of r.refused) {
    const who = f.id ? ` ${f.processor ?? f.locationId ?? '?'}/${f.id}` : '';
    lines.push(`  line ${f.ref}${who}: ${(f.errors ?? []).map(formatFieldError).join('; ')}`);
  }
  if (s.refused > r.refused.length) {
    lines.push(`  … and ${s.refused - r.refused.length} more refused${reportFile ? ` (all in ${reportFile})` : ' (use --report FILE to list them all)'}`);
  }
  return lines.join('\n');
}
