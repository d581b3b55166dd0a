/**
 * The batches of one step sent together (issue 17): up to PIPELINE_DEPTH in flight for the
 * page, the company's limiter deciding the pace and the requests in flight (10), so QuickBooks'
 * latency overlaps instead of adding up. A step's operations are independent by construction
 * (plan-ops.ts: whatever depends on another goes in a later step), so their batches may be
 * answered in any order. Each batch still saves its facts and settles its journal entries on
 * its own (batch.ts), through persist's one-at-a-time chain, so a crash loses at most the
 * answers of the batches in flight - which the journal holds, to be looked up on resume.
 */
import { runBatch } from './batch.js';
import type { PageContext } from './page.js';
import type { Op } from './plan-ops.js';
import { isOpen } from './work-ticket.js';
import type { WorkTicket } from './work-ticket.js';

/** QuickBooks' requests in flight per company; the limiter enforces it, this bounds what waits on it (deps.pipelineDepth asks for up to this). */
export const PIPELINE_DEPTH = 10;

export async function sendStep(ctx: PageContext, items: readonly { w: WorkTicket; op: Op }[], batchItems: number): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { err: unknown } | null = null;
  for (let i = 0; i < items.length && failure === null; i += batchItems) {
    // Stopping between batches, not pages: a page at QuickBooks' pace takes minutes (issue 20).
    if (ctx.stopRequested()) break;
    // A ticket refused in an answered batch of this step sends nothing more.
    const batch = items.slice(i, i + batchItems).filter((item) => isOpen(item.w));
    if (batch.length === 0) continue;
    while (running.size >= Math.min(ctx.deps.pipelineDepth ?? 1, PIPELINE_DEPTH)) await Promise.race(running);
    const sent: Promise<void> = runBatch(ctx, batch)
      .catch((err: unknown) => { failure ??= { err }; })
      .finally(() => running.delete(sent));
    running.add(sent);
  }
  // Every batch sent is answered and its facts saved before the step ends or fails.
  await Promise.all(running);
  if (failure !== null) throw (failure as { err: unknown }).err;
}
