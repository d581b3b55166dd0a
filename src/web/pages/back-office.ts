/**
 * The back office, as the plugins the composition root hands to buildApp (WebDeps.plugins):
 *
 *   const app = await buildApp({ db, logger, plugins: await backOffice({ db, sync, publicUrl }) });
 *
 * 1. the session layer (whole app: cookies, form bodies, who is asking),
 * 2. the pages: sign-in, the dashboard (home), Reconciliation, QuickBooks, Tickets, a ticket, Mapping, Days, Repair, static files, HTML error pages,
 * 3. the sync API (/api/v1/sync, /resync, /runs), API key or session,
 * 4. the mapping API (/api/v1/connections/:id/mapping…), API key or session,
 * 5. changes made in QuickBooks: its webhooks (public, signed) and Repost / Accept as is (drift-api.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { makeApiKeyGuard } from '../api/auth.js';
import { driftApi } from '../api/drift-api.js';
import { daysApi } from '../api/days-api.js';
import { mappingApi } from '../api/mapping-api.js';
import { payoutsApi } from '../api/payouts-api.js';
import { repairApi } from '../api/repair-api.js';
import { syncApi } from '../api/sync-api.js';
import { makeSessionLayer } from '../session/session-layer.js';
import { hasValidFormToken, requireSignedIn } from '../session/guards.js';
import { attentionTotal } from '../../store/attention.js';
import { setAttentionBadge } from './attention-words.js';
import { dashboardPage } from './dashboard-page.js';
import { reconcilePage } from './reconcile-page.js';
import { renderErrorPage } from './page-kit.js';
import type { BackOfficeDeps, PageKit } from './page-kit.js';
import { quickbooksActions } from './quickbooks-actions.js';
import { quickbooksCallback } from './quickbooks-callback.js';
import { quickbooksPage } from './quickbooks-page.js';
import { mappingPage } from './mapping-page.js';
import { repairPage } from './repair-page.js';
import { dayPage } from './day-page.js';
import { daysPage } from './days-page.js';
import { payoutsPage } from './payouts-page.js';
import { makeRenderer } from './render.js';
import { signinRoutes, signoutRoute } from './signin-routes.js';
import { loadStaticAssets } from './static-assets.js';
import { ticketPage } from './ticket-page.js';
import { ticketsPage } from './tickets-page.js';
import { ticketsDriftRoute } from './tickets-drift.js';
import { resyncPage } from './resync-page.js';

export type { BackOfficeDeps } from './page-kit.js';

type Plugin = (app: FastifyInstance) => Promise<void>;

export async function backOffice(deps: BackOfficeDeps): Promise<Plugin[]> {
  const assets = await loadStaticAssets();
  const kit: PageKit = { deps, render: makeRenderer(assets.url), secure: deps.publicUrl.startsWith('https:') };
  const pages: Plugin = async (app) => {
    installPageErrors(app, kit);
    assets.register(app);
    signinRoutes(app, kit);
    await app.register(async (signedIn) => {
      signedIn.addHook('onRequest', requireSignedIn);
      signedIn.addHook('preHandler', async (request, reply) => csrfGuard(kit, request, reply));
      // The navigation's "needs attention" badge, counted once per page shown.
      signedIn.addHook('preHandler', async (request) => {
        if (request.method === 'GET') setAttentionBadge(request, await attentionTotal(deps.db, request.session!.user.tenantId));
      });
      dashboardPage(signedIn, kit);
      reconcilePage(signedIn, kit);
      signoutRoute(signedIn, kit);
      quickbooksPage(signedIn, kit);
      quickbooksActions(signedIn, kit);
      quickbooksCallback(signedIn, kit);
      ticketsPage(signedIn, kit);
      ticketsDriftRoute(signedIn, kit);
      resyncPage(signedIn, kit);
      ticketPage(signedIn, kit);
      mappingPage(signedIn, kit);
      repairPage(signedIn, kit);
      daysPage(signedIn, kit);
      dayPage(signedIn, kit);
      payoutsPage(signedIn, kit);
    });
  };
  const api: Plugin = async (app) => syncApi(app, { db: deps.db, sync: deps.sync, guard: makeApiKeyGuard(deps.db) });
  const mapping: Plugin = async (app) => mappingApi(app, { sync: deps.sync, guard: makeApiKeyGuard(deps.db) });
  const drift: Plugin = async (app) => driftApi(app, { sync: deps.sync, guard: makeApiKeyGuard(deps.db), verifierToken: deps.webhookVerifierToken });
  const repair: Plugin = async (app) => repairApi(app, { sync: deps.sync, guard: makeApiKeyGuard(deps.db) });
  const days: Plugin = async (app) => daysApi(app, { db: deps.db, sync: deps.sync, guard: makeApiKeyGuard(deps.db) });
  const payouts: Plugin = async (app) => payoutsApi(app, { sync: deps.sync, guard: makeApiKeyGuard(deps.db) });
  return [makeSessionLayer({ db: deps.db, now: deps.now }), pages, api, mapping, drift, repair, days, payouts];
}

/** Every form POST carries the session's CSRF token, or nothing happens. */
async function csrfGuard(kit: PageKit, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.method !== 'POST' || hasValidFormToken(request, request.session!.csrfSecret)) return;
  await renderErrorPage(kit, request, reply, 403, 'This form has expired',
    'The form was not sent from a current page of this back office (its security token is missing or out of date). Nothing was changed. Go back, reload the page and try again.');
}

/** Errors on pages answer as pages (the JSON API keeps its JSON error handler). */
function installPageErrors(app: FastifyInstance, kit: PageKit): void {
  app.setErrorHandler(async (error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return renderErrorPage(kit, request, reply.header('retry-after', '60'), 429, 'Too many attempts', 'Too many sign-in attempts from this address. Wait a minute, then try again.', { href: '/signin', label: 'Sign in' });
    }
    if (status >= 400 && status < 500) return renderErrorPage(kit, request, reply, status, 'That did not work', error.message ?? 'The request was not understood.');
    request.log.error({ err: error }, 'page failed');
    return renderErrorPage(kit, request, reply, 500, 'Something went wrong', 'Something went wrong on our side; it has been logged. Please try again.');
  });
}
