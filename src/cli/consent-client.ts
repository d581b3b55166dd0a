/**
 * Completing OAuth consent without a browser, against the built-in simulator's consent page
 * (`tillbooks connect`, the demo and tests): fetch the page, choose a company, press Connect,
 * and read the redirect QuickBooks would send the browser to. Real Intuit sign-in needs a
 * person; this only works with the simulator (or anything serving the same form).
 */
export interface ConsentChoice {
  /** An existing company of the simulator. */
  realmId?: string;
  /** Or a new one with this name. */
  newCompany?: string;
}

export async function approveConsent(authorizeUrl: string, choice: ConsentChoice): Promise<Record<string, string>> {
  const pageRes = await fetch(authorizeUrl);
  if (!pageRes.ok) throw new Error(`the consent page answered ${pageRes.status}`);
  const html = await pageRes.text();
  const action = /<form[^>]*method="post"[^>]*action="([^"]+)"/i.exec(html)?.[1];
  if (!action) throw new Error('no consent form found at the authorize URL (is it the simulator?)');
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, decodeEntities(m[2]!));
  form.set('realmId', choice.realmId ?? 'new');
  if (!choice.realmId) form.set('companyName', choice.newCompany ?? 'My Sandbox Company');
  form.set('decision', 'approve');
  const res = await fetch(new URL(decodeEntities(action), authorizeUrl), { method: 'POST', body: form, redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status < 300 || res.status >= 400 || !location) throw new Error(`the consent form answered ${res.status} without a redirect`);
  return Object.fromEntries(new URL(location).searchParams);
}

function decodeEntities(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
