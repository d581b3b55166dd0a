/**
 * The state file: read once at start, written after changes. Writes are atomic (a temporary
 * file in the same folder, flushed to disk, then renamed over the old one), so a crash leaves
 * either the previous state or the new one, never half a file. They are debounced to at most
 * one per `minIntervalMs` of real time (wall time, not the simulator's clock, which may be
 * manual or scaled): a burst of writes costs one file write, and at most that much is lost if
 * the process is killed. One file belongs to one simulator: two sharing it overwrite each other.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SimSnapshot } from './state-snapshot.js';
import { parseSnapshot } from './state-snapshot.js';

/** Default minimum time between two writes, in real milliseconds. */
export const DEFAULT_SAVE_INTERVAL_MS = 1000;

/** The snapshot in the file, or undefined when there is no file yet; a file that is not a snapshot throws. */
export async function readStateFile(path: string): Promise<SimSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseSnapshot(json, path);
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(text, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

export interface StateSaver {
  /** Something changed: write it soon (at once if the last write is `minIntervalMs` old). */
  changed(): void;
  /** Writes now if anything changed since the last write, and waits for every write; rejects if the last one failed. */
  flush(): Promise<void>;
  /** How many times the file was written (for tests). */
  writes(): number;
}

export interface StateSaverOptions {
  /** Default DEFAULT_SAVE_INTERVAL_MS. */
  minIntervalMs?: number;
}

export function makeStateSaver(path: string, snapshot: () => SimSnapshot, opts: StateSaverOptions = {}): StateSaver {
  const interval = opts.minIntervalMs ?? DEFAULT_SAVE_INTERVAL_MS;
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let lastStart = -Infinity;
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown;
  let count = 0;

  const save = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!dirty) return writing;
    dirty = false;
    lastStart = Date.now();
    // Serialized now, synchronously, so the file holds one consistent moment of the state.
    const text = JSON.stringify(snapshot());
    writing = writing.then(async () => {
      try {
        await writeAtomically(path, text);
        count += 1;
        failure = undefined;
      } catch (e) {
        failure = e;
        dirty = true; // try again on the next change or on close
        console.error(`[simulator] could not write the state file ${path}:`, e);
      }
    });
    return writing;
  };

  return {
    changed() {
      dirty = true;
      if (timer) return;
      timer = setTimeout(() => void save(), Math.max(0, lastStart + interval - Date.now()));
      // A pending write never keeps the process alive; close() flushes.
      timer.unref();
    },
    async flush() {
      await save();
      if (failure) throw failure;
    },
    writes: () => count,
  };
}
