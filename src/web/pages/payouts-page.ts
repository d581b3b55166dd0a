/**
 * The Payouts page (issue 15 item 4; records-format.md: "per clearing account, what went in
 * (tenders) and what came out (payouts): the balance left is what is still in transit, and an
 * old balance is a problem to look at"):
 *
 *   GET  /payouts?processor=   warnings first, then each processor with payouts turned on: its
 *                              clearing balance by date, and its payouts with their Deposits
 *   POST /payouts/delay        set a processor's usual delay between a sale and its payout
 *   POST /payouts/repost       "Repost this payout" (one skipped, or changed in QuickBooks)
 *
 * Each action ends in a redirect with a message (a reload never repeats it).
 */
import type { FastifyInstance } from 'fastify';
import { MAX_USUAL_DELAY_DAYS } from '../../domain/clearing-balance.js';
import type { ClearingOverview } from '../../sync/index.js';
import { sessionOf } from '../session/guards.js';
import { describeFailure } from './failures.js';
import { field, flash, sendHtml, signedInLayout } from './page-kit.js';
import type { PageKit } from './page-kit.js';

const STATE_WORDS: Record<string, { words: string; badge: string }> = {
  pending: { words: 'waiting to post', badge: 'pending' }, posting: { words: 'posting', badge: 'posting' }, posted: { words: 'posted', badge: 'posted' },
  skipped: { words: 'skipped', badge: 'skipped' }, changed: { words: 'changed in QuickBooks', badge: 'skipped' },
};

export interface PayoutsPageView {
  overview: ClearingOverview;
  chosen: string;
  maxDelay: number;
  warnings: { processor: string; kind: string; message: string; anchor: string }[];
  states: typeof STATE_WORDS;
}

export const processorAnchor = (name: string, connectionId: number): string => `processor-${connectionId}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

export function payoutsPage(app: FastifyInstance, kit: PageKit): void {
  app.get<{ Querystring: { processor?: string | string[] } }>('/payouts', async (request, reply) => {
    const tenantId = sessionOf(request).user.tenantId;
    const chosen = [request.query.processor].flat()[0]?.trim() ?? '';
    const all = await kit.deps.sync.payouts.clearing(tenantId);
    const overview = chosen === '' ? all : { ...all, processors: all.processors.filter((p) => p.processor.toLowerCase() === chosen.toLowerCase()) };
    const warnings = overview.processors.flatMap((p) => p.warnings.map((w) => ({
      processor: p.processor, kind: w.kind, message: w.message, anchor: processorAnchor(p.processor, p.connectionId),
    })));
    const page: PayoutsPageView = { overview, chosen, maxDelay: MAX_USUAL_DELAY_DAYS, warnings, states: STATE_WORDS };
    const layout = signedInLayout(kit, request, reply, 'Payouts', 'payouts');
    return sendHtml(reply, 200, kit.render('payouts', { ...layout, styles: ['payouts.css'], page, processors: all.processors.map((p) => p.processor) }));
  });

  app.post('/payouts/delay', async (request, reply) => {
    const processor = field(request, 'processor');
    const days = field(request, 'days').trim();
    const back = `/payouts${processor ? `#${processorAnchor(processor, Number(field(request, 'connection')) || 0)}` : ''}`;
    try {
      if (!/^\d{1,3}$/.test(days)) throw new Error(`the usual delay "${days}" is not a whole number of days from 0 to ${MAX_USUAL_DELAY_DAYS}`);
      const r = await kit.deps.sync.payouts.setUsualDelay(sessionOf(request).user.tenantId, processor, Number(days), sessionOf(request).user.email);
      flash(kit, request, reply, { kind: 'success', text: `Saved: ${r.processor} usually pays out within ${r.usualDelayDays} days.` });
    } catch (err) {
      flash(kit, request, reply, { kind: 'error', text: `The usual delay was not saved: ${describeFailure(err)}` });
    }
    return reply.redirect(back, 303);
  });

  app.post('/payouts/repost', async (request, reply) => {
    const processor = field(request, 'processor');
    const id = field(request, 'id');
    try {
      const r = await kit.deps.sync.payouts.repost(sessionOf(request).user.tenantId, id, processor);
      flash(kit, request, reply, { kind: 'success', text: `Payout ${processor}/${id} is posted again${r.runId === null ? ' by the next run' : ` by run ${r.runId}`}: its Deposit takes the payout's figures.` });
    } catch (err) {
      flash(kit, request, reply, { kind: 'error', text: `Payout ${processor}/${id} was not reposted: ${describeFailure(err)}` });
    }
    return reply.redirect(`/payouts#payout-${encodeURIComponent(id)}`, 303);
  });
}
