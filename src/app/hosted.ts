/**
 * A CLI command run inside the service on behalf of a `tillbooks` process refused the embedded
 * data folder (issue 18: "the CLI works while the service runs"). The command runs on the
 * service's own runtime and SyncDeps (one database, one limiter per company); what it prints and
 * the exit status it sets go back to the process that asked (cli/local-api-server.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import type { SyncDeps } from '../sync/index.js';
import type { Runtime } from './runtime.js';

export interface HostedCommand {
  runtime: Runtime;
  deps: SyncDeps;
  /** Wakes the service's worker (a run was queued); null when the service runs no worker. */
  kick: (() => void) | null;
  /** The asking process's working directory: relative file names are its. */
  cwd: string;
  /** Output for the asking process. */
  write(stream: 'out' | 'err', text: string): void;
  exitCode: number | undefined;
}

const storage = new AsyncLocalStorage<HostedCommand>();

/** The command being run for another process, or null in a command's own process. */
export function hosted(): HostedCommand | null {
  return storage.getStore() ?? null;
}

export function runHosted<T>(command: HostedCommand, fn: () => Promise<T>): Promise<T> {
  return storage.run(command, fn);
}

/** Runs `fn` outside any hosted command (work the service starts must not write to a command's output). */
export function outsideHosted<T>(fn: () => T): T {
  return storage.exit(fn);
}

/** A file name given on the command line, resolved where the command was typed. */
export function cliPath(file: string): string {
  return path.resolve(hosted()?.cwd ?? process.cwd(), file);
}

/** The exit status of the command (its own process's, or the asking process's when hosted). */
export function setExitCode(code: number): void {
  const h = hosted();
  if (h) h.exitCode = code;
  else process.exitCode = code;
}
