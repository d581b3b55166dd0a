/**
 * Webhooks, as Intuit's webhooks page and its 2025 CloudEvents notice describe them: every create, update, delete and void of a transaction or name-list
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
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as realSleep } from 'node:timers/promises';
import type { Clock } from '../lib/clock.js';
import type { Random } from './random.js';
import type { CloudEvent, OAuthApp, WebhookDelivery, WebhookFaults, WebhookOptions } from './types.js';
import { acknowledged, postNotification, signatureOf } from './webhook-post.js';

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
  retryDelaysMs: [10 * SECOND, 20 * SECOND, 30 * SECOND, 5 * 60 * SECOND, 20 * 60 * SECOND, 2 * HOUR, 4 * HOUR,
    6 * HOUR, 6 * HOUR, 6 * HOUR, 6 * HOUR, 6 * HOUR],
};
const NO_WEBHOOK_FAULTS: WebhookFaults = { dropRate: 0, duplicateRate: 0, reorder: false };
/** The log keeps this many notifications (a long benchmark must not grow without bound). */
const LOG_LIMIT = 10_000;

interface AppQueue {
  gathered: CloudEvent[];
  window?: AbortController;
  waiting: WebhookDelivery[];
  /** The notification being sent (or waiting for its retry). */
  current?: WebhookDelivery;
  worker?: Promise<void>;
}

/**
 * The dispatcher's stop: every delivery waiting out a retry listens to it, so more than Node's
 * default of ten listeners is many deliveries at once, not a leak (each sleep leaves it when it ends).
 */
function stopSignal(): AbortController {
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  return stop;
}

class Dispatcher implements WebhookDispatcher {
  private readonly queues = new Map<string, AppQueue>();
  private log: WebhookDelivery[] = [];
  private faults: WebhookFaults = { ...NO_WEBHOOK_FAULTS };
  private stopping = stopSignal();
  private attemptsInFlight = 0;

  constructor(private readonly deps: WebhookDeps) {}

  notify(change: EntityChange): void {
    if (!this.deps.apps.some((a) => a.webhook)) return;
    for (const clientId of this.deps.connectedClients(change.realmId)) {
      if (!this.deps.apps.find((a) => a.clientId === clientId)?.webhook) continue;
      this.gather(clientId, {
        specversion: '1.0', id: randomUUID(), source: `intuit.quickbooks.simulator/${clientId}`,
        type: `qbo.${change.entity.toLowerCase()}.${change.operation}.v1`, datacontenttype: 'application/json',
        time: new Date(this.deps.clock.now()).toISOString(), intuitentityid: change.id, intuitaccountid: change.realmId, data: {},
      });
    }
  }

  deliveries(filter: { realmId?: string; state?: WebhookDelivery['state'] } = {}): WebhookDelivery[] {
    return this.log
      .filter((d) => filter.state === undefined || d.state === filter.state)
      .filter((d) => filter.realmId === undefined || d.events.some((e) => e.intuitaccountid === filter.realmId))
      .map((d) => structuredClone(d));
  }

  setFaults(changes: Partial<WebhookFaults>): void {
    this.faults = { ...this.faults, ...changes };
  }

  async flush(): Promise<void> {
    for (const clientId of this.queues.keys()) this.seal(clientId);
    // Real time, briefly: until each app's notification at the head had an attempt and none is on the wire
    // (one waiting for its retry holds the others back, as at Intuit).
    for (let i = 0; i < 2000; i += 1) {
      const unattempted = [...this.queues.values()].some((q) => (q.current ?? q.waiting[0])?.attempts.length === 0);
      if (!unattempted && this.attemptsInFlight === 0) return;
      await realSleep(5);
    }
  }

  reset(): void {
    this.stop();
    this.stopping = stopSignal();
    this.queues.clear();
    this.log = [];
    this.faults = { ...NO_WEBHOOK_FAULTS };
  }

  stop(): void {
    this.stopping.abort();
  }

  private queueOf(clientId: string): AppQueue {
    let q = this.queues.get(clientId);
    if (!q) this.queues.set(clientId, (q = { gathered: [], waiting: [] }));
    return q;
  }

  private gather(clientId: string, event: CloudEvent): void {
    const q = this.queueOf(clientId);
    q.gathered.push(event);
    if (q.window) return;
    const window = new AbortController();
    q.window = window;
    this.deps.clock.sleep(this.deps.options.batchWindowMs, AbortSignal.any([window.signal, this.stopping.signal])).then(() => {
      if (q.window === window) this.seal(clientId);
    }, () => undefined);
  }

  /** Turns the changes gathered for an app into one notification, and queues it (or loses it: the fault). */
  private seal(clientId: string): void {
    const q = this.queueOf(clientId);
    q.window?.abort();
    q.window = undefined;
    const endpoint = this.deps.apps.find((a) => a.clientId === clientId)?.webhook;
    const events = this.faults.reorder ? [...q.gathered].reverse() : q.gathered;
    q.gathered = [];
    if (!endpoint || events.length === 0) return;
    const body = JSON.stringify(events);
    const d: WebhookDelivery = {
      id: randomUUID(), clientId, url: endpoint.url, state: 'pending', events, body,
      signature: signatureOf(body, endpoint.verifierToken), attempts: [],
    };
    this.log.push(d);
    if (this.log.length > LOG_LIMIT) this.log = this.log.slice(-LOG_LIMIT);
    if (this.deps.random.chance(this.faults.dropRate)) {
      d.state = 'dropped';
      return;
    }
    if (this.faults.reorder) q.waiting.unshift(d);
    else q.waiting.push(d);
    this.work(clientId);
  }

  /** One sender per app, in order: the next notification waits until this one is acknowledged or given up. */
  private work(clientId: string): void {
    const q = this.queueOf(clientId);
    if (q.worker) return;
    q.worker = (async () => {
      for (let next = q.waiting.shift(); next; next = q.waiting.shift()) {
        q.current = next;
        await this.deliver(next);
      }
    })().finally(() => {
      q.worker = undefined;
      q.current = undefined;
      if (q.waiting.length > 0 && !this.stopping.signal.aborted) this.work(clientId);
    });
  }

  private async attempt(d: WebhookDelivery): Promise<WebhookDelivery['attempts'][number]> {
    this.attemptsInFlight += 1;
    try {
      return await postNotification(d, this.deps.clock, this.deps.options.answerWithinMs, this.stopping.signal);
    } finally {
      this.attemptsInFlight -= 1;
    }
  }

  /** Sends one notification until it is acknowledged or its retries run out. */
  private async deliver(d: WebhookDelivery): Promise<void> {
    for (let retry = 0; !this.stopping.signal.aborted; retry += 1) {
      const result = await this.attempt(d);
      d.attempts.push(result);
      const wait = this.deps.options.retryDelaysMs[retry];
      if (acknowledged(result) || wait === undefined) {
        d.state = acknowledged(result) ? 'delivered' : 'failed';
        delete d.nextAttemptAt;
        if (d.state === 'delivered' && this.deps.random.chance(this.faults.duplicateRate)) d.attempts.push({ ...(await this.attempt(d)), duplicate: true });
        return;
      }
      d.nextAttemptAt = this.deps.clock.now() + wait;
      try {
        await this.deps.clock.sleep(wait, this.stopping.signal);
      } catch {
        return;
      }
    }
  }
}

export function makeWebhookDispatcher(deps: WebhookDeps): WebhookDispatcher {
  return new Dispatcher(deps);
}
