/**
 * OAuth 2.0 with Intuit: the authorization URL, the code exchange, refresh and revoke.
 *
 * Library choice: `oauth4webapi` for the token endpoint, plain fetch for revoke.
 *  - Not the official `intuit-oauth`: it retries token calls by itself (up to 3 times on
 *    408/429/5xx/network errors). A refresh that succeeded on the server but whose answer was
 *    lost is then repeated behind our back, which can burn a rotated refresh token and end
 *    in invalid_grant; and its endpoint override (`setAuthorizeURLs`) mutates static,
 *    process-wide fields, so one simulator test would re-point every client in the process.
 *  - oauth4webapi is spec-compliant, does no hidden retries (our retry decision is the only
 *    one), takes explicit endpoints per call, accepts an injected fetch and an abort signal,
 *    and allows http:// only when asked (the local simulator).
 *  - Revoke goes through plain fetch because Intuit's revoke endpoint takes a JSON body
 *    `{"token": ...}`, while RFC 7009 (and oauth4webapi) send a form body.
 *  - No PKCE: this is a confidential client with a secret, and Intuit does not document
 *    PKCE support, so we send nothing it might refuse.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import type { Clock } from '../lib/clock.js';
import { QboAuthError } from './errors.js';
import type { FetchLike } from './http.js';
import { callTokenEndpoint } from './token-endpoint.js';
import type { TokenEndpointContext } from './token-endpoint.js';
import type { OAuthStateStore } from './oauth-state-store.js';
import type { QboProvider } from './provider.js';
import type { TokenSet } from './token-store.js';
import { fetchTransport, sendHttp } from './http.js';
import { errorFromAnswer } from './classify.js';

export interface OAuthOptions {
  provider: QboProvider;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  states: OAuthStateStore;
  clock: Clock;
  /** Default: global fetch. */
  fetch?: FetchLike;
  /** Per token call, clock time. Default 30 000 ms. */
  timeoutMs?: number;
  /** How long an authorization URL's state stays valid, in `stateClock` time. Default 10 minutes. */
  stateTtlMs?: number;
  /**
   * The clock of a person at the consent page (default: `clock`). The composition root passes
   * the wall clock: `clock` is QuickBooks' time, which a scaled demo or test world speeds up, and
   * ten minutes of it can be a second for the person signing in.
   */
  stateClock?: Clock;
}

export type CallbackInput = string | URL | URLSearchParams | Record<string, string>;

export interface ExchangeResult {
  realmId: string;
  tokens: TokenSet;
  /** What was handed to authorizationUrl. */
  data: unknown;
}

/**
 * Who may complete a flow: an opaque value only its starter knows (a session, a CLI's nonce).
 * Kept only as a SHA-256; a callback presenting another binding completes and spends nothing.
 */
export interface FlowBinding {
  binding?: string | null;
}

/** The callback's state was issued to another binding (session, browser, process): nothing was done. */
export class OAuthStateElsewhereError extends QboAuthError {
  constructor() {
    super({ message: 'OAuth state was issued to another session: the connection must be completed where it was started' });
    this.name = 'OAuthStateElsewhereError';
  }
}

export interface QboOAuth {
  authorizationUrl(data?: unknown, who?: FlowBinding): Promise<{ url: string; state: string }>;
  /** Checks the state (and its binding) before anything else: a refused callback exchanges no code. */
  exchangeCode(callback: CallbackInput, who?: FlowBinding): Promise<ExchangeResult>;
  /** Never retried here: a retry is the caller's decision, made knowing the outcome is unknown. */
  refresh(refreshToken: string): Promise<TokenSet>;
  revoke(token: string): Promise<void>;
}

export function makeOAuth(opts: OAuthOptions): QboOAuth {
  const ctx = tokenEndpointContext(opts);
  return {
    authorizationUrl: (data = {}, who = {}) => authorizationUrl(opts, data, who),
    exchangeCode: (callback, who = {}) => exchangeCode(opts, ctx, callback, who),
    async refresh(refreshToken) {
      const tokens = await callTokenEndpoint(ctx, 'refresh_token', (o) =>
        oauth.refreshTokenGrantRequest(ctx.as, ctx.client, ctx.auth, refreshToken, o),
      (res) => oauth.processRefreshTokenResponse(ctx.as, ctx.client, res));
      // RFC 6749 §6: a server may keep the old refresh token by not sending a new one.
      return tokens.refreshToken ? tokens : { ...tokens, refreshToken };
    },
    revoke: (token) => revoke(opts, ctx, token),
  };
}

