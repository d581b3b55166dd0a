/**
 * Structured logs (pino). Secrets never reach them: tokens, API keys, cookies and passwords are
 * redacted by path wherever they might appear, and the QuickBooks client logs no token at all.
 */
import { createRequire } from 'node:module';
import pino from 'pino';
import type { Logger } from 'pino';
import type prettyFactory from 'pino-pretty';

// pino-pretty (and its ~30 modules) is loaded by the first logger that writes for people: a
// command whose logs go to a file or a pipe starts without it.
const requireHere = createRequire(import.meta.url);
const pretty = (...args: Parameters<typeof prettyFactory>) => (requireHere('pino-pretty') as typeof prettyFactory)(...args);

export type { Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]',
  '*.accessToken', '*.refreshToken', '*.access_token', '*.refresh_token', '*.password', '*.apiKey', '*.tokens',
  'accessToken', 'refreshToken', 'password', 'apiKey', 'tokens',
];

/** json: one JSON object a line (log collectors); pretty: for people; auto: pretty on a terminal. */
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface LoggerOptions {
  level?: string;
  /** Default stdout. */
  destination?: pino.DestinationStream;
  /** Default auto. */
  format?: LogFormat;
}

export function makeLogger(opts: LoggerOptions = {}): Logger {
  const options = { level: opts.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  const out = opts.destination ?? process.stdout;
  const tty = (out as { isTTY?: boolean }).isTTY === true;
  if (opts.format === 'pretty' || (opts.format !== 'json' && tty)) {
    // Redaction happens before the text reaches pino-pretty. `http` holds a request's fields,
    // already said in its one-line message.
    return pino(options, pretty({
      destination: out as never, colorize: tty, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId,http',
    }));
  }
  return pino(options, opts.destination);
}

export const silentLogger: Logger = pino({ level: 'silent' });

/** Query parameters whose values are credentials (the OAuth callback's code and state, tokens, keys). */
const SECRET_PARAMS = new Set(['code', 'state', 'token', 'access_token', 'refresh_token', 'id_token', 'key', 'api_key', 'apikey', 'password', '_csrf']);

/**
 * A request URL fit for the logs: the values of credential parameters replaced, everything
 * else kept (`/quickbooks/callback?code=[redacted]&state=[redacted]&realmId=934…`).
 */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const name of new Set(params.keys())) {
    if (!SECRET_PARAMS.has(name.toLowerCase())) continue;
    params.set(name, '[redacted]');
    changed = true;
  }
  return changed ? `${url.slice(0, q)}?${params.toString().replaceAll('%5Bredacted%5D', '[redacted]')}` : url;
}

/** Fastify's request serializer (method, url, host, address) with the URL made loggable. */
export function requestSerializer(req: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: req.method, url: loggableUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
