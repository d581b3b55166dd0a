/**
 * Debian's Chromium for the browser tests, through playwright-core: a throwaway profile, the
 * flags that keep it quiet and offline, and every Content Security Policy complaint collected
 * (the pages must raise none). `close()` shuts it and removes the profile.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

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
