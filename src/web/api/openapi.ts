/**
 * The JSON API described as OpenAPI 3.1, built from the very zod schemas the handlers parse
 * their input with (each API module exports its operations beside its routes), so the
 * description cannot drift from what is refused. `openapi.test.ts` compares the document with
 * the routes the running app registered: a route added without its description fails there.
 * Served, without a key (it holds no tenant's data), at GET /api/openapi.json and, as a plain
 * server-rendered page (no script, no CDN: the CSP stays strict), at GET /api/docs.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { renderApiDocs } from './openapi-page.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiOperation {
  method: HttpMethod;
  /** As registered with fastify: `/api/v1/runs/:id`. */
  path: string;
  summary: string;
  description?: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** When the body is not a single JSON document (e.g. NDJSON): more media types, as JSON Schema. */
  extraBodyTypes?: Record<string, object>;
  /** Status → what it means; a schema for the 2xx answer when there is one. */
  responses: Record<string, string>;
  answer?: z.ZodType;
}

/** Every refusal of the API: a sentence, the service's code when it has one, and the fields at fault. */
export const errorSchema = z.object({
  error: z.string(),
  code: z.string().optional(),
  details: z.array(z.object({ field: z.string(), value: z.unknown().optional(), message: z.string() })).optional(),
});

/** JSON Schema 2020-12 (OpenAPI 3.1's own dialect) of what a client sends or receives. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  // Refinements (dates in range, time zones that exist) have no JSON Schema form: they stay
  // the server's checks, and a refusal names the field.
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

function parameters(op: ApiOperation): object[] {
  const path = [...op.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (!op.query) return path;
  const q = jsonSchema(op.query, 'input') as { properties?: Record<string, object>; required?: string[] };
  const query = Object.entries(q.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: q.required?.includes(name) ?? false, schema }));
  return [...path, ...query];
}

function operation(op: ApiOperation): object {
  const content = (schema: object) => ({ 'application/json': { schema } });
  const responses = Object.fromEntries(Object.entries(op.responses).map(([status, description]) => [status, {
    description,
    ...(status.startsWith('2') && op.answer && { content: content(jsonSchema(op.answer, 'output')) }),
    ...(/^[45]/.test(status) && { content: content({ $ref: '#/components/schemas/Error' }) }),
  }]));
  const params = parameters(op);
  return {
    summary: op.summary,
    ...(op.description && { description: op.description }),
    ...(params.length > 0 && { parameters: params }),
    ...(op.body && { requestBody: { required: true, content: { ...content(jsonSchema(op.body, 'input')), ...op.extraBodyTypes } } }),
    responses: { ...responses, 401: { description: 'no API key, or an invalid or revoked one', content: content({ $ref: '#/components/schemas/Error' }) } },
  };
}

export function openApiDocument(operations: readonly ApiOperation[]): Record<string, unknown> {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of operations) (paths[openApiPath(op.path)] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.0',
    info: { title: 'tillbooks API', version: '1', description: 'Point-of-sale tickets in, QuickBooks Online documents out. Every call works inside the tenant of its API key.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { apiKey: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key> (created with `tillbooks api-key create NAME`)' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
      schemas: { Error: jsonSchema(errorSchema, 'output') },
    },
    paths,
  };
}

/** GET /api/openapi.json and GET /api/docs, for the operations of every API module. */
export function openApiRoutes(app: FastifyInstance, operations: readonly ApiOperation[]): void {
  const doc = openApiDocument(operations);
  const page = renderApiDocs(doc);
  app.get('/api/openapi.json', async () => doc);
  app.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
}
