/**
 * Completing OAuth consent without a browser, against the built-in simulator's consent page
 * (`tillbooks connect`, the demo and tests): fetch the page, choose a company, press Connect,
 * and read the redirect QuickBooks would send the browser to. Real Intuit sign-in needs a
 * person; this only works with the simulator (or anything serving the same form).
 */
import { CommandError } from './context.js';
import { EXIT } from './exit-codes.js';

export interface ConsentChoice {
  /** An existing company of the simulator. */
  realmId?: string;
  /** Or a new one with this name. */
  newCompany?: string;
}

export async function approveConsent(authorizeUrl: string, choice: ConsentChoice): Promise<Record<string, string>> {
  const pageRes = await reach(authorizeUrl);
  if (!pageRes.ok) throw new Error(`the consent page answered ${pageRes.status}`);
  return submitConsent(authorizeUrl, await pageRes.text(), choice);
}

/** Presses Connect on a consent page already fetched from `pageUrl`. */
export async function submitConsent(pageUrl: string, html: string, choice: ConsentChoice): Promise<Record<string, string>> {
  const action = consentFormAction(html);
  if (!action) throw new Error('no consent form found at the authorize URL (is it the simulator?)');
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, decodeEntities(m[2]!));
  form.set('realmId', choice.realmId ?? 'new');
  if (!choice.realmId) form.set('companyName', choice.newCompany ?? 'My Sandbox Company');
  form.set('decision', 'approve');
  const res = await reach(new URL(decodeEntities(action), pageUrl).href, { method: 'POST', body: form, redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status < 300 || res.status >= 400 || !location) throw new Error(`the consent form answered ${res.status} without a redirect`);
  return Object.fromEntries(new URL(location).searchParams);
}

export function consentFormAction(html: string): string | undefined {
  return /<form[^>]*method="post"[^>]*action="([^"]+)"/i.exec(html)?.[1];
}

/**
 * fetch, with a server that cannot be reached told in one line (which address, and why)
 * instead of undici's "TypeError: fetch failed" and its stack.
 */
export async function reach(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const why = networkReason(err);
    if (why === null) throw err;
    throw new CommandError(`cannot reach ${new URL(url).origin} (${why}): is the QuickBooks server running, and are the QBO_* URLs (or QBO_SIMULATOR_URL) right?`, EXIT.quickBooks);
  }
}

/** ECONNREFUSED and the like for a fetch that failed on the network; null for anything else. */
export function networkReason(err: unknown): string | null {
  if (!(err instanceof TypeError) || err.message !== 'fetch failed') return null;
  const cause = err.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? 'network error';
}

function decodeEntities(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
