/**
 * Test setup shared by the client's integration tests: the simulator as a real HTTP server on
 * an ephemeral port, one company, and a client wired to it exactly as production wires it to
 * Intuit (only the provider's URLs differ). Client and simulator share one clock.
 */
import type { Clock } from '../../src/lib/clock.js';
import { makeScaledClock } from '../../src/lib/clock.js';
import {
  makeLimiterRegistry, makeMemoryStateStore, makeMemoryTokenStore, makeOAuth, makeQboClient, makeQboProvider,
} from '../../src/qbo/index.js';
import type { MemoryTokenStore, QboClient, QboClientOptions, QboOAuth, QboProvider, TokenSet } from '../../src/qbo/index.js';
import { startSimulator } from '../../src/sandbox/index.js';
import type { Simulator, SimulatorOptions, TokenResponse } from '../../src/sandbox/index.js';

export const APP = { clientId: 'tillbooks-simulator', clientSecret: 'tillbooks-simulator-secret' };
export const REDIRECT_URI = 'http://127.0.0.1:9/qbo/callback';

export interface World {
  sim: Simulator;
  clock: Clock;
  realmId: string;
  provider: QboProvider;
  oauth: QboOAuth;
  tokens: MemoryTokenStore;
  /** A new client of the company; all clients of one world share the company's limiter. */
  client(extra?: Partial<QboClientOptions>): QboClient;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** Default: a clock scaled by `timeScale` (default 60), shared with the simulator. */
  clock?: Clock;
  timeScale?: number;
  limits?: SimulatorOptions['limits'];
}

export function tokenSetFrom(res: TokenResponse, now: number): TokenSet {
  return {
    accessToken: res.access_token, refreshToken: res.refresh_token,
    accessExpiresAt: now + res.expires_in * 1000, refreshExpiresAt: now + res.x_refresh_token_expires_in * 1000,
  };
}

export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  const clock = opts.clock ?? makeScaledClock(opts.timeScale ?? 60);
  const sim = await startSimulator({ clock, ...(opts.limits ? { limits: opts.limits } : {}) });
  const { realmId } = sim.createCompany({ name: 'Corner Café' });
  const provider = makeQboProvider('simulator', {
    apiBase: sim.urls.api, authorize: sim.urls.authorize, token: sim.urls.token, revoke: sim.urls.revoke,
  });
  const oauth = makeOAuth({ provider, ...APP, redirectUri: REDIRECT_URI, states: makeMemoryStateStore({ clock }), clock });
  const tokens = makeMemoryTokenStore(tokenSetFrom(sim.issueTokens(realmId), clock.now()));
  const limiters = makeLimiterRegistry();
  return {
    sim, clock, realmId, provider, oauth, tokens,
    client: (extra = {}) => makeQboClient({ provider, realmId, oauth, tokens, clock, limiters, ...extra }),
    close: () => sim.close(),
  };
}

/** A Customer the simulator accepts; names are unique per `i`. */
export function customer(i: number, prefix = 'Customer'): Record<string, unknown> {
  return { DisplayName: `${prefix} ${String(i).padStart(5, '0')}` };
}
