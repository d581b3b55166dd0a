/**
 * One attempt to deliver a notification: a POST of the raw body with its signature, which fails
 * on an answer other than 2xx, a network error, or no answer within `answerWithinMs` of the
 * simulator's clock (a manual clock must be moved for that to happen; a scaled one shortens it).
 */
import { createHmac } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { WebhookDelivery } from './types.js';

export type Attempt = WebhookDelivery['attempts'][number];

export function signatureOf(body: string, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(body, 'utf8').digest('base64');
}

export function acknowledged(attempt: Attempt): boolean {
  return attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;
}

export async function postNotification(d: WebhookDelivery, clock: Clock, answerWithinMs: number, stop: AbortSignal): Promise<Attempt> {
  const at = clock.now();
  const request = new AbortController();
  const timer = new AbortController();
  const answered = fetch(d.url, {
    method: 'POST', body: d.body, signal: AbortSignal.any([request.signal, stop]),
    headers: { 'content-type': 'application/json', 'intuit-signature': d.signature },
  }).then(async (res) => {
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status };
  }, (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
  const late = clock.sleep(answerWithinMs, AbortSignal.any([timer.signal, stop]))
    .then(() => ({ error: `no answer within ${answerWithinMs} ms` }), () => undefined);
  const outcome = (await Promise.race([answered, late])) ?? (await answered);
  request.abort();
  timer.abort();
  return { at, ...outcome };
}
