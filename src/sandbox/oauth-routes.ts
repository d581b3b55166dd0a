/**
 * Intuit's OAuth endpoints on the simulator's host: the consent page (GET, a real HTML form;
 * POST approves or cancels), the token endpoint (authorization_code and refresh_token grants,
 * HTTP Basic client authentication) and revocation.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consentPage, oauthErrorPage } from './consent-page.js';
import type { SimState } from './sim-state.js';
import { createCompany, faultsOf, listCompanies } from './sim-state.js';
import type { OAuthApp } from './types.js';

import { OAUTH_PATHS } from './oauth-paths.js';

export { OAUTH_PATHS };

const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

type Fields = Record<string, string | undefined>;

function fieldsOf(value: unknown): Fields {
  return typeof value === 'object' && value !== null ? (value as Fields) : {};
}

function redirectTo(reply: FastifyReply, redirectUri: string, params: Record<string, string>): FastifyReply {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return reply.code(302).header('location', url.href).send();
}

/** The app and redirect URI of an authorization request, or the error page to show instead. */
function checkClient(state: SimState, f: Fields): { app: OAuthApp; redirectUri: string } | string {
  const app = state.oauth.findApp(f.client_id ?? '');
  if (!app) return `Unknown client_id ${f.client_id ?? '(none)'}.`;
  const redirectUri = f.redirect_uri ?? '';
  if (!state.oauth.redirectAllowed(app, redirectUri)) return `The redirect_uri ${redirectUri || '(none)'} is not registered for this app.`;
  return { app, redirectUri };
}

function requestProblem(f: Fields): string | undefined {
  if (f.response_type !== 'code') return 'unsupported_response_type';
  if (!(f.scope ?? '').split(/\s+/).includes(ACCOUNTING_SCOPE)) return 'invalid_scope';
  if (!f.state) return 'invalid_request';
  return undefined;
}

export interface OAuthRouteOptions {
  /**
   * Approve every valid authorization request at once for the company of this name (made on
   * first use), as a stand-in QuickBooks server does: no consent page, so a headless client
   * following the redirect completes the flow. Default: show the consent page.
   */
  autoApprove?: string;
}

/** The redirect of an approval for `realmId`. */
function approve(state: SimState, reply: FastifyReply, client: { app: OAuthApp; redirectUri: string }, realmId: string, stateParam: string) {
  const code = state.oauth.issueCode(client.app.clientId, client.redirectUri, realmId);
  return redirectTo(reply, client.redirectUri, { code, state: stateParam, realmId });
}

function autoApproveRealm(state: SimState, companyName: string): string {
  return listCompanies(state).find((c) => c.name === companyName)?.realmId ?? createCompany(state, { name: companyName }).realmId;
}

/** What showing and deciding the consent page both check first; `answered` when refused. */
function checkAuthorizeRequest(state: SimState, f: Fields, reply: FastifyReply): { app: OAuthApp; redirectUri: string } | { answered: FastifyReply } {
  const client = checkClient(state, f);
  if (typeof client === 'string') return { answered: reply.code(400).type('text/html').send(oauthErrorPage(client)) };
  const problem = requestProblem(f);
  if (problem) return { answered: redirectTo(reply, client.redirectUri, { error: problem, ...(f.state ? { state: f.state } : {}) }) };
  return client;
}

function showConsent(state: SimState, req: FastifyRequest, reply: FastifyReply, opts: OAuthRouteOptions) {
  const f = fieldsOf(req.query);
  const client = checkAuthorizeRequest(state, f, reply);
  if ('answered' in client) return client.answered;
  if (opts.autoApprove !== undefined) return approve(state, reply, client, autoApproveRealm(state, opts.autoApprove), f.state ?? '');
  const request = { clientId: client.app.clientId, redirectUri: client.redirectUri, scope: f.scope ?? '', state: f.state ?? '' };
  return reply.type('text/html').send(consentPage(request, listCompanies(state), OAUTH_PATHS.authorize));
}

function decide(state: SimState, req: FastifyRequest, reply: FastifyReply) {
  const f = fieldsOf(req.body);
  const client = checkAuthorizeRequest(state, f, reply);
  if ('answered' in client) return client.answered;
  const stateParam = f.state ?? '';
  if (f.decision !== 'approve') return redirectTo(reply, client.redirectUri, { error: 'access_denied', state: stateParam });
  const realmId = f.realmId === 'new' ? createCompany(state, { name: f.companyName ?? '' }).realmId : f.realmId ?? '';
  if (!state.companies.has(realmId)) return reply.code(400).type('text/html').send(oauthErrorPage(`No company ${realmId}.`));
  return approve(state, reply, client, realmId, stateParam);
}

function tokenError(reply: FastifyReply, status: number, error: string, description?: string) {
  return reply.code(status).header('cache-control', 'no-store')
    .send({ error, ...(description ? { error_description: description } : {}) });
}

function token(state: SimState, req: FastifyRequest, reply: FastifyReply) {
  const app = state.oauth.authenticateClient(req.headers.authorization);
  if (!app) return tokenError(reply.header('www-authenticate', 'Basic realm="Intuit"'), 401, 'invalid_client');
  const f = fieldsOf(req.body);
  if (f.grant_type === 'authorization_code') {
    if (!f.code || !f.redirect_uri) return tokenError(reply, 400, 'invalid_request', 'code and redirect_uri are required');
    const result = state.oauth.exchangeCode(app, f.code, f.redirect_uri);
    return 'error' in result ? tokenError(reply, 400, result.error, result.error_description) : reply.header('cache-control', 'no-store').send(result);
  }
  if (f.grant_type === 'refresh_token') {
    if (!f.refresh_token) return tokenError(reply, 400, 'invalid_request', 'refresh_token is required');
    const blocked = (realmId: string) => {
      const company = state.companies.get(realmId);
      if (!company) return true;
      const faults = faultsOf(state, company);
      return faults.invalidGrantOnRefresh || faults.disconnected;
    };
    const { realmId, result } = state.oauth.refresh(app, f.refresh_token, blocked);
    const company = realmId ? state.companies.get(realmId) : undefined;
    if (company) company.counters.tokenRefreshes += 1;
    return 'error' in result ? tokenError(reply, 400, result.error, result.error_description) : reply.header('cache-control', 'no-store').send(result);
  }
  return tokenError(reply, 400, 'unsupported_grant_type');
}

function revoke(state: SimState, req: FastifyRequest, reply: FastifyReply) {
  const app = state.oauth.authenticateClient(req.headers.authorization);
  if (!app) return tokenError(reply, 401, 'invalid_client');
  const tokenValue = fieldsOf(req.body).token;
  if (!tokenValue) return tokenError(reply, 400, 'invalid_request', 'token is required');
  state.oauth.revoke(app, tokenValue);
  return reply.code(200).send();
}

export function registerOAuthRoutes(app: FastifyInstance, state: SimState, opts: OAuthRouteOptions = {}): void {
  app.get(OAUTH_PATHS.authorize, (req, reply) => showConsent(state, req, reply, opts));
  app.post(OAUTH_PATHS.authorize, (req, reply) => decide(state, req, reply));
  app.post(OAUTH_PATHS.token, (req, reply) => token(state, req, reply));
  app.post(OAUTH_PATHS.revoke, (req, reply) => revoke(state, req, reply));
}
