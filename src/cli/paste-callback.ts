/**
 * `tillbooks connect` against real QuickBooks: a person approves in a browser, which QuickBooks
 * sends to the back office's callback. The state is bound to this process (a nonce only it
 * knows), so the back office refuses to complete it there and shows the address; the person
 * pastes it here and this process completes the connection.
 */
import { createInterface } from 'node:readline';
import { UsageError } from './context.js';

/** `signal`: stop asking (the callback came another way). */
export async function readPastedCallback(prompt: string, signal?: AbortSignal): Promise<Record<string, string>> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  signal?.addEventListener('abort', () => rl.close(), { once: true });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      rl.once('close', () => reject(new UsageError('no callback address was pasted; nothing was connected')));
      rl.question(prompt, resolve);
    });
    return callbackParams(line);
  } finally {
    rl.close();
  }
}

/** The callback's parameters from a pasted address (also from the sign-in page's `next`, when the browser was signed out). */
export function callbackParams(pasted: string): Record<string, string> {
  let url: URL;
  try {
    url = new URL(pasted.trim(), 'http://pasted.invalid');
  } catch {
    throw new UsageError('that is not an address: paste the whole address from the browser');
  }
  const next = url.searchParams.get('next');
  if (!url.searchParams.has('state') && next) return callbackParams(next);
  if (!url.searchParams.has('state')) throw new UsageError('that address has no OAuth state: paste the address QuickBooks sent the browser to (…/quickbooks/callback?code=…&state=…)');
  return Object.fromEntries(url.searchParams);
}
