/**
 * How the HTTP layer answers failures. Bad input is the client's: a 4xx that says what was
 * wrong, never a 5xx. A 5xx is a bug of ours, logged with its stack and answered without it.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { isServiceError } from '../sync/index.js';
import type { ServiceErrorCode } from '../sync/index.js';

/** What the sync refuses, as HTTP: the caller's to fix (4xx), or QuickBooks out of reach (503). */
const SERVICE_STATUS: Record<ServiceErrorCode, number> = {
  NOT_FOUND: 404,
  NOT_CONNECTED: 409,
  SYNC_DISABLED: 409,
  AMBIGUOUS: 409,
  CONNECT_CANCELLED: 400,
  CONNECT_REFUSED: 400,
  CONNECT_ELSEWHERE: 403,
  QBO_UNAVAILABLE: 503,
  INVALID: 422,
  STALE: 409,
  CONFIRM: 422,
  BUSY: 409,
};

export function serviceStatus(code: ServiceErrorCode): number {
  return SERVICE_STATUS[code];
}

export class HttpError extends Error {
  constructor(readonly statusCode: number, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'HttpError';
  }
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (isServiceError(error)) {
      const details = error.details !== undefined ? { details: error.details } : {};
      return reply.status(SERVICE_STATUS[error.code]).send({ error: error.message, code: error.code, ...details });
    }
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send({ error: error.message, ...(error.details !== undefined && { details: error.details }) });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: clientMessage(error) });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'internal error; it has been logged' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
}

function clientMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported Content-Type: send application/json (or application/x-ndjson for tickets)';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the body is too large';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is empty: send a JSON object or array';
    default:
      return error.message;
  }
}
