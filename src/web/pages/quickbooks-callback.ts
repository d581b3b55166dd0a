/**
 * GET /quickbooks/callback: where QuickBooks (or the simulator's consent page) sends the
 * browser back. The sync exchanges the code; the page only says how it went. The callback
 * sits behind the sign-in guard and completes only a connection this session started (the
 * state is bound to the tenant and session): another account's, another browser's or a
 * `tillbooks connect` callback is refused before anything is exchanged or stored, and left
 * for its starter - the refusal is shown in place, so its address can be copied to the CLI.
 */
import type { FastifyInstance } from 'fastify';
import { isServiceError } from '../../sync/index.js';
import { safeLocalPath, sessionOf } from '../session/guards.js';
import { flash, renderErrorPage } from './page-kit.js';
import type { PageKit } from './page-kit.js';
import { describeFailure } from './failures.js';

const CANCELLED: Record<string, string> = {
  access_denied: 'The connection was cancelled in QuickBooks; nothing changed.',
};

export function quickbooksCallback(app: FastifyInstance, kit: PageKit): void {
  app.get('/quickbooks/callback', async (request, reply) => {
    const session = sessionOf(request);
    const tenantId = session.user.tenantId;
    const params = stringParams(request.query);
    if (params.error) {
      flash(kit, request, reply, { kind: 'error', text: CANCELLED[params.error] ?? `QuickBooks did not connect (${params.error}${params.error_description ? `: ${params.error_description}` : ''}).` });
      return reply.redirect('/quickbooks', 303);
    }
    try {
      const result = await kit.deps.sync.completeConnect(params, { tenantId, binding: session.id });
      const fallback = result.locationId ? `/quickbooks?location=${encodeURIComponent(result.locationId)}` : '/quickbooks';
      const company = result.connection.companyName ?? result.connection.realmId;
      flash(kit, request, reply, {
        kind: 'success',
        text: `Connected to QuickBooks company ${company}.${result.connection.initializedAt ? '' : ' Next: press Initialize.'}`,
      });
      return reply.redirect(safeLocalPath(result.returnTo, fallback, '/quickbooks'), 303);
    } catch (err) {
      if (isServiceError(err) && err.code === 'CONNECT_ELSEWHERE') {
        return renderErrorPage(kit, request, reply, 403, 'Started elsewhere',
          'This QuickBooks connection was started by another account, in another browser or by the tillbooks connect command, so it was not completed here and nothing was saved. If tillbooks connect is waiting for it, copy this page\'s address into that terminal; otherwise press Connect again on the QuickBooks page.');
      }
      request.log.warn({ err }, 'QuickBooks callback failed');
      flash(kit, request, reply, { kind: 'error', text: `QuickBooks did not connect: ${describeFailure(err)}` });
      return reply.redirect('/quickbooks', 303);
    }
  });
}

function stringParams(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string') out[k] = v;
  return out;
}
