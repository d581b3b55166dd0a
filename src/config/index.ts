/**
 * The one place that reads the environment. `loadConfig()` validates it (zod) into a frozen,
 * typed Config with defaults; everything else takes a Config. Tests pass their own env.
 */
import path from 'node:path';
import { z } from 'zod';

const QBO_ENVIRONMENTS = ['simulator', 'sandbox', 'production'] as const;
export type QboEnvironment = (typeof QBO_ENVIRONMENTS)[number];

const optionalUrl = z.url({ error: 'must be an absolute URL' }).optional();
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

const envSchema = z.object({
  // Absent: embedded PGlite under DATA_DIR. Present: a PostgreSQL server ("server mode").
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
  // A schema inside that database (default: public). Tests use one schema per run.
  DATABASE_SCHEMA: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier').optional()),
  DATA_DIR: z.string().default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // 'localhost' listens on 127.0.0.1 and ::1, whichever the browser picks; 0.0.0.0 for every interface.
  HOST: z.string().default('localhost'),
  // Public URL of the back office, for OAuth redirects (default http://localhost:PORT).
  PUBLIC_URL: z.preprocess(emptyToUndefined, optionalUrl),
  // 32 bytes, base64 or hex, for AES-256-GCM of QuickBooks tokens. Embedded mode generates it
  // into DATA_DIR on first start; server mode requires it (several processes must share it).
  TILLBOOKS_SECRET_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  // Behind a reverse proxy: trust X-Forwarded-For for client addresses (rate limits count per
  // address) and X-Forwarded-Proto. Default false: a client could otherwise pick its address.
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  // Bearer token for GET /metrics (Prometheus); absent: no metrics endpoint (404).
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters (e.g. `openssl rand -hex 32`)').optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // auto: pretty lines on a terminal, JSON otherwise (a file, a pipe, a log collector).
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  // Fill an empty embedded database with a demo location, API key and a day of tickets.
  TILLBOOKS_DEMO: z.enum(['true', 'false']).optional(),
  // Run the scheduler and sync worker in this process (default true).
  TILLBOOKS_WORKER: z.enum(['true', 'false']).default('true'),
  // A run whose worker has not beaten its heartbeat for this long is taken as dead and its
  // company may run again (seconds, default 60).
  TILLBOOKS_RUN_LEASE_SECONDS: z.coerce.number().positive().default(60),
  // Server mode: runs (each of a different QuickBooks company) one worker process executes at once.
  TILLBOOKS_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),
  // How long one QuickBooks request may take before it is given up and settled later (seconds of
  // the QuickBooks clock, default 60; QuickBooks itself gives up at 120).
  QBO_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(60),
  // Metered QuickBooks reads a month this installation plans for (all its companies; Intuit's
  // free Builder tier allows 500,000); the QuickBooks page warns at 80 %.
  QBO_MONTHLY_READ_BUDGET: z.coerce.number().int().min(1).default(500_000),
  // How batch items count toward QuickBooks' 500 requests a minute (UNCONFIRMED at Intuit):
  // adaptive (start lenient, learn strict from a 429 only that reading explains), or forced.
  QBO_BATCH_READING: z.enum(['adaptive', 'strict', 'lenient']).default('adaptive'),
  // How long a learned strict reading holds before lenient is tried again (hours, default 24).
  QBO_BATCH_READING_RETRY_HOURS: z.coerce.number().positive().default(24),
  // Batches of one company's step in flight at once (1-10; QuickBooks allows 10 requests in
  // flight per company). 1 sends one batch after another.
  QBO_PIPELINE_DEPTH: z.coerce.number().int().min(1).max(10).default(10),
  QBO_ENVIRONMENT: z.enum(QBO_ENVIRONMENTS, { error: `must be one of ${QBO_ENVIRONMENTS.join(', ')}` }).default('simulator'),
  QBO_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  QBO_CLIENT_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  QBO_REDIRECT_URI: z.preprocess(emptyToUndefined, optionalUrl),
  // The app's webhook Verifier Token (Intuit's developer portal, Webhooks): QuickBooks signs each
  // notification to POST /api/v1/quickbooks/webhooks with it (intuit-signature). Absent: every
  // notification is refused (401) and the daily Change Data Capture read alone notices changes.
  // With the built-in simulator, setting it makes the simulator's app send its webhooks here.
  QBO_WEBHOOK_VERIFIER_TOKEN: z.preprocess(emptyToUndefined, z.string().min(8, 'must be at least 8 characters').optional()),
  // Overrides of every QuickBooks base URL, to point the service at any QuickBooks-compatible server.
  QBO_API_BASE_URL: z.preprocess(emptyToUndefined, optionalUrl),
  QBO_AUTHORIZE_URL: z.preprocess(emptyToUndefined, optionalUrl),
  QBO_TOKEN_URL: z.preprocess(emptyToUndefined, optionalUrl),
  QBO_REVOKE_URL: z.preprocess(emptyToUndefined, optionalUrl),
  // The built-in simulator (QBO_ENVIRONMENT=simulator): its port (0 = any free one, default
  // 4010) and time scale (60 = a QuickBooks minute lasts a second; default 1).
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  SIMULATOR_TIME_SCALE: z.coerce.number().positive().default(1),
  // A simulator already running (`tillbooks simulator`), shared by several processes: its base
  // URL stands for the four QBO_*_URL above.
  QBO_SIMULATOR_URL: z.preprocess(emptyToUndefined, optionalUrl),
});

