/**
 * Debian's Chromium for the browser tests, through playwright-core: a throwaway profile, the
 * flags that keep it quiet and offline, and every Content Security Policy complaint collected
 * (the pages must raise none). `close()` shuts it and removes the profile.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { OWNER_PASSWORD } from '../../src/web/test-support/world.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export interface OpenBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openChromium(cspViolations: string[]): Promise<OpenBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'tillbooks-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return {
    context, page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Where the browser tests' screenshots go (the pages at 1280 and 390 px, read by a person). */
export const SHOTS = path.resolve('test-results/screenshots');

/**
 * The project's accessibility check, run in the page (it has no axe): every control named,
 * ids unique, every invalid field described by its error, one h1, a language. Returns the problems.
 */
export const A11Y_CHECK = `(() => {
  const problems = [];
  const name = (el) => {
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(' ').map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
    if (el.labels && el.labels.length) return [...el.labels].map((l) => l.textContent).join(' ').trim();
    return (el.textContent || el.value || '').trim();
  };
  for (const el of document.querySelectorAll('select, input:not([type=hidden]), button, a[href]')) {
    if (!name(el)) problems.push('no accessible name: ' + el.outerHTML.slice(0, 120));
  }
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push('duplicate id ' + id);
  for (const el of document.querySelectorAll('[aria-invalid=true]')) {
    const d = el.getAttribute('aria-describedby');
    if (!d || !document.getElementById(d)) problems.push('invalid without its error: ' + el.id);
  }
  for (const el of document.querySelectorAll('[aria-describedby]')) {
    for (const id of el.getAttribute('aria-describedby').split(' ')) if (!document.getElementById(id)) problems.push('describedby missing ' + id);
  }
  if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count ' + document.querySelectorAll('h1').length);
  if (!document.documentElement.lang) problems.push('no lang');
  return problems;
})()`;

/**
 * Screenshots of the page as it stands at 1280 and 390 px wide
 * (test-results/screenshots/<prefix>-<name>-<width>.png), back at 1280 after; returns what the
 * accessibility check finds in it.
 */
export async function screenshotsAndCheck(page: Page, prefix: string, name: string): Promise<string[]> {
  await mkdir(SHOTS, { recursive: true });
  for (const [width, height] of [[1280, 900], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SHOTS, `${prefix}-${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return page.evaluate<string[]>(A11Y_CHECK);
}

/**
 * Signs the world's owner in through the sign-in page, as a person does, and waits to land on
 * `next` (a path and query; default the home page).
 */
export async function signInAsOwner(page: Page, w: { t: { url: string }; ownerEmail: string }, next?: string): Promise<void> {
  await page.goto(`${w.t.url}/signin${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Email').fill(w.ownerEmail);
  await page.getByLabel('Password').fill(OWNER_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const landing = new URL(next ?? '/', w.t.url).pathname;
  await page.waitForURL((u) => u.pathname === landing);
}
