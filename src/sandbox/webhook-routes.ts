/**
 * /__sim controls for webhooks: read the notifications sent (or waiting, lost, given up), set an
 * app's endpoint and verifier token, switch delivery faults, and send what is gathered now.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { controlBody, guarded } from './control-routes.js';
import type { SimState } from './sim-state.js';
import { setWebhook } from './sim-state.js';
import type { WebhookDelivery } from './types.js';
import { parseWebhookEndpoint, parseWebhookFaults } from './webhook-options.js';

type Req = FastifyRequest<{ Params: { clientId: string }; Querystring: { realmId?: string; state?: WebhookDelivery['state'] } }>;



export function registerWebhookRoutes(app: FastifyInstance, state: SimState): void {
  app.get('/__sim/webhooks', (req: Req) => state.webhooks.deliveries({
    ...(req.query.realmId ? { realmId: req.query.realmId } : {}), ...(req.query.state ? { state: req.query.state } : {}),
  }));
  app.post('/__sim/webhooks/flush', async () => {
    await state.webhooks.flush();
    return { ok: true };
  });
  app.put('/__sim/webhooks/faults', (req, reply) => guarded(reply, () => {
    state.webhooks.setFaults(parseWebhookFaults(controlBody(req)));
    return { ok: true };
  }));
  app.put('/__sim/apps/:clientId/webhook', (req: Req, reply) => guarded(reply, () => {
    const raw = controlBody(req);
    setWebhook(state, raw === null ? null : parseWebhookEndpoint(raw), req.params.clientId);
    return { ok: true };
  }));
}