export interface Config {
  readonly mode: 'embedded' | 'server';
  readonly databaseUrl: string | undefined;
  readonly databaseSchema: string | undefined;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly secretKey: string | undefined;
  readonly logLevel: string;
  readonly logFormat: 'auto' | 'json' | 'pretty';
  readonly metricsToken: string | undefined;
  readonly trustProxy: boolean;
  readonly demo: boolean;
  readonly worker: boolean;
  readonly runLeaseMs: number;
  readonly workerConcurrency: number;
  readonly qbo: {
    readonly timeoutMs: number;
    readonly monthlyReadBudget: number;
    readonly batchReading: { readonly setting: 'adaptive' | 'strict' | 'lenient'; readonly retryAfterMs: number };
    readonly pipelineDepth: number;
    readonly environment: QboEnvironment;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly redirectUri: string;
    /** The verifier token of QuickBooks' webhook notifications; undefined: webhooks refused. */
    readonly webhookVerifierToken: string | undefined;
    readonly urls: { readonly api?: string; readonly authorize?: string; readonly token?: string; readonly revoke?: string };
  };
  readonly simulator: { readonly port: number; readonly timeScale: number; readonly url: string | undefined };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

// The built-in simulator registers this app by default; real QuickBooks needs your own.
export const SIMULATOR_CLIENT_ID = 'tillbooks-simulator';
export const SIMULATOR_CLIENT_SECRET = 'tillbooks-simulator-secret';

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const mode = e.DATABASE_URL ? 'server' : 'embedded';
  const problems: string[] = [];
  if (mode === 'server' && !e.TILLBOOKS_SECRET_KEY) {
    problems.push('TILLBOOKS_SECRET_KEY: required with DATABASE_URL (every process must decrypt the same tokens); generate one with `openssl rand -base64 32`');
  }
  const isSimulator = e.QBO_ENVIRONMENT === 'simulator';
  if (!isSimulator && (!e.QBO_CLIENT_ID || !e.QBO_CLIENT_SECRET)) {
    problems.push(`QBO_CLIENT_ID, QBO_CLIENT_SECRET: required for QBO_ENVIRONMENT=${e.QBO_ENVIRONMENT} (from your Intuit developer app)`);
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  if (!isSimulator) problems.push(...plainHttpProblems(e, publicUrl));
  if (problems.length) throw new ConfigError(problems);
  return deepFreeze({
    mode,
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    dataDir: path.resolve(e.DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    secretKey: e.TILLBOOKS_SECRET_KEY,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metricsToken: e.METRICS_TOKEN,
    trustProxy: e.TRUST_PROXY === 'true',
    demo: e.TILLBOOKS_DEMO ? e.TILLBOOKS_DEMO === 'true' : mode === 'embedded',
    worker: e.TILLBOOKS_WORKER === 'true',
    runLeaseMs: e.TILLBOOKS_RUN_LEASE_SECONDS * 1000,
    workerConcurrency: e.TILLBOOKS_WORKER_CONCURRENCY,
    qbo: {
      timeoutMs: e.QBO_TIMEOUT_SECONDS * 1000,
      monthlyReadBudget: e.QBO_MONTHLY_READ_BUDGET,
      batchReading: { setting: e.QBO_BATCH_READING, retryAfterMs: e.QBO_BATCH_READING_RETRY_HOURS * 3_600_000 },
      pipelineDepth: e.QBO_PIPELINE_DEPTH,
      environment: e.QBO_ENVIRONMENT,
      clientId: e.QBO_CLIENT_ID ?? SIMULATOR_CLIENT_ID,
      clientSecret: e.QBO_CLIENT_SECRET ?? SIMULATOR_CLIENT_SECRET,
      redirectUri: e.QBO_REDIRECT_URI ?? `${publicUrl}/quickbooks/callback`,
      webhookVerifierToken: e.QBO_WEBHOOK_VERIFIER_TOKEN,
      urls: { api: e.QBO_API_BASE_URL, authorize: e.QBO_AUTHORIZE_URL, token: e.QBO_TOKEN_URL, revoke: e.QBO_REVOKE_URL },
    },
    simulator: { port: e.SIMULATOR_PORT, timeScale: e.SIMULATOR_TIME_SCALE, url: e.QBO_SIMULATOR_URL?.replace(/\/$/, '') },
  } satisfies Config);
}

/**
 * Outside the simulator every QuickBooks URL must be https: Intuit's token endpoint and the
 * oauth library refuse anything else, but only at the OAuth callback, long after a start that
 * looked fine. Intuit's notes do not confirm that a plain http://localhost redirect URI is
 * accepted, so the stricter reading holds: no http at all, local or not.
 */
function plainHttpProblems(e: z.infer<typeof envSchema>, publicUrl: string): string[] {
  const named: [string, string | undefined][] = [
    ['QBO_API_BASE_URL', e.QBO_API_BASE_URL], ['QBO_AUTHORIZE_URL', e.QBO_AUTHORIZE_URL],
    ['QBO_TOKEN_URL', e.QBO_TOKEN_URL], ['QBO_REVOKE_URL', e.QBO_REVOKE_URL],
    ['QBO_REDIRECT_URI', e.QBO_REDIRECT_URI ?? `${publicUrl}/quickbooks/callback`],
  ];
  const problems: string[] = [];
  for (const [name, value] of named) {
    if (value === undefined || new URL(value).protocol === 'https:') continue;
    const derived = name === 'QBO_REDIRECT_URI' && e.QBO_REDIRECT_URI === undefined ? ' (derived from PUBLIC_URL; set PUBLIC_URL or QBO_REDIRECT_URI to an https URL)' : '';
    problems.push(`${name}: must be an https:// URL with QBO_ENVIRONMENT=${e.QBO_ENVIRONMENT}, not ${value}${derived}`);
  }
  return problems;
}

/** A Config for tests and tools: the defaults plus what is given. */
export function configFor(overrides: Record<string, string | undefined>): Config {
  return loadConfig({ ...overrides });
}

/** The environment's Config with some settings forced (the demo forces a throwaway setup). */
export function loadConfigOverriding(overrides: Record<string, string | undefined>): Config {
  return loadConfig({ ...process.env, ...overrides });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
