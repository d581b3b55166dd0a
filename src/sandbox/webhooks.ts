/**
 * Webhooks (notes §7 and §11): every create, update, delete and void of a transaction or name-list
 * record of a company is sent to the webhook endpoint of each app the company is connected to
 * (a grant not revoked), as a CloudEvents array signed with the app's verifier token
 * (`intuit-signature` = base64 HMAC-SHA256 of the raw body).
 *
 * Delivery, on the simulator's clock: changes are gathered for a short window (1 s) into one
 * notification per app; an answer other than 2xx, or none within 3 s, is retried after 10 s,
 * 20 s, 30 s, 5 min, 20 min, 2 h, 4 h, 6 h, then every 6 h four more times, then given up.
 * At least once: a notification waiting for its retry holds back the later ones of its app
 * (Intuit: "later events may wait until the first is acknowledged"). UNCONFIRMED details, chosen:
 * `data` is empty (fetch the record, as Intuit advises); making a name-list record inactive is an
 * `updated` event; a payment's side effect on its invoice (a new SyncToken) sends no event of its own.
 * Faults (tests): lost notifications, duplicates, reordering.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { setTimeout as realSleep } from 'node:timers/promises';
import type { Clock } from '../lib/clock.js';
import type { Random } from './random.js';
import type { CloudEvent, OAuthApp, WebhookDelivery, WebhookFaults, WebhookOptions } from './types.js';

export type ChangeOperation = 'created' | 'updated' | 'deleted' | 'voided';

export interface EntityChange {
  realmId: string;
  entity: string;
  id: string;
  operation: ChangeOperation;
}

export interface WebhookDispatcher {
  notify(change: EntityChange): void;
  deliveries(filter?: { realmId?: string; state?: WebhookDelivery['state'] }): WebhookDelivery[];
  setFaults(faults: Partial<WebhookFaults>): void;
  flush(): Promise<void>;
  /** Forgets gathered changes, waiting notifications and the log (sim.reset()). */
  reset(): void;
  /** Stops every timer and attempt (sim.close()). */
  stop(): void;
}

export interface WebhookDeps {
  clock: Clock;
  apps: OAuthApp[];
  connectedClients(realmId: string): string[];
  random: Random;
  options: WebhookOptions;
}

const SECOND = 1000;
const HOUR = 3600 * SECOND;
export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  batchWindowMs: SECOND,
  answerWithinMs: 3 * SECOND,
  retryDelaysMs: [10 * SECOND, 20 * SECOND, 30 * SECOND, 5 * 60 * SECOND, 20 * 60 * SECOND, 2 * HOUR, 4 * HOUR, 6 * HOUR, 6 * HOUR, 6 * HOUR, 6 * HOUR, 6 * HOUR],
};
const NO_WEBHOOK_FAULTS: WebhookFaults = { dropRate: 0, duplicateRate: 0, reorder: false };
/** The log keeps this many notifications (a long benchmark must not grow without bound). */
const LOG_LIMIT = 10_000;

export function signatureOf(body: string, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(body, 'utf8').digest('base64');
}

interface AppQueue {
  gathered: CloudEvent[];
  window?: AbortController;
  waiting: WebhookDelivery[];
  /** The notification being sent (or waiting for its retry). */
  current?: WebhookDelivery;
  worker?: Promise<void>;
}

type Attempt = WebhookDelivery['attempts'][number];

