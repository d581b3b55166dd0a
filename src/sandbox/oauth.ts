/**
 * Intuit's OAuth 2.0 as the simulator keeps it (quickbooks-facts §8): authorization codes are single-use
 * and short-lived, access tokens live 3,600 s, refresh tokens rotate on every refresh (the
 * previous one keeps working for 24 h, then invalid_grant), roll for 101 days and stop at a
 * 5-year hard cap. Revoking any token of a connection disconnects it. Times are clock times.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { OAuthApp, TokenResponse } from './types.js';

export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 8_726_400;
export const REFRESH_GRACE_MS = 24 * 3600 * 1000;
const HARD_CAP_MS = 5 * 365 * 24 * 3600 * 1000;
/** Intuit's code lifetime is UNCONFIRMED; 5 minutes, shorter than OAuth's 10-minute ceiling. */
export const CODE_LIFETIME_MS = 5 * 60 * 1000;

export interface Grant { clientId: string; realmId: string; startedAt: number; revoked: boolean }
interface AccessToken { grant: Grant; expiresAt: number }
interface RefreshToken { grant: Grant; expiresAt: number; supersededAt?: number }
export interface AuthCode { clientId: string; redirectUri: string; realmId: string; expiresAt: number; used: boolean }

/** What survives a restart (state-file.ts): grants are shared by index, times are clock times. */
export interface OAuthSnapshot {
  grants: Grant[];
  codes: (AuthCode & { code: string })[];
  accessTokens: { token: string; grant: number; expiresAt: number }[];
  refreshTokens: { token: string; grant: number; expiresAt: number; supersededAt?: number }[];
}

export type OAuthFailure = { error: 'invalid_grant' | 'invalid_request'; error_description?: string };
export type AccessCheck = { ok: true; realmId: string } | { ok: false; reason: string };

export interface OAuthStore {
  findApp(clientId: string): OAuthApp | undefined;
  /** HTTP Basic client authentication of the token and revoke endpoints. */
  authenticateClient(authorization: string | undefined): OAuthApp | undefined;
  redirectAllowed(app: OAuthApp, redirectUri: string): boolean;
  issueCode(clientId: string, redirectUri: string, realmId: string): string;
  exchangeCode(app: OAuthApp, code: string, redirectUri: string): TokenResponse | OAuthFailure;
  /** `blocked(realmId)` lets faults refuse a refresh; `realmId` is reported for counters. */
  refresh(app: OAuthApp, token: string, blocked: (realmId: string) => boolean): { realmId?: string; result: TokenResponse | OAuthFailure };
  revoke(app: OAuthApp, token: string): void;
  issue(realmId: string, clientId: string): TokenResponse;
  checkAccess(token: string): AccessCheck;
  expireAccessTokens(realmId: string | '*'): void;
  /** The apps (client ids) a company is connected to: a grant not revoked (webhooks go to those). */
  connectedClients(realmId: string): string[];
  reset(): void;
  snapshot(): OAuthSnapshot;
  /** Replaces everything held with the snapshot's codes and tokens. */
  restore(snapshot: OAuthSnapshot): void;
}

const secret = (bytes: number) => randomBytes(bytes).toString('base64url');

function redirectMatches(pattern: string, uri: string): boolean {
  if (!pattern.endsWith(':*')) return pattern === uri;
  try {
    const wanted = new URL(pattern.slice(0, -2));
    const url = new URL(uri);
    return url.protocol === wanted.protocol && url.hostname === wanted.hostname;
  } catch {
    return false;
  }
}

/** What the store holds; a grant is shared by the tokens it issued. */
interface Held {
  codes: Map<string, AuthCode>;
  access: Map<string, AccessToken>;
  refreshTokens: Map<string, RefreshToken>;
}

function snapshotOf({ codes, access, refreshTokens }: Held): OAuthSnapshot {
  const grants: Grant[] = [];
  const indexes = new Map<Grant, number>();
  const indexOf = (grant: Grant) => {
    if (!indexes.has(grant)) indexes.set(grant, grants.push({ ...grant }) - 1);
    return indexes.get(grant) as number;
  };
  return {
    grants,
    codes: [...codes].map(([code, entry]) => ({ code, ...entry })),
    accessTokens: [...access].map(([token, t]) => ({ token, grant: indexOf(t.grant), expiresAt: t.expiresAt })),
    refreshTokens: [...refreshTokens].map(([token, t]) => ({
      token, grant: indexOf(t.grant), expiresAt: t.expiresAt, ...(t.supersededAt !== undefined ? { supersededAt: t.supersededAt } : {}),
    })),
  };
}

function clearHeld(held: Held): void {
  held.codes.clear();
  held.access.clear();
  held.refreshTokens.clear();
}

function restoreHeld(held: Held, snapshot: OAuthSnapshot): void {
  clearHeld(held);
  const grants = snapshot.grants.map((g) => ({ ...g }));
  const grantAt = (i: number): Grant => {
    const grant = grants[i];
    if (!grant) throw new RangeError(`token refers to grant ${i}, which the snapshot does not hold`);
    return grant;
  };
  for (const { code, ...entry } of snapshot.codes) held.codes.set(code, entry);
  for (const t of snapshot.accessTokens) held.access.set(t.token, { grant: grantAt(t.grant), expiresAt: t.expiresAt });
  for (const t of snapshot.refreshTokens) {
    held.refreshTokens.set(t.token, { grant: grantAt(t.grant), expiresAt: t.expiresAt,
      ...(t.supersededAt !== undefined ? { supersededAt: t.supersededAt } : {}) });
  }
}

