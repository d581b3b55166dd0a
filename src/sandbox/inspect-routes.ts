/**
 * Inspection and control, on paths apart from Intuit's (/__sim/...), so a separate process
 * (a benchmark, the CLI, a browser test) can reset, create companies, read documents and
 * counters, switch faults and move a manual clock.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MalformedBody } from './body-parsers.js';
import { guarded } from './control-routes.js';
import { parsePreferenceChanges, preferenceChangesFromForm, preferenceSummary } from './company-preferences.js';
import { parseFaults } from './faults.js';
import { html, page } from './html.js';
import { indexPage, companyPage } from './pages.js';
import type { SimState } from './sim-state.js';
import {
  clearFaults, countersOf, createCompany, documentsOf, listCompanies, requireCompany, resetState, setFaults, setPreferences,
} from './sim-state.js';
import type { CompanyOptions } from './types.js';

type Req = FastifyRequest<{ Params: { realmId: string }; Querystring: { entity?: string } }>;

function isManualClock(clock: unknown): clock is { advance(ms: number): Promise<void> } {
  return typeof clock === 'object' && clock !== null && typeof (clock as { advance?: unknown }).advance === 'function';
}

function companyOptions(body: unknown): CompanyOptions {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const flag = (v: unknown) => (v === undefined ? undefined : v === true || v === 'true' || v === 'on');
  return {
    ...(typeof b.name === 'string' ? { name: b.name } : {}),
    ...(flag(b.inventoryTracking) !== undefined ? { inventoryTracking: flag(b.inventoryTracking) } : {}),
    ...(flag(b.automatedSalesTax) !== undefined ? { automatedSalesTax: flag(b.automatedSalesTax) } : {}),
    ...(flag(b.customTxnNumbers) !== undefined ? { customTxnNumbers: flag(b.customTxnNumbers) } : {}),
  };
}


/** The company page's forms post here; a person gets the page back, or what was wrong with the form. */
function preferencesForm(state: SimState, req: Req, reply: FastifyReply) {
  const realmId = req.params.realmId;
  if (!state.companies.has(realmId)) return reply.code(404).type('text/html').send('No such company');
  try {
    const fields = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    setPreferences(state, realmId, preferenceChangesFromForm(fields));
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return reply.code(400).type('text/html').send(page('Not saved', html`<section><h1>Not saved</h1><p>${e.message}</p>
      <p><a href="/__sim/companies/${realmId}">Back to the company</a></p></section>`));
  }
  return reply.redirect(`/__sim/companies/${realmId}`, 303);
}

export function registerInspectRoutes(app: FastifyInstance, state: SimState): void {
  app.get('/__sim', (_req, reply) => reply.redirect('/__sim/'));
  app.get('/__sim/', (_req, reply) => reply.type('text/html').send(indexPage([...state.companies.values()])));
  app.post('/__sim/reset', (_req, reply) => {
    resetState(state);
    return reply.send({ ok: true });
  });
  app.get('/__sim/companies', () => listCompanies(state));
  app.post('/__sim/companies', (req, reply) => {
    if (req.body instanceof MalformedBody) return reply.code(400).send({ error: req.body.reason });
    const created = createCompany(state, companyOptions(req.body));
    const fromForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    return fromForm ? reply.redirect(`/__sim/companies/${created.realmId}`, 303) : reply.code(201).send(created);
  });
  app.get('/__sim/companies/:realmId', (req: Req, reply) => {
    const company = state.companies.get(req.params.realmId);
    if (!company) return reply.code(404).type('text/html').send('No such company');
    return reply.type('text/html').send(companyPage(company));
  });
  app.get('/__sim/companies/:realmId/documents', (req: Req, reply) => guarded(reply, () => documentsOf(state, req.params.realmId, req.query.entity)));
  app.get('/__sim/companies/:realmId/counters', (req: Req, reply) => guarded(reply, () => countersOf(state, req.params.realmId)));
  app.get('/__sim/companies/:realmId/preferences', (req: Req, reply) => guarded(reply, () => preferenceSummary(requireCompany(state, req.params.realmId))));
  app.put('/__sim/companies/:realmId/preferences', (req: Req, reply) => guarded(reply, () => {
    if (req.body instanceof MalformedBody) throw new TypeError(req.body.reason);
    requireCompany(state, req.params.realmId);
    return setPreferences(state, req.params.realmId, parsePreferenceChanges(req.body));
  }));
  app.post('/__sim/companies/:realmId/preferences', (req: Req, reply) => preferencesForm(state, req, reply));
  app.put('/__sim/companies/:realmId/faults', (req: Req, reply) => guarded(reply, () => {
    setFaults(state, req.params.realmId, parseFaults(req.body));
    return { ok: true };
  }));
  app.delete('/__sim/companies/:realmId/faults', (req: Req, reply) => guarded(reply, () => {
    clearFaults(state, req.params.realmId);
    return { ok: true };
  }));
  app.post('/__sim/companies/:realmId/tokens', (req: Req, reply) => guarded(reply, () => {
    if (!state.companies.has(req.params.realmId)) throw new RangeError(`no simulated company ${req.params.realmId}`);
    const body = (req.body ?? {}) as { clientId?: string };
    const clientId = body.clientId ?? state.apps[0]?.clientId ?? '';
    if (!state.oauth.findApp(clientId)) throw new TypeError(`unknown clientId ${clientId}`);
    return state.oauth.issue(req.params.realmId, clientId);
  }));
  app.post('/__sim/time', async (req, reply) => {
    if (!isManualClock(state.clock)) return reply.code(409).send({ error: 'the simulator runs on a real or scaled clock; time can only be moved on a manual clock' });
    const advanceMs = (req.body as { advanceMs?: unknown } | undefined)?.advanceMs;
    if (typeof advanceMs !== 'number' || !(advanceMs >= 0)) return reply.code(400).send({ error: 'advanceMs must be a number >= 0' });
    await state.clock.advance(advanceMs);
    return { now: state.clock.now() };
  });
}
