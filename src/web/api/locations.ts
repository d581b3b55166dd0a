/** The locations API: list, add or change, each inside the caller's tenant. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { locationInputSchema, locationPatchSchema, parseLocation } from '../../domain/location.js';
import { formatPath } from '../../domain/ticket-schema.js';
import { getLocation, listLocations, updateLocation, upsertLocation } from '../../store/locations.js';
import type { Db } from '../../store/index.js';
import { HttpError } from '../errors.js';
import { tenantOf } from './auth.js';
import type { ApiOperation } from './openapi.js';

/** A location as the API answers it: what was sent, with the defaults, and its connection. */
const locationAnswer = z.object({ location: locationInputSchema.extend({ connectionId: z.number().int().nullable() }) });

export const locationsApiOperations: ApiOperation[] = [
  { method: 'get', path: '/api/v1/locations', summary: 'The locations of the tenant.', responses: { 200: 'the locations' },
    answer: z.object({ locations: z.array(locationAnswer.shape.location) }) },
  { method: 'get', path: '/api/v1/locations/:id', summary: 'One location.', responses: { 200: 'the location', 404: 'no such location' }, answer: locationAnswer },
  { method: 'post', path: '/api/v1/locations', summary: 'Add a location, or replace the one with this id.', body: locationInputSchema,
    description: 'Without syncTime and syncTimeZone the location syncs daily at 00:00 America/Denver; the answer says what was chosen.',
    responses: { 201: 'added', 200: 'replaced', 422: 'not valid: `details` names each field' }, answer: locationAnswer },
  { method: 'patch', path: '/api/v1/locations/:id', summary: 'Change some fields of a location.', body: locationPatchSchema,
    responses: { 200: 'changed', 404: 'no such location', 422: 'not valid: `details` names each field' }, answer: locationAnswer },
];

export interface LocationsApiOptions {
  db: Db;
  guard: (request: never, reply: never) => Promise<unknown>;
  /** The schedule must be recomputed when a location's sync settings change. */
  onChanged?: (tenantId: string, locationId: string) => void;
}

export async function locationsApi(app: FastifyInstance, opts: LocationsApiOptions): Promise<void> {
  const guard = { preHandler: opts.guard as never };

  app.get('/api/v1/locations', guard, async (request) => ({ locations: await listLocations(opts.db, tenantOf(request)) }));

  app.get<{ Params: { id: string } }>('/api/v1/locations/:id', guard, async (request) => {
    const location = await getLocation(opts.db, tenantOf(request), request.params.id);
    if (!location) throw new HttpError(404, `no location "${request.params.id}"`);
    return { location };
  });

  app.post('/api/v1/locations', guard, async (request, reply) => {
    const parsed = parseLocation(request.body);
    if (!parsed.ok) throw new HttpError(422, 'the location is not valid', parsed.errors.map((e) => ({ field: e.path, message: e.message })));
    const tenantId = tenantOf(request);
    const { created, location } = await upsertLocation(opts.db, tenantId, parsed.location);
    opts.onChanged?.(tenantId, location.id);
    return reply.status(created ? 201 : 200).send({ location });
  });

  app.patch<{ Params: { id: string } }>('/api/v1/locations/:id', guard, async (request) => {
    const parsed = locationPatchSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      throw new HttpError(422, 'the change is not valid', parsed.error.issues.map((i) => ({ field: formatPath(i.path), message: i.message })));
    }
    const tenantId = tenantOf(request);
    const location = await updateLocation(opts.db, tenantId, request.params.id, parsed.data);
    if (!location) throw new HttpError(404, `no location "${request.params.id}"`);
    opts.onChanged?.(tenantId, location.id);
    return { location };
  });
}
