/**
 * /__sim controls for webhooks: read the notifications sent (or waiting, lost, given up), set an
 * app's endpoint and verifier token, switch delivery faults, and send what is gathered now.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MalformedBody } from './body-parsers.js';
import type { SimState } from './sim-state.js';
import { setWebhook } from './sim-state.js';
import type { WebhookDelivery } from './types.js';
import { parseWebhookEndpoint, parseWebhookFaults } from './webhook-options.js';

type Req = FastifyRequest<{ Params: { clientId: string }; Querystring: { realmId?: string; state?: WebhookDelivery['state'] } }>;

async function guarded(reply: FastifyReply, action: () => unknown) {
  try {
    return await action();
  } catch (e) {
    if (e instanceof RangeError) return reply.code(404).send({ error: e.message });
    if (e instanceof TypeError) return reply.code(400).send({ error: e.message });
    throw e;
  }
}

function body(req: FastifyRequest): unknown {
  if (req.body instanceof MalformedBody) throw new TypeError(req.body.reason);
  return req.body;
}

export function registerWebhookRoutes(app: FastifyInstance, state: SimState): void {
  app.get('/__sim/webhooks', (req: Req) => state.webhooks.deliveries({
    ...(req.query.realmId ? { realmId: req.query.realmId } : {}), ...(req.query.state ? { state: req.query.state } : {}),
  }));
  app.post('/__sim/webhooks/flush', async () => {
    await state.webhooks.flush();
    return { ok: true };
  });
  app.put('/__sim/webhooks/faults', (req, reply) => guarded(reply, () => {
    state.webhooks.setFaults(parseWebhookFaults(body(req)));
    return { ok: true };
  }));
  app.put('/__sim/apps/:clientId/webhook', (req: Req, reply) => guarded(reply, () => {
    const raw = body(req);
    setWebhook(state, raw === null ? null : parseWebhookEndpoint(raw), req.params.clientId);
    return { ok: true };
  }));
}
