/**
 * The HTTP server: the JSON API and the back-office pages, a thin layer over intake, store and
 * sync. Security headers on every answer; rate limits on intake and sign-in.
 */
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { Logger } from '../lib/logger.js';
import { requestSerializer } from '../lib/logger.js';
import type { Db } from '../store/index.js';
import { installErrorHandler } from './errors.js';
import { makeApiKeyGuard } from './api/auth.js';
import { ticketsApi } from './api/tickets.js';
import { locationsApi } from './api/locations.js';

export interface WebDeps {
  db: Db;
  logger: Logger;
  /** Extra routes (the back-office pages, the sync API), registered after the core API. */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
  onLocationChanged?: (tenantId: string, locationId: string) => void;
  /** Requests per minute per API key (or address) on intake. Default 600. */
  intakeRateLimit?: number;
  /** Trust X-Forwarded-* (behind a proxy). Default false. */
  trustProxy?: boolean;
}

export async function buildApp(deps: WebDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: deps.trustProxy ?? false,
    // Ticket ids (up to 64 characters) and location ids travel in URLs.
    routerOptions: { maxParamLength: 200 },
  });
  // Request logs keep URLs without credentials (the OAuth callback carries the code and state).
  app.addHook('onRoute', (route) => {
    route.logSerializers = { ...route.logSerializers, req: requestSerializer as never };
  });
  installErrorHandler(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'],
        formAction: ["'self'", 'http:', 'https:'], frameAncestors: ["'none'"], upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(rateLimit, { global: false });

  const guard = makeApiKeyGuard(deps.db);
  const perKey = deps.intakeRateLimit ?? 600;
  // Counted per API key (its public prefix), so one POS cannot starve another; and, with room
  // for several keys, per address, so made-up keys (each its own bucket) do not bypass it.
  const intakeLimit = { max: perKey, timeWindow: '1 minute', keyGenerator: intakeKeyOf };
  const perAddress = app.rateLimit({ max: perKey * 4, timeWindow: '1 minute', keyGenerator: (req) => `addr:${req.ip}` });
  // The limit goes in the route's own options: the rate-limit plugin reads them when the route
  // is added, before any hook of a child scope could set them (which left intake unlimited).
  await app.register(async (scope) => {
    // A limiter runs once per request per registration: the per-key one gets its own.
    await scope.register(rateLimit, { global: false });
    await ticketsApi(scope, { db: deps.db, guard, rateLimit: intakeLimit, onRequest: perAddress });
  });
  await app.register(async (scope) => locationsApi(scope, { db: deps.db, guard, onChanged: deps.onLocationChanged }));
  app.get('/healthz', async () => ({ ok: true }));
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  return app;
}

const KEY_PREFIX = /^(?:Bearer\s+)?(tb_[0-9a-f]{12})_/;

function intakeKeyOf(req: { headers: Record<string, unknown>; ip: string }): string {
  const header = String(req.headers.authorization ?? req.headers['x-api-key'] ?? '');
  const prefix = KEY_PREFIX.exec(header)?.[1];
  return prefix ? `key:${prefix}` : `addr:${req.ip}`;
}
