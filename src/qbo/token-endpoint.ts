/**
 * One call to Intuit's token endpoint through oauth4webapi (see oauth.ts for why), with a
 * clock-time timeout, and its failures as typed QboErrors. `invalid_grant` (the refresh token
 * is dead: expired, revoked, or superseded by a newer one) is QBO_RECONNECT_NEEDED: only a
 * person connecting the company again can fix it, so nothing retries it.
 */
import * as oauth from 'oauth4webapi';
import type { Clock } from '../lib/clock.js';
import {
  QboAuthError, QboNetworkError, QboRateLimitError, QboReconnectNeededError, QboServerError,
  QboTimeoutError, QboUnexpectedError,
} from './errors.js';
import type { QboError } from './errors.js';
import type { FetchLike } from './http.js';
import { clockTimeout, transportCode } from './http.js';
import type { TokenSet } from './token-store.js';

export interface TokenEndpointContext {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  auth: oauth.ClientAuth;
  clock: Clock;
  fetch: FetchLike;
  timeoutMs: number;
  allowInsecure: boolean;
}

export type Grant = 'authorization_code' | 'refresh_token';

export async function callTokenEndpoint(
  ctx: TokenEndpointContext,
  grant: Grant,
  request: (o: oauth.TokenEndpointRequestOptions) => Promise<Response>,
  process: (res: Response) => Promise<oauth.TokenEndpointResponse>,
): Promise<TokenSet> {
  // Expiry counts from before the request: we must never believe a token lives longer than it does.
  const startedAt = ctx.clock.now();
  const timeout = clockTimeout(ctx.clock, ctx.timeoutMs);
  try {
    const res = await request({
      signal: timeout.signal,
      [oauth.customFetch]: (url, init) => ctx.fetch(url, init as RequestInit),
      [oauth.allowInsecureRequests]: ctx.allowInsecure,
    });
    return tokenSetFrom(await process(res), startedAt);
  } catch (err) {
    throw tokenError(err, grant, timeout.timedOut());
  } finally {
    timeout.stop();
  }
}

/** Intuit's token response to a TokenSet; `x_refresh_token_expires_in` is Intuit's extension. */
export function tokenSetFrom(body: oauth.TokenEndpointResponse, startedAt: number): TokenSet {
  const refreshIn = Number(body['x_refresh_token_expires_in']);
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? '',
    // Intuit always sends expires_in (3600); without it assume the documented hour.
    accessExpiresAt: startedAt + (body.expires_in ?? 3600) * 1000,
    refreshExpiresAt: Number.isFinite(refreshIn) && refreshIn > 0 ? startedAt + refreshIn * 1000 : null,
  };
}

function tokenError(err: unknown, grant: Grant, timedOut: boolean): unknown {
  // A lost refresh answer may have rotated the refresh token on the server.
  const unknownOutcome = grant === 'refresh_token';
  if (timedOut) {
    return new QboTimeoutError({ message: `token endpoint (${grant}) did not answer in time`, outcomeUnknown: unknownOutcome, cause: err });
  }
  if (err instanceof oauth.ResponseBodyError) {
    const init = {
      status: err.status, intuitTid: err.response.headers.get('intuit_tid'), oauthError: err.error, cause: err,
      message: `token endpoint (${grant}): ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`,
    };
    if (err.error === 'invalid_grant') return new QboReconnectNeededError(init);
    return byStatus(err.status, init) ?? new QboAuthError(init);
  }
  if (err instanceof oauth.WWWAuthenticateChallengeError) {
    return new QboAuthError({ status: err.status, message: `token endpoint (${grant}) refused the client credentials`, cause: err });
  }
  if (err instanceof oauth.OperationProcessingError && err.cause instanceof Response) {
    const status = err.cause.status;
    const init = { status, intuitTid: err.cause.headers.get('intuit_tid'), message: `token endpoint (${grant}): HTTP ${status}`, cause: err };
    return byStatus(status, init, unknownOutcome) ?? new QboUnexpectedError(init);
  }
  if (transportCode(err) !== null || (err instanceof TypeError && err.message === 'fetch failed')) {
    return new QboNetworkError({ message: `token endpoint (${grant}): ${transportCode(err) ?? 'fetch failed'}`, outcomeUnknown: unknownOutcome, cause: err });
  }
  if (err instanceof oauth.OperationProcessingError || err instanceof oauth.UnsupportedOperationError) {
    return new QboUnexpectedError({ message: `token endpoint (${grant}) answered something unreadable: ${err.message}`, cause: err });
  }
  return err;
}

function byStatus(status: number, init: { status: number; intuitTid: string | null; message: string; cause: unknown },
  unknownOutcome = false): QboError | null {
  if (status === 429) return new QboRateLimitError(init);
  if (status >= 500) return new QboServerError({ ...init, outcomeUnknown: unknownOutcome });
  return null;
}