/** HTTP Basic client authentication: the app whose id and secret the header carries. */
function basicAuthApp(apps: OAuthApp[], authorization: string | undefined): OAuthApp | undefined {
  const m = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const [id, pass] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  return apps.find((a) => colon > 0 && a.clientId === id && a.clientSecret === pass);
}

const invalidGrant = (why: string): OAuthFailure => ({ error: 'invalid_grant', error_description: why });

/** Why a refresh token may not be used now, or null when it may (a superseded one for 24 h). */
function refreshRefusal(entry: RefreshToken, blocked: (realmId: string) => boolean, now: number): string | null {
  if (entry.grant.revoked || blocked(entry.grant.realmId)) return 'Token invalid';
  if (now >= entry.expiresAt) return 'Token expired';
  if (entry.supersededAt !== undefined && now >= entry.supersededAt + REFRESH_GRACE_MS) return 'Token invalid';
  return null;
}

function issueTokens(held: Held, grant: Grant, now: number): TokenResponse {
  const accessToken = secret(48);
  const refreshToken = `RT1-${secret(32)}`;
  const refreshExpires = Math.min(now + REFRESH_TOKEN_SECONDS * 1000, grant.startedAt + HARD_CAP_MS);
  held.access.set(accessToken, { grant, expiresAt: now + ACCESS_TOKEN_SECONDS * 1000 });
  held.refreshTokens.set(refreshToken, { grant, expiresAt: refreshExpires });
  return {
    access_token: accessToken, refresh_token: refreshToken, token_type: 'bearer', expires_in: ACCESS_TOKEN_SECONDS,
    x_refresh_token_expires_in: Math.floor((refreshExpires - now) / 1000),
  };
}

function connectedClients(held: Held, realmId: string): string[] {
  const grants = [...held.access.values(), ...held.refreshTokens.values()].map((t) => t.grant);
  return [...new Set(grants.filter((g) => g.realmId === realmId && !g.revoked).map((g) => g.clientId))];
}

/** Why an authorization code may not be exchanged, or null when it may. */
function codeRefusal(entry: AuthCode | undefined, app: OAuthApp, redirectUri: string, now: number): string | null {
  if (!entry || entry.clientId !== app.clientId) return 'Invalid authorization code';
  if (entry.used) return 'Authorization code has already been used';
  if (now >= entry.expiresAt) return 'Authorization code expired';
  if (entry.redirectUri !== redirectUri) return 'redirect_uri does not match the authorization request';
  return null;
}

function accessCheck(entry: AccessToken | undefined, now: number): AccessCheck {
  if (!entry) return { ok: false, reason: 'Token invalid' };
  if (entry.grant.revoked) return { ok: false, reason: 'Token revoked' };
  if (now >= entry.expiresAt) return { ok: false, reason: 'Token expired' };
  return { ok: true, realmId: entry.grant.realmId };
}

/** `onChange` is told after every change of what is held (codes, tokens, revocations), for the state file. */
export function makeOAuthStore(apps: OAuthApp[], clock: Clock, onChange: () => void = () => undefined): OAuthStore {
  const held: Held = { codes: new Map(), access: new Map(), refreshTokens: new Map() };
  const { codes, access, refreshTokens } = held;

  const issueFor = (grant: Grant): TokenResponse => {
    const tokens = issueTokens(held, grant, clock.now());
    onChange();
    return tokens;
  };

  const newGrant = (clientId: string, realmId: string): Grant => ({ clientId, realmId, startedAt: clock.now(), revoked: false });

  return {
    findApp: (clientId) => apps.find((a) => a.clientId === clientId),
    connectedClients: (realmId) => connectedClients(held, realmId),
    authenticateClient: (authorization) => basicAuthApp(apps, authorization),
    redirectAllowed: (app, uri) => app.redirectUris.some((p) => redirectMatches(p, uri)),
    issueCode(clientId, redirectUri, realmId) {
      const code = `AB11${secret(30)}`;
      codes.set(code, { clientId, redirectUri, realmId, expiresAt: clock.now() + CODE_LIFETIME_MS, used: false });
      onChange();
      return code;
    },
    exchangeCode(app, code, redirectUri) {
      const entry = codes.get(code);
      const refused = codeRefusal(entry, app, redirectUri, clock.now());
      if (refused || !entry) return invalidGrant(refused ?? 'Invalid authorization code');
      entry.used = true;
      return issueFor(newGrant(app.clientId, entry.realmId));
    },
    refresh(app, token, blocked) {
      const entry = refreshTokens.get(token);
      if (!entry || entry.grant.clientId !== app.clientId) return { result: invalidGrant('Token invalid') };
      const realmId = entry.grant.realmId;
      const now = clock.now();
      const refused = refreshRefusal(entry, blocked, now);
      if (refused) return { realmId, result: invalidGrant(refused) };
      for (const t of refreshTokens.values()) if (t.grant === entry.grant && t.supersededAt === undefined) t.supersededAt = now;
      return { realmId, result: issueFor(entry.grant) };
    },
    revoke(app, token) {
      const grant = (access.get(token) ?? refreshTokens.get(token))?.grant;
      if (grant && grant.clientId === app.clientId) grant.revoked = true;
      onChange();
    },
    issue: (realmId, clientId) => issueFor(newGrant(clientId, realmId)),
    checkAccess: (token) => accessCheck(access.get(token), clock.now()),
    expireAccessTokens(realmId) {
      const now = clock.now();
      for (const entry of access.values()) if (realmId === '*' || entry.grant.realmId === realmId) entry.expiresAt = Math.min(entry.expiresAt, now);
      onChange();
    },
    reset() {
      clearHeld(held);
      onChange();
    },
    snapshot: () => snapshotOf(held),
    restore: (snapshot) => restoreHeld(held, snapshot),
  };
}
