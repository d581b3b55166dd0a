/**
 * GET /metrics for Prometheus, behind its own bearer token (METRICS_TOKEN): not an API key nor
 * a session, so a scraper holds no right to tickets or the back office.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export interface MetricsEndpoint {
  token: string;
  render(): Promise<{ contentType: string; body: string }>;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function metricsRoute(app: FastifyInstance, endpoint: MetricsEndpoint): void {
  const expected = digest(endpoint.token);
  app.get('/metrics', async (req, reply) => {
    const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    // Digests of equal length, so the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(digest(given), expected)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send({ error: 'METRICS_TOKEN required as a bearer token' });
    }
    const { contentType, body } = await endpoint.render();
    return reply.type(contentType).header('cache-control', 'no-store').send(body);
  });
}
