/**
 * A command refused the embedded data folder because the service holds it asks the service to
 * run it instead (local-api.ts), and prints what comes back as if it had run here.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataFolderBusyError } from '../app/data-lock.js';
import { CommandError } from './context.js';
import { networkReason } from './consent-client.js';
import { EXIT } from './exit-codes.js';
import { LOCAL_API_FILE, localApiInfoSchema, NOT_HOSTED } from './local-api.js';
import type { LocalApiInfo } from './local-api.js';

/** The exit status of the command run by the service; null when no service takes commands (the refusal stands). */
export async function runInService(busy: DataFolderBusyError, args: string[]): Promise<number | null> {
  const name = args[0] ?? '';
  const notHosted = NOT_HOSTED[name];
  if (notHosted) {
    if (!busy.serving) return null;
    throw new CommandError(`tillbooks ${name} cannot run while the service runs on ${busy.folder} (process ${busy.pid}, ${busy.serving}): `
      + `${notHosted}${name === 'connect' ? ` (${busy.serving}/quickbooks)` : ''}.`, EXIT.usage);
  }
  const info = await readInfo(busy) ?? (busy.serving ? await startingService(busy) : null);
  if (!info) return null;
  let answer: Response;
  try {
    answer = await fetch(`${info.url}/cli`, {
      method: 'POST', headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ argv: args, cwd: process.cwd() }),
    });
  } catch (err) {
    throw new CommandError(`the running service (process ${busy.pid}) did not answer at ${info.url} (${networkReason(err) ?? String(err)}); stop it, or try again`, EXIT.usage);
  }
  if (!answer.ok || !answer.body) throw new CommandError(`the running service refused the command: ${answer.status} ${await answer.text()}`, EXIT.usage);
  return relay(answer.body);
}

/** The service took the folder but is still starting (its local API comes last): wait for it, saying so. */
async function startingService(busy: DataFolderBusyError): Promise<LocalApiInfo | null> {
  console.error(`waiting up to ${STARTING_WAIT_S} s for the service (process ${busy.pid}) to finish starting`);
  for (let waited = 0; waited < STARTING_WAIT_S * 1000; waited += 250) {
    await new Promise((r) => setTimeout(r, 250));
    const info = await readInfo(busy);
    if (info) return info;
  }
  return null;
}

const STARTING_WAIT_S = 30;

async function readInfo(busy: DataFolderBusyError): Promise<LocalApiInfo | null> {
  const text = await readFile(path.join(busy.folder, LOCAL_API_FILE), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const info = localApiInfoSchema.parse(JSON.parse(text));
    return info.pid === busy.pid ? info : null;
  } catch {
    return null;
  }
}

/** Prints the service's lines as they come; the last one is the exit status. */
async function relay(body: ReadableStream<Uint8Array>): Promise<number> {
  const decoder = new TextDecoder();
  let pending = '';
  let exit: number | null = null;
  const take = (line: string) => {
    if (!line.trim()) return;
    const msg = JSON.parse(line) as { out?: string; err?: string; exit?: number };
    if (msg.out !== undefined) process.stdout.write(msg.out);
    if (msg.err !== undefined) process.stderr.write(msg.err);
    if (msg.exit !== undefined) exit = msg.exit;
  };
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(take);
  }
  take(pending);
  if (exit === null) throw new CommandError('the running service stopped before the command ended', EXIT.usage);
  return exit;
}
