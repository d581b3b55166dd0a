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
import { OneLineRequestLogs } from './request-logs.js';
import type { Db } from '../store/index.js';
import { installErrorHandler } from './errors.js';
import { installInputGuard } from './input-guard.js';
import { isApiRoute } from './api-route.js';
import { makeApiKeyGuard } from './api/auth.js';
import { ticketsApi } from './api/tickets.js';
import { locationsApi } from './api/locations.js';
import { metricsRoute } from './metrics-route.js';
import { openApiRoutes } from './api/openapi.js';
import { API_OPERATIONS } from './api/operations.js';
import type { MetricsEndpoint } from './metrics-route.js';

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
  /** The public URL users reach (Config.publicUrl): https means HSTS on every answer. */
  publicUrl?: string;
  /** GET /metrics behind this bearer token; absent: no such route (404). */
  metrics?: MetricsEndpoint;
}

export async function buildApp(deps: WebDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: deps.trustProxy ?? false,
    // Ticket ids (up to 64 characters) and location ids travel in URLs.
    routerOptions: { maxParamLength: 200 },
    // Fastify's two lines a request ("incoming request", "request completed") become one.
    logController: new OneLineRequestLogs(),
  });
  // Request logs keep URLs without credentials (the OAuth callback carries the code and state).
  app.addHook('onRoute', (route) => {
    route.logSerializers = { ...route.logSerializers, req: requestSerializer as never };
  });
  installErrorHandler(app);
  installInputGuard(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'],
        formAction: ["'self'", 'http:', 'https:'], frameAncestors: ["'none'"], upgradeInsecureRequests: null,
      },
    },
    // CSP frame-ancestors 'none' says it; X-Frame-Options SAMEORIGIN beside it said otherwise.
    xFrameOptions: false,
    // Only over https (below): over plain http the header is meaningless, and was sent anyway.
    strictTransportSecurity: false,
  });
  installTransportHeaders(app, deps.publicUrl?.startsWith('https:') ?? false);
  await app.register(rateLimit, { global: false });

  const guard = makeApiKeyGuard(deps.db);
  const perKey = deps.intakeRateLimit ?? 600;
  // Counted per API key, so one POS cannot starve another - but only once the key verified
  // (a preHandler after the guard): counting the public prefix of whatever was sent let anyone
  // who knew a key's 12-character prefix spend its budget (issue 20). Unknown and invalid keys
  // are limited by address only: with room for several keys, so made-up keys do not bypass it.
  const intakeLimit = { max: perKey, timeWindow: '1 minute', hook: 'preHandler', keyGenerator: intakeKeyOf };
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
  openApiRoutes(app, API_OPERATIONS);
  if (deps.metrics) metricsRoute(app, deps.metrics);
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  return app;
}

/**
 * HSTS when the answer reaches the browser over https (PUBLIC_URL is https, or the request
 * came over https - through a trusted proxy's X-Forwarded-Proto); and `no-store` on the JSON
 * API, which answers with a tenant's data (pages set it themselves).
 */
function installTransportHeaders(app: FastifyInstance, httpsPublic: boolean): void {
  app.addHook('onSend', async (request, reply) => {
    if (httpsPublic || request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (isApiRoute(request) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}

/** The bucket of a request the API guard let in: its verified key, or the signed-in tenant. */
function intakeKeyOf(req: { apiKeyId?: number; tenantId?: string; ip: string }): string {
  if (req.apiKeyId !== undefined) return `key:${req.apiKeyId}`;
  return req.tenantId ? `tenant:${req.tenantId}` : `addr:${req.ip}`;
}
