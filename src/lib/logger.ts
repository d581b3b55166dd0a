/**
 * Structured logs (pino). Secrets never reach them: tokens, API keys, cookies and passwords are
 * redacted by path wherever they might appear, and the QuickBooks client logs no token at all.
 */
import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]',
  '*.accessToken', '*.refreshToken', '*.access_token', '*.refresh_token', '*.password', '*.apiKey', '*.tokens',
  'accessToken', 'refreshToken', 'password', 'apiKey', 'tokens',
];

export function makeLogger(opts: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino({ level: opts.level ?? 'info', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, opts.destination);
}

export const silentLogger: Logger = pino({ level: 'silent' });
