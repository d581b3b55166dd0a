/** Which requests are for the JSON API. */
import type { FastifyRequest } from 'fastify';

/**
 * Judged on the route the router matched (its pattern, over the decoded path), never on the
 * raw URL: `/%61pi/v1/tickets` reaches the same handler as `/api/v1/tickets`, so it must meet
 * the same checks (issue 20: the session layer tested the raw URL, and CSRF was bypassed).
 * Known from onRequest on (routing comes first); false for a URL no route matched.
 */
export function isApiRoute(request: FastifyRequest): boolean {
  return request.routeOptions.url?.startsWith('/api/') === true;
}
