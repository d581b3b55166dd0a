/**
 * Embedded PGlite is one process's database: two processes on one data folder would corrupt
 * it. The first takes `tillbooks.pid` in the folder; a second is told who holds it. A pid
 * file left by a process that died is taken over.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class DataFolderBusyError extends Error {
  /** `serving`: the holder is the running service, at this address (the second line of its pid file). */
  constructor(readonly folder: string, readonly pid: number, readonly serving: string | null = null) {
    super(serving
      ? `the embedded database in ${folder} is in use by the running service (process ${pid}, ${serving}): embedded mode keeps it to one process. `
        + `While it runs, read the same in its back office (${serving}: Dashboard, Tickets, Reconciliation) or through its JSON API with an API key `
        + `(${serving}/api/docs); or stop it first; or run the service and every command on one PostgreSQL server (DATABASE_URL).`
      : `the embedded database in ${folder} is in use by process ${pid} (is \`npm start\` running?). `
        + 'Stop it first, or point every process at one PostgreSQL server with DATABASE_URL.');
    this.name = 'DataFolderBusyError';
  }
}

/** `serving`: the address of the service taking the lock (written beside its pid, named to a command refused). */
export async function lockDataFolder(folder: string, serving?: string): Promise<() => Promise<void>> {
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, 'tillbooks.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n${serving ?? ''}\n`, { flag: 'wx' });
      return async () => {
        await rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const [first = '', second = ''] = (await readFile(file, 'utf8').catch(() => '')).split('\n');
      const pid = Number(first.trim());
      if (pid && pid !== process.pid && isAlive(pid)) throw new DataFolderBusyError(folder, pid, second.trim() || null);
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
