/**
 * One log line a request, when it is answered ("GET /tickets 200 12 ms", the fields under
 * `http`), instead of fastify's two ("incoming request", "request completed"), which filled the
 * terminal running `npm start` with two raw JSON lines per click.
 */
import { LogController } from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loggableUrl, requestSerializer } from '../lib/logger.js';

// Polled, or fetched by every page: at debug, so they do not drown the requests people make.
const QUIET = /^\/(static\/|healthz$|metrics$|favicon\.ico$)/;

export class OneLineRequestLogs extends LogController {
  override incomingRequest(): void {
    // Said once answered.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const ms = Math.round(reply.elapsedTime);
    const http = { ...requestSerializer(request), statusCode: reply.statusCode, responseTimeMs: ms };
    const line = `${request.method} ${loggableUrl(request.url)} ${reply.statusCode} ${ms} ms`;
    if (error) reply.log.error({ http, err: error }, `${line} (${error.message})`);
    else if (QUIET.test(request.url)) reply.log.debug({ http }, line);
    else reply.log.info({ http }, line);
  }
}
