/**
 * The QuickBooks page's forms. Each names its location (and connection), which must be the
 * tenant's own, or the answer is 404. Each ends in a redirect back to the page with a
 * message saying what happened (POST → redirect → GET, so a reload never repeats an action).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { locationPatchSchema } from '../../domain/location.js';
import { getLocation, updateLocation } from '../../store/locations.js';
import type { Location } from '../../domain/location.js';
import type { ConnectionView } from '../../sync/index.js';
import { sessionOf } from '../session/guards.js';
import { field, flash, notFound } from './page-kit.js';
import type { PageKit } from './page-kit.js';
import { describeFailure } from './failures.js';

type Handler = (ctx: ActionContext) => Promise<FastifyReply | void>;

interface ActionContext {
  kit: PageKit;
  request: FastifyRequest;
  reply: FastifyReply;
  tenantId: string;
  location: Location;
  /** The page to go back to. */
  back: string;
}

export function quickbooksActions(app: FastifyInstance, kit: PageKit): void {
  for (const [path, handler] of Object.entries(ACTIONS)) registerAction(app, kit, path, handler);
}

/** The common part of every form: the tenant's own location, then the handler, then back to the page. */
function registerAction(app: FastifyInstance, kit: PageKit, path: string, handler: Handler): void {
  app.post(path, async (request, reply) => {
    const tenantId = sessionOf(request).user.tenantId;
    const location = await getLocation(kit.deps.db, tenantId, field(request, 'location'));
    if (!location) return notFound(kit, request, reply, 'That location');
    const back = `/quickbooks?location=${encodeURIComponent(location.id)}`;
    try {
      await handler({ kit, request, reply, tenantId, location, back });
      // A reply is thenable, so what a handler returns cannot tell whether it answered: ask the reply.
      return reply.sent ? reply : reply.redirect(back, 303);
    } catch (err) {
      request.log.warn({ err, path }, 'back-office action failed');
      flash(kit, request, reply, { kind: 'error', text: describeFailure(err) });
      return reply.redirect(back, 303);
    }
  });
}

/** The connection the form names, if it is the tenant's own. */
async function ownConnection({ kit, request, tenantId }: ActionContext): Promise<ConnectionView | undefined> {
  const n = Number(field(request, 'connection'));
  return Number.isSafeInteger(n) ? (await kit.deps.sync.connections(tenantId)).find((c) => c.id === n) : undefined;
}

const setEnabled: Handler = async ({ kit, request, reply, tenantId, location }) => {
  const enabled = field(request, 'enabled') === 'on';
  await updateLocation(kit.deps.db, tenantId, location.id, { enabled });
  kit.deps.onLocationChanged?.(tenantId, location.id);
  flash(kit, request, reply, { kind: 'success', text: enabled ? `Integrated QuickBooks is on for ${location.name}.` : `Integrated QuickBooks is off for ${location.name}: tickets are kept, not posted.` });
};

const connect: Handler = async ({ kit, request, reply, tenantId, location, back }) => {
  // Bound to this session: only this browser, signed in to this tenant, can complete it.
  const { url } = await kit.deps.sync.startConnect(tenantId, { locationId: location.id, returnTo: back, binding: sessionOf(request).id });
  return reply.redirect(url, 303);
};

const disconnect: Handler = async (ctx) => {
  const { kit, request, reply, tenantId, location } = ctx;
  const connection = await ownConnection(ctx);
  if (!connection) return notFound(kit, request, reply, 'That connection');
  await kit.deps.sync.disconnect(tenantId, connection.id);
  flash(kit, request, reply, { kind: 'success', text: `Disconnected from ${connection.companyName ?? connection.realmId}. ${location.name} keeps the link, so Reconnect picks up where it left off.` });
};

const useConnection: Handler = async (ctx) => {
  const { kit, request, reply, tenantId, location } = ctx;
  const connection = await ownConnection(ctx);
  if (!connection) return notFound(kit, request, reply, 'That connection');
  await kit.deps.sync.useConnection(tenantId, location.id, connection.id);
  kit.deps.onLocationChanged?.(tenantId, location.id);
  flash(kit, request, reply, { kind: 'success', text: `${location.name} now posts to ${connection.companyName ?? connection.realmId}.` });
};

const initialize: Handler = async (ctx) => {
  const { kit, request, reply, tenantId } = ctx;
  const connection = await ownConnection(ctx);
  if (!connection) return notFound(kit, request, reply, 'That connection');
  const report = await kit.deps.sync.initialize(tenantId, connection.id);
  const count = (a: string) => report.records.filter((r) => r.action === a).length;
  flash(kit, request, reply, {
    kind: 'success',
    text: `Initialize finished: ${count('found')} records found, ${count('created')} created, ${count('reactivated')} made active again.`,
    items: report.notes,
  });
};

const saveSchedule: Handler = async ({ kit, request, reply, tenantId, location }) => {
  const parsed = locationPatchSchema.pick({ syncTime: true, syncTimeZone: true, syncStartDate: true }).safeParse({
    syncTime: field(request, 'syncTime'), syncTimeZone: field(request, 'syncTimeZone'), syncStartDate: field(request, 'startDate') || null,
  });
  if (!parsed.success) {
    flash(kit, request, reply, { kind: 'error', text: 'The schedule was not saved:', items: parsed.error.issues.map((i) => `${labelOf(String(i.path[0]))}: ${i.message}`) });
    return;
  }
  await updateLocation(kit.deps.db, tenantId, location.id, parsed.data);
  kit.deps.onLocationChanged?.(tenantId, location.id);
  flash(kit, request, reply, { kind: 'success', text: `Schedule saved: every day at ${parsed.data.syncTime} ${parsed.data.syncTimeZone}${parsed.data.syncStartDate ? `, tickets from ${parsed.data.syncStartDate}` : ''}.` });
};

const syncNow: Handler = async ({ kit, reply, tenantId, location, back }) => {
  const { runId } = await kit.deps.sync.syncNow(tenantId, { locationId: location.id });
  return reply.redirect(`${back}&run=${runId}#progress`, 303);
};

/** Registered in this order; each handler runs once its location is found to be the tenant's. */
const ACTIONS: Record<string, Handler> = {
  '/quickbooks/enabled': setEnabled,
  '/quickbooks/connect': connect,
  '/quickbooks/disconnect': disconnect,
  '/quickbooks/use-connection': useConnection,
  '/quickbooks/initialize': initialize,
  '/quickbooks/schedule': saveSchedule,
  '/quickbooks/sync-now': syncNow,
};

function labelOf(path: string): string {
  return { syncTime: 'Daily sync time', syncTimeZone: 'Time zone', syncStartDate: 'Sync tickets from' }[path] ?? path;
}
