/**
 * Embedded PGlite is one process's database: two processes on one data folder would corrupt
 * it. The first takes `tillbooks.pid` in the folder; a second is told who holds it. A pid
 * file left by a process that died is taken over.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class DataFolderBusyError extends Error {
  constructor(readonly folder: string, readonly pid: number) {
    super(`the embedded database in ${folder} is in use by process ${pid} (is \`npm start\` running?). ` +
      'Stop it first, or point every process at one PostgreSQL server with DATABASE_URL.');
    this.name = 'DataFolderBusyError';
  }
}

export async function lockDataFolder(folder: string): Promise<() => Promise<void>> {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'tillbooks.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      return async () => {
        await rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && isAlive(pid)) throw new DataFolderBusyError(folder, pid);
      await rm(file, { force: true });
    }
  }
  throw new Error(`could not lock ${folder}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
