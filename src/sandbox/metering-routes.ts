/**
 * /__sim controls for limits and metered reads, so a separate process (a benchmark, the product's
 * tests over HTTP) can switch the batch reading, read a company's metered reads, and set or lift
 * a monthly read quota, for the whole simulator or one company.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { controlBody, guarded } from './control-routes.js';
import { parseLimits } from './limits-options.js';
import { parseQuota } from './metering.js';
import type { SimState } from './sim-state.js';
import { limitsOf, meteringOf, requireCompany, setLimits, setQuota } from './sim-state.js';

type Req = FastifyRequest<{ Params: { realmId: string } }>;



/** `{ monthlyReads: n }` sets a quota, `{ monthlyReads: null }` means none, `null` (a company) follows the simulator's. */
const quotaFrom = (raw: unknown) => (raw === null ? null : parseQuota(raw));

export function registerMeteringRoutes(app: FastifyInstance, state: SimState): void {
  app.get('/__sim/limits', () => state.limits);
  app.put('/__sim/limits', (req, reply) => guarded(reply, () => setLimits(state, '*', parseLimits(controlBody(req)))));
  app.get('/__sim/companies/:realmId/limits', (req: Req, reply) => guarded(reply, () => limitsOf(state, requireCompany(state, req.params.realmId))));
  app.put('/__sim/companies/:realmId/limits', (req: Req, reply) => guarded(reply, () => setLimits(state, req.params.realmId, parseLimits(controlBody(req)))));
  app.get('/__sim/quota', () => ({ monthlyReads: state.quota }));
  app.put('/__sim/quota', (req, reply) => guarded(reply, () => {
    setQuota(state, '*', quotaFrom(controlBody(req)));
    return { monthlyReads: state.quota };
  }));
  app.get('/__sim/companies/:realmId/metering', (req: Req, reply) => guarded(reply, () => meteringOf(state, req.params.realmId)));
  app.put('/__sim/companies/:realmId/quota', (req: Req, reply) => guarded(reply, () => {
    setQuota(state, req.params.realmId, quotaFrom(controlBody(req)));
    return meteringOf(state, req.params.realmId);
  }));
}
