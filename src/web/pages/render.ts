/**
 * Server-side templates (Eta, src/web/views). autoEscape is on: `<%= %>` escapes everything,
 * and `<%~ %>` (raw) is used only for the layout's body, which the templates built escaped.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { Flash } from '../session/flash.js';
import * as format from './format.js';

const VIEWS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'views');

/** What every page's layout needs. */
export interface LayoutData {
  title: string;
  /** The nav entry to mark current. */
  nav?: 'home' | 'quickbooks' | 'tickets' | 'mapping' | 'reconcile' | 'repair' | 'days' | 'payouts';
  /** Tickets that need a person (the badge on Tickets); absent when not counted. */
  attention?: number;
  /** Page stylesheets after app.css (files of static/). */
  styles?: string[];
  /** Signed-in user's email; absent on the sign-in page. */
  userEmail?: string;
  /** CSRF token for the forms of this page (and the meta tag the scripts read). */
  csrf?: string;
  flash?: Flash | null;
  /** While something runs: reload every N seconds when scripts are off. */
  refreshSeconds?: number;
}

export type Renderer = <T extends LayoutData>(template: string, data: T) => string;

export function makeRenderer(asset: (name: string) => string): Renderer {
  const eta = new Eta({ views: VIEWS, autoEscape: true, cache: true, autoTrim: [false, 'nl'] });
  return (template, data) => eta.render(`./${template}`, { ...data, asset, format });
}
