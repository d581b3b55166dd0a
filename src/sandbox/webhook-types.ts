/** The webhook part of the simulator's public contract (re-exported by types.ts). */

export interface WebhookEndpoint {
  url: string;
  /** The app's verifier token: intuit-signature = base64(HMAC-SHA256(raw body, this)). */
  verifierToken: string;
}

/** Times are the simulator's clock (scaled or manual clocks shorten them). */
export interface WebhookOptions {
  /** Changes are gathered this long before one notification carries them; default 1,000 ms. */
  batchWindowMs: number;
  /** An attempt without an answer within this long fails; default 3,000 ms. */
  answerWithinMs: number;
  /** The waits before each retry; default 10 s, 20 s, 30 s, 5 min, 20 min, 2 h, 4 h, 6 h, then 6 h four more times. */
  retryDelaysMs: number[];
}

/** Faults of delivery, for tests of a product's webhook handling. */
export interface WebhookFaults {
  /** 0..1: a notification is lost (never sent, never retried): only a CDC read finds the change. */
  dropRate: number;
  /** 0..1: a delivered notification is sent a second time, byte for byte (at-least-once). */
  duplicateRate: number;
  /** Notifications waiting are sent newest first, and the events inside each in reverse order. */
  reorder: boolean;
}

/** One change, as Intuit's CloudEvents webhook format carries it (quickbooks-facts §14). */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  /** e.g. qbo.invoice.created.v1 (created, updated, deleted, voided). */
  type: string;
  datacontenttype: 'application/json';
  time: string;
  intuitentityid: string;
  intuitaccountid: string;
  data: Record<string, unknown>;
}

export interface WebhookDelivery {
  id: string;
  clientId: string;
  url: string;
  state: 'pending' | 'delivered' | 'failed' | 'dropped';
  events: CloudEvent[];
  /** The raw body sent, and its intuit-signature header. */
  body: string;
  signature: string;
  /** Clock times; status when an answer came, error otherwise; duplicate marks a fault-injected second send. */
  attempts: { at: number; status?: number; error?: string; duplicate?: boolean }[];
  nextAttemptAt?: number;
}