export function makeWebhookDispatcher(deps: WebhookDeps): WebhookDispatcher {
  const { clock, options } = deps;
  const queues = new Map<string, AppQueue>();
  let log: WebhookDelivery[] = [];
  let faults: WebhookFaults = { ...NO_WEBHOOK_FAULTS };
  let stopping = new AbortController();
  let attemptsInFlight = 0;
  const queueOf = (clientId: string) => {
    let q = queues.get(clientId);
    if (!q) queues.set(clientId, (q = { gathered: [], waiting: [] }));
    return q;
  };

  async function attempt(d: WebhookDelivery, duplicate: boolean): Promise<Attempt> {
    const at = clock.now();
    const request = new AbortController();
    const timer = new AbortController();
    attemptsInFlight += 1;
    try {
      const answered = fetch(d.url, {
        method: 'POST', body: d.body, signal: AbortSignal.any([request.signal, stopping.signal]),
        headers: { 'content-type': 'application/json', 'intuit-signature': d.signature },
      }).then(async (res) => {
        await res.arrayBuffer().catch(() => undefined);
        return { status: res.status };
      }, (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
      const late = clock.sleep(options.answerWithinMs, AbortSignal.any([timer.signal, stopping.signal]))
        .then(() => ({ error: `no answer within ${options.answerWithinMs} ms` }), () => undefined);
      const outcome = (await Promise.race([answered, late])) ?? (await answered);
      request.abort();
      timer.abort();
      return { at, ...outcome, ...(duplicate ? { duplicate: true } : {}) };
    } finally {
      attemptsInFlight -= 1;
    }
  }

  /** Sends one notification until it is acknowledged or its retries run out. */
  async function deliver(d: WebhookDelivery): Promise<void> {
    for (let retry = 0; ; retry += 1) {
      if (stopping.signal.aborted) return;
      const result = await attempt(d, false);
      d.attempts.push(result);
      if (result.status !== undefined && result.status >= 200 && result.status < 300) {
        d.state = 'delivered';
        delete d.nextAttemptAt;
        if (deps.random.chance(faults.duplicateRate)) d.attempts.push(await attempt(d, true));
        return;
      }
      const wait = options.retryDelaysMs[retry];
      if (wait === undefined) {
        d.state = 'failed';
        delete d.nextAttemptAt;
        return;
      }
      d.nextAttemptAt = clock.now() + wait;
      try {
        await clock.sleep(wait, stopping.signal);
      } catch {
        return;
      }
    }
  }

  function work(clientId: string): void {
    const q = queueOf(clientId);
    if (q.worker) return;
    q.worker = (async () => {
      for (let next = q.waiting.shift(); next; next = q.waiting.shift()) {
        q.current = next;
        await deliver(next);
      }
    })().finally(() => {
      q.worker = undefined;
      q.current = undefined;
      if (q.waiting.length > 0 && !stopping.signal.aborted) work(clientId);
    });
  }

  /** Turns the changes gathered for an app into one notification. */
  function seal(clientId: string): void {
    const q = queueOf(clientId);
    q.window?.abort();
    q.window = undefined;
    const endpoint = deps.apps.find((a) => a.clientId === clientId)?.webhook;
    const events = faults.reorder ? [...q.gathered].reverse() : q.gathered;
    q.gathered = [];
    if (!endpoint || events.length === 0) return;
    const body = JSON.stringify(events);
    const d: WebhookDelivery = {
      id: randomUUID(), clientId, url: endpoint.url, state: 'pending', events, body,
      signature: signatureOf(body, endpoint.verifierToken), attempts: [],
    };
    log.push(d);
    if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT);
    if (deps.random.chance(faults.dropRate)) {
      d.state = 'dropped';
      return;
    }
    if (faults.reorder) q.waiting.unshift(d);
    else q.waiting.push(d);
    work(clientId);
  }

  function gather(clientId: string, event: CloudEvent): void {
    const q = queueOf(clientId);
    q.gathered.push(event);
    if (q.window) return;
    const window = new AbortController();
    q.window = window;
    clock.sleep(options.batchWindowMs, AbortSignal.any([window.signal, stopping.signal])).then(() => {
      if (q.window === window) seal(clientId);
    }, () => undefined);
  }

  return {
    notify(change) {
      if (!deps.apps.some((a) => a.webhook)) return;
      for (const clientId of deps.connectedClients(change.realmId)) {
        if (!deps.apps.find((a) => a.clientId === clientId)?.webhook) continue;
        gather(clientId, {
          specversion: '1.0', id: randomUUID(), source: `intuit.quickbooks.simulator/${clientId}`,
          type: `qbo.${change.entity.toLowerCase()}.${change.operation}.v1`, datacontenttype: 'application/json',
          time: new Date(clock.now()).toISOString(), intuitentityid: change.id, intuitaccountid: change.realmId, data: {},
        });
      }
    },
    deliveries(filter = {}) {
      return log
        .filter((d) => filter.state === undefined || d.state === filter.state)
        .filter((d) => filter.realmId === undefined || d.events.some((e) => e.intuitaccountid === filter.realmId))
        .map((d) => structuredClone(d));
    },
    setFaults(changes) {
      faults = { ...faults, ...changes };
    },
    async flush() {
      for (const clientId of queues.keys()) seal(clientId);
      // Real time, briefly: until each app's notification at the head had an attempt and none is on the wire
      // (one waiting for its retry holds the others back, as at Intuit).
      for (let i = 0; i < 2000; i += 1) {
        const unattempted = [...queues.values()].some((q) => (q.current ?? q.waiting[0])?.attempts.length === 0);
        if (!unattempted && attemptsInFlight === 0) return;
        await realSleep(5);
      }
    },
    reset() {
      stopping.abort();
      stopping = new AbortController();
      queues.clear();
      log = [];
      faults = { ...NO_WEBHOOK_FAULTS };
    },
    stop() {
      stopping.abort();
    },
  };
}
