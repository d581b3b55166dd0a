/**
 * What the simulator answers where it serves nothing: a QuickBooks Fault, never the web
 * framework's own body. Intuit answers a resource it does not know (or a sub-route such as
 * `/invoice/70/pdf` the simulator does not serve) with 400, ValidationFault, code 500
 * "Unsupported Operation", Detail "Operation Could not find resource for relative : … of full
 * path: … is not supported." (minimul/qbo_api#81). Under /v3/company/{realm}/ that answer comes
 * after the gate (token, throttles), as at Intuit; anywhere else there is no company to check,
 * so the same Fault comes at once with 404.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../lib/clock.js';
import { QboFault, serverErrorBody } from './errors.js';

/** The path part of a request URL (no query string). */
function pathOf(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : url.slice(0, at);
}

export function notServed(url: string, status = 400): QboFault {
  const path = pathOf(url);
  return new QboFault(status, 'ValidationFault', [{
    Message: 'Unsupported Operation',
    Detail: `Operation Could not find resource for relative : ${path} of full path: ${url} is not supported.`,
    code: '500',
  }]);
}

const isApiPath = (url: string) => url.startsWith('/v3/');

function sendFault(reply: FastifyReply, e: QboFault, nowMs: number) {
  return reply.code(e.status).header('content-type', 'application/json;charset=UTF-8').send(JSON.stringify(e.toBody(nowMs)));
}

/**
 * A request fastify itself refuses (an unsupported content type, a body too large): under /v3/
 * the refusal is a Fault with the framework's status; the simulator's own pages and OAuth
 * endpoints keep a plain `{error}`.
 */
function refusedByFramework(error: FastifyError, req: FastifyRequest, reply: FastifyReply, clock: Clock) {
  const status = error.statusCode ?? 500;
  if (!isApiPath(req.url)) return reply.code(status).send({ error: error.message });
  return sendFault(reply, new QboFault(status, 'ValidationFault', [{
    Message: 'Request has invalid or unsupported property', Detail: error.message, code: '2010',
  }]), clock.now());
}

export function registerFallbacks(app: FastifyInstance, clock: Clock): void {
  app.setNotFoundHandler((req, reply) => sendFault(reply, notServed(req.url, 404), clock.now()));
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) return refusedByFramework(error, req, reply, clock);
    // A bug in the simulator: say so loudly, and answer as QuickBooks' SystemFault.
    console.error(`[simulator] ${req.method} ${req.url} failed:`, error);
    return reply.code(500).send(serverErrorBody(clock.now()));
  });
}
