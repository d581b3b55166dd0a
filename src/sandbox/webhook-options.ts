/** Webhook settings from outside (options, an HTTP body), checked; a TypeError names the bad field. */
import type { WebhookEndpoint, WebhookFaults, WebhookOptions } from './types.js';
import { DEFAULT_WEBHOOK_OPTIONS } from './webhooks.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const duration = (key: string, v: unknown): number => {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new TypeError(`${key} must be a number of milliseconds >= 0`);
  return v;
};

export function parseWebhookOptions(input: unknown = {}): WebhookOptions {
  if (!isObject(input)) throw new TypeError('webhooks must be an object');
  const out: WebhookOptions = { ...DEFAULT_WEBHOOK_OPTIONS };
  for (const [key, value] of Object.entries(input)) {
    if (key === 'batchWindowMs' || key === 'answerWithinMs') out[key] = duration(key, value);
    else if (key === 'retryDelaysMs') {
      if (!Array.isArray(value)) throw new TypeError('retryDelaysMs must be an array of milliseconds');
      out.retryDelaysMs = value.map((v, i) => duration(`retryDelaysMs[${i}]`, v));
    } else throw new TypeError(`unknown webhook option ${key}`);
  }
  return out;
}

export function parseWebhookFaults(input: unknown): Partial<WebhookFaults> {
  if (!isObject(input)) throw new TypeError('webhook faults must be a JSON object');
  const out: Partial<WebhookFaults> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'dropRate' || key === 'duplicateRate') {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new TypeError(`${key} must be a number from 0 to 1`);
      out[key] = value;
    } else if (key === 'reorder') {
      if (typeof value !== 'boolean') throw new TypeError('reorder must be true or false');
      out.reorder = value;
    } else throw new TypeError(`unknown webhook fault ${key}`);
  }
  return out;
}

export function parseWebhookEndpoint(input: unknown): WebhookEndpoint {
  if (!isObject(input)) throw new TypeError('a webhook endpoint is { url, verifierToken }');
  const { url, verifierToken } = input;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new TypeError('url must be an http(s) URL');
  if (typeof verifierToken !== 'string' || verifierToken === '') throw new TypeError('verifierToken must be a non-empty string');
  return { url, verifierToken };
}