function tokenEndpointContext(opts: OAuthOptions): TokenEndpointContext {
  return {
    as: {
      issuer: new URL(opts.provider.token).origin,
      authorization_endpoint: opts.provider.authorize,
      token_endpoint: opts.provider.token,
      revocation_endpoint: opts.provider.revoke,
    },
    client: { client_id: opts.clientId },
    auth: intuitBasicAuth(opts.clientId, opts.clientSecret),
    clock: opts.clock,
    fetch: opts.fetch ?? fetch,
    timeoutMs: opts.timeoutMs ?? 30_000,
    allowInsecure: opts.provider.allowInsecure,
  };
}

async function authorizationUrl(opts: OAuthOptions, data: unknown, who: FlowBinding): Promise<{ url: string; state: string }> {
  const state = randomBytes(32).toString('base64url');
  await opts.states.put(state, data, (opts.stateClock ?? opts.clock).now() + (opts.stateTtlMs ?? 10 * 60_000), bindingHash(who));
  const url = new URL(opts.provider.authorize);
  url.searchParams.set('client_id', opts.clientId);
  url.searchParams.set('redirect_uri', opts.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', opts.provider.scopes.join(' '));
  url.searchParams.set('state', state);
  return { url: url.href, state };
}

async function exchangeCode(opts: OAuthOptions, ctx: TokenEndpointContext, callback: CallbackInput, who: FlowBinding): Promise<ExchangeResult> {
  const params = toParams(callback);
  const state = params.get('state');
  // Consume the state first, whatever else is wrong: it is single use. A state bound to
  // another session is left alone (its starter may still complete it) and nothing is exchanged.
  const taken = state ? await opts.states.take(state, bindingHash(who)) : null;
  if (taken === 'elsewhere') throw new OAuthStateElsewhereError();
  if (!state || taken === null) throw new QboAuthError({ message: 'OAuth state is unknown, used or expired' });
  const { data } = taken;
  const denied = params.get('error');
  if (denied) throw new QboAuthError({ message: `authorization refused: ${denied}`, oauthError: denied });
  const realmId = params.get('realmId');
  if (!realmId || !params.get('code')) throw new QboAuthError({ message: 'OAuth callback lacks code or realmId' });
  const validated = oauth.validateAuthResponse(ctx.as, ctx.client, params, state);
  const tokens = await callTokenEndpoint(ctx, 'authorization_code', (o) =>
    oauth.authorizationCodeGrantRequest(ctx.as, ctx.client, ctx.auth, validated, opts.redirectUri, oauth.nopkce, o),
  (res) => oauth.processAuthorizationCodeResponse(ctx.as, ctx.client, res));
  return { realmId, tokens, data };
}

async function revoke(opts: OAuthOptions, ctx: TokenEndpointContext, token: string): Promise<void> {
  const answer = await sendHttp({
    method: 'POST',
    url: opts.provider.revoke,
    headers: {
      authorization: basicCredentials(opts.clientId, opts.clientSecret),
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({ token }),
  }, { clock: opts.clock, timeoutMs: ctx.timeoutMs, transport: fetchTransport(ctx.fetch), requestId: null, isWrite: false });
  if (answer.status === 200) return;
  throw errorFromAnswer(answer, { requestId: null, isWrite: false, nowMs: Date.now() });
}

/**
 * HTTP Basic client authentication the way Intuit's own SDKs send it: base64 of the raw
 * "id:secret". oauth4webapi's ClientSecretBasic form-encodes both first (RFC 6749 §2.3.1),
 * turning "-" into "%2D"; whether Intuit decodes that is UNCONFIRMED, so we send what Intuit's
 * clients are known to send (the simulator, like Intuit, compares the raw values).
 */
function intuitBasicAuth(clientId: string, clientSecret: string): oauth.ClientAuth {
  return (_as, _client, _body, headers) => {
    headers.set('authorization', basicCredentials(clientId, clientSecret));
  };
}

function basicCredentials(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

function bindingHash(who: FlowBinding): string | null {
  return who.binding ? createHash('sha256').update(who.binding).digest('hex') : null;
}

function toParams(input: CallbackInput): URLSearchParams {
  if (input instanceof URLSearchParams) return new URLSearchParams(input);
  if (input instanceof URL) return new URLSearchParams(input.search);
  if (typeof input === 'string') {
    const query = input.includes('?') ? input.slice(input.indexOf('?') + 1) : input;
    return new URLSearchParams(query.split('#')[0]);
  }
  return new URLSearchParams(input);
}
