/**
 * The OpenAPI document against the running app: every /api/v1 route the app registered is
 * described, and nothing else is; request schemas are the handlers' own zod schemas, so a
 * change to what is refused changes the document. /api/docs lists every route, without a key,
 * within the CSP (no script, nothing from elsewhere).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routesOf } from '../test-support/routes.js';
import { startWorld } from '../test-support/world.js';
import type { World } from '../test-support/world.js';

type Doc = { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: object } }> };
  parameters?: { name: string; in: string }[] }>> };

describe('the OpenAPI document', () => {
  let w: World;
  let doc: Doc;
  beforeAll(async () => {
    w = await startWorld();
    const res = await w.t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = res.json() as Doc;
  });
  afterAll(async () => w.stop());

  it('describes exactly the /api/v1 routes the app registered', () => {
    const registered = routesOf(w.t.app.printRoutes({ commonPrefix: false }))
      .filter((r) => r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`).sort();
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    expect(registered.length).toBeGreaterThanOrEqual(19);
    expect(documented).toEqual(registered);
  });

  it('takes its request schemas from the validating zod schemas', () => {
    expect(doc.openapi).toBe('3.1.0');
    const addLocation = doc.paths['/api/v1/locations']!.post!.requestBody!.content['application/json']!.schema;
    expect(addLocation).toMatchObject({ required: ['id', 'name', 'timeZone'], properties: { syncTime: { default: '00:00', pattern: expect.any(String) } } });
    const runs = doc.paths['/api/v1/runs']!.get!.parameters!.map((p) => `${p.in}:${p.name}`);
    expect(runs).toEqual(['query:locationId', 'query:limit']);
    expect(doc.paths['/api/v1/runs/{id}']!.get!.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    const tickets = doc.paths['/api/v1/tickets']!.post!.requestBody!.content;
    expect(Object.keys(tickets)).toEqual(['application/json', 'application/x-ndjson']);
    expect(JSON.stringify(tickets['application/json']!.schema)).toContain('"closedAt"');
  });

  it('serves /api/docs as a page listing every route, without a key, and within the CSP', async () => {
    const res = await w.t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) expect(res.body).toContain(`${method.toUpperCase()} ${path}`);
    }
    expect(res.body).not.toMatch(/<script|style=|https?:\/\/(?!json-schema)/);
  });
});
