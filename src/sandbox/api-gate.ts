/**
 * What stands between a request and a company's data, in QuickBooks' order: the bearer token
 * (401 AuthenticationFailed / 403 AuthorizationFailed from the gateway), injected faults
 * (disconnection, 500/503), then the throttles (429, XML).
 */
import type { FastifyReply } from 'fastify';
import type { Company } from './company.js';
import { gatewayFaultBody, serverErrorBody, SERVICE_UNAVAILABLE_HTML, throttleXml } from './errors.js';
import type { SimState } from './sim-state.js';
import { faultsOf } from './sim-state.js';
import type { Faults } from './types.js';

export const JSON_TYPE = 'application/json;charset=UTF-8';

export interface Refusal {
  status: number;
  contentType: string;
  body: string;
}

const json = (status: number, body: unknown): Refusal => ({ status, contentType: JSON_TYPE, body: JSON.stringify(body) });

/** Returns a refusal, or the company whose data the request may touch. */
export function authenticate(state: SimState, realmId: string, authorization: string | undefined): Refusal | Company {
  const now = state.clock.now();
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return json(401, gatewayFaultBody(401, 'Authorization header missing or not a Bearer token', now));
  const check = state.oauth.checkAccess(token);
  if (!check.ok) return json(401, gatewayFaultBody(401, `${check.reason}: ${token.slice(0, 8)}…`, now));
  const company = state.companies.get(realmId);
  if (check.realmId !== realmId || !company) {
    return json(403, gatewayFaultBody(403, `The token is not authorized for company ${realmId}`, now));
  }
  if (faultsOf(state, company).disconnected) {
    return json(401, gatewayFaultBody(401, 'The connection to this company was revoked (the app was disconnected)', now));
  }
  return company;
}

/** An injected 500 or 503 before anything happens. */
export function injectedServerError(state: SimState, company: Company, faults: Faults): Refusal | undefined {
  if (!state.random.chance(faults.serverErrorRate)) return undefined;
  company.counters.serverErrors += 1;
  const status = state.nextServerError;
  state.nextServerError = status === 500 ? 503 : 500;
  return status === 500
    ? json(500, serverErrorBody(state.clock.now()))
    : { status: 503, contentType: 'text/html', body: SERVICE_UNAVAILABLE_HTML };
}

/** Admits the request into the company's limits, or answers 429. The caller releases an admitted request. */
export function admit(state: SimState, company: Company, faults: Faults, batch: boolean, units: number): Refusal | undefined {
  const forced = state.random.chance(faults.throttleRate);
  if (!forced && company.limiter.admit({ batch, units })) return undefined;
  company.counters.throttled += 1;
  return { status: 429, contentType: 'application/xml', body: throttleXml(state.clock.now()) };
}

export function sendRaw(reply: FastifyReply, answer: Refusal): FastifyReply {
  return reply.code(answer.status).header('content-type', answer.contentType).send(answer.body);
}

/** Drops the connection without an answer: the client sees a reset. */
export function resetConnection(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.socket?.destroy();
  reply.raw.destroy();
}
