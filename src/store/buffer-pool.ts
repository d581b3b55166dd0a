/**
 * How big the embedded store's buffer pool (shared_buffers) is. PGlite's PostgreSQL prepares
 * the whole pool when it starts, in WebAssembly on the baseline compiler: about 4 ms of CPU a
 * megabyte (measured on a store of 500 tickets: ready after 0.65–0.76 s of CPU with 16 MB,
 * 0.92–0.98 s with 64 MB, 1.21–1.28 s with 128 MB). 64 MB is what a 10,000-ticket sync wants
 * (store/db.ts), and the service, which starts once, keeps it. A process that runs one command
 * and exits (`tillbooks sync`) sizes it to the store instead: half as much again as its largest
 * database's files, in steps of 8 MB, between 16 and 64, so a small store is not made to pay a
 * big one's start.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const MB = 2 ** 20;
export const FULL_POOL_MB = 64;
const SMALLEST_POOL_MB = 16;

let sizedToStore = false;

/** This process runs one command and exits: its store's pool is sized to the store (see above). */
export function sizePoolToStore(): void {
  sizedToStore = true;
}

/** The shared_buffers setting for an embedded store in `pgDataDir` (absent: in memory). */
export function sharedBuffers(pgDataDir: string | undefined): string {
  if (!sizedToStore || !pgDataDir) return `shared_buffers=${FULL_POOL_MB}MB`;
  const wanted = Math.ceil((largestDatabaseBytes(pgDataDir) * 1.5) / (8 * MB)) * 8;
  return `shared_buffers=${Math.min(FULL_POOL_MB, Math.max(SMALLEST_POOL_MB, wanted))}MB`;
}

/** The bytes of the biggest database under base/ (ours; the others are PostgreSQL's templates); 0 for a new store. */
function largestDatabaseBytes(pgDataDir: string): number {
  const base = path.join(pgDataDir, 'base');
  let largest = 0;
  try {
    for (const db of readdirSync(base)) {
      const dir = path.join(base, db);
      let bytes = 0;
      for (const file of readdirSync(dir)) bytes += statSync(path.join(dir, file)).size;
      largest = Math.max(largest, bytes);
    }
  } catch {
    // A store not made yet, or a file gone meanwhile: the smallest pool, which only costs speed.
  }
  return largest;
}
