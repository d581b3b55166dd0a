/**
 * Connecting a QuickBooks company (OAuth), using an existing connection for another
 * location, and disconnecting (tokens revoked at QuickBooks, then forgotten).
 */
import { randomBytes } from 'node:crypto';
import { OAuthStateElsewhereError, rowsOf } from '../../qbo/index.js';
import type { QboEntity } from '../../qbo/index.js';
import { getLocation, listLocations, updateLocation } from '../../store/locations.js';
import { getConnection, listConnections, markDisconnected, recordConnection, setCompanyName } from '../../store/qbo-connections.js';
import type { Connection } from '../../store/qbo-connections.js';
import { makeConnectionTokenStore } from '../connection-tokens.js';
import { clientFor, oauthFor, requireProvider } from '../deps.js';
import type { SyncDeps } from '../deps.js';
import type { ConnectionView, ConnectStarter } from './types.js';
import { ServiceError, notFound } from '../errors.js';
import { readReport } from '../setup/stored-setup.js';

interface ConnectState {
  tenantId: string;
  locationId?: string;
  returnTo?: string;
}

/** A callback brought to another tenant, session or process than the one that started it: nothing was done. */
const connectElsewhere = (): ServiceError => new ServiceError('CONNECT_ELSEWHERE',
  'this connection was started elsewhere (another account, browser or `tillbooks connect`); nothing was saved');

const bindingOf = (who: ConnectStarter) => `${who.tenantId}\n${who.binding}`;

export async function startConnect(deps: SyncDeps, tenantId: string, opts: { locationId?: string; returnTo?: string; binding?: string } = {}):
  Promise<{ url: string; binding: string }> {
  if (opts.locationId && !(await getLocation(deps.database.db, tenantId, opts.locationId))) throw notFound(`location "${opts.locationId}"`);
  const state: ConnectState = { tenantId, ...(opts.locationId && { locationId: opts.locationId }), ...(opts.returnTo && { returnTo: opts.returnTo }) };
  const binding = opts.binding ?? randomBytes(32).toString('base64url');
  return { url: (await oauthFor(deps).authorizationUrl(state, { binding: bindingOf({ tenantId, binding }) })).url, binding };
}

export async function completeConnect(deps: SyncDeps, params: Record<string, string>, who: ConnectStarter) {
  if (params.error) {
    throw params.error === 'access_denied' ? new ServiceError('CONNECT_CANCELLED', 'the connection to QuickBooks was cancelled')
      : new ServiceError('CONNECT_REFUSED', `QuickBooks answered: ${params.error}`);
  }
  const provider = requireProvider(deps);
  // The state is bound to the starter's tenant and session: another one's callback exchanges no code.
  const result = await oauthFor(deps).exchangeCode(params, { binding: bindingOf(who) }).catch((err: unknown) => {
    throw err instanceof OAuthStateElsewhereError ? connectElsewhere() : err;
  });
  const state = result.data as ConnectState;
  // Checked again before anything is stored (the binding names the tenant; this is the belt to its braces).
  if (state.tenantId !== who.tenantId) throw connectElsewhere();
  const db = deps.database.db;
  let connection = await recordConnection(db, deps.cipher, {
    tenantId: state.tenantId, environment: provider.env, realmId: result.realmId, companyName: null, tokens: result.tokens,
  });
  const info = rowsOf<QboEntity>(await clientFor(deps, connection).query('SELECT * FROM CompanyInfo'), 'CompanyInfo')[0];
  if (typeof info?.CompanyName === 'string') {
    await setCompanyName(db, connection.id, info.CompanyName);
    connection = { ...connection, companyName: info.CompanyName };
  }
  if (state.locationId) await updateLocation(db, state.tenantId, state.locationId, { connectionId: connection.id });
  return { tenantId: state.tenantId, connection: await viewOf(deps, connection), locationId: state.locationId, returnTo: state.returnTo };
}

export async function disconnect(deps: SyncDeps, tenantId: string, connectionId: number): Promise<void> {
  const connection = await getConnection(deps.database.db, tenantId, connectionId);
  if (!connection) throw notFound(`connection ${connectionId}`);
  const tokens = await makeConnectionTokenStore(deps.database, deps.cipher, connectionId).load().catch(() => null);
  if (tokens && deps.provider) {
    // Revoking either token disconnects the app at QuickBooks; failure to reach it must not
    // keep the user connected here, so it is logged and the tokens are forgotten anyway.
    await oauthFor(deps).revoke(tokens.refreshToken).catch((err: unknown) => deps.logger.warn({ err }, 'revoking QuickBooks tokens failed'));
  }
  await markDisconnected(deps.database.db, tenantId, connectionId, 'disconnected by a user');
}

export async function useConnection(deps: SyncDeps, tenantId: string, locationId: string, connectionId: number | null): Promise<void> {
  if (connectionId !== null && !(await getConnection(deps.database.db, tenantId, connectionId))) throw notFound(`connection ${connectionId}`);
  const updated = await updateLocation(deps.database.db, tenantId, locationId, { connectionId });
  if (!updated) throw notFound(`location "${locationId}"`);
}

export async function connectionViews(deps: SyncDeps, tenantId: string): Promise<ConnectionView[]> {
  const [connections, locations] = await Promise.all([listConnections(deps.database.db, tenantId), listLocations(deps.database.db, tenantId)]);
  return connections.map((c) => toView(c, locations.filter((l) => l.connectionId === c.id).map((l) => l.id)));
}

async function viewOf(deps: SyncDeps, c: Connection): Promise<ConnectionView> {
  const locations = await listLocations(deps.database.db, c.tenantId);
  return toView(c, locations.filter((l) => l.connectionId === c.id).map((l) => l.id));
}

function toView(c: Connection, locationIds: string[]): ConnectionView {
  return {
    id: c.id, environment: c.environment, realmId: c.realmId, companyName: c.companyName, status: c.status, statusReason: c.statusReason,
    initializedAt: c.initializedAt?.toISOString() ?? null, setupReport: readReport(c.setupReport), locationIds,
  };
}
