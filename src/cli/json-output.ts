/**
 * What `--json` prints: one JSON document a command, for scripts (`tillbooks status --json | jq`).
 * Each shape is a zod schema, checked before printing (a command never prints what its schema
 * does not promise) and by the tests that run the real bin. Money is a decimal string, as at
 * every edge; times are ISO 8601 in UTC (the human output shows them in the location's zone).
 */
import { z } from 'zod';
import { ATTENTION_KINDS } from '../domain/attention.js';
import { TICKET_STATES } from '../domain/ticket-outcomes.js';

const money = z.string().regex(/^-?\d+\.\d{2}$/);
const isoTime = z.iso.datetime({ offset: true });
const date = z.iso.date();

export const locationJson = z.object({
  id: z.string(), name: z.string(), timeZone: z.string(), enabled: z.boolean(), syncTime: z.string(), syncTimeZone: z.string(),
  syncStartDate: date.nullable(), connectionId: z.number().int().nullable(),
});

export const runJson = z.object({
  id: z.number().int(), connectionId: z.number().int().nullable(), locationId: z.string().nullable(),
  trigger: z.enum(['schedule', 'manual', 'resync', 'remap', 'drift', 'cdc', 'undo', 'repost']), status: z.enum(['queued', 'running', 'finished', 'failed', 'stopped']),
  queuedAt: isoTime, startedAt: isoTime.nullable(), finishedAt: isoTime.nullable(), error: z.string().nullable(), quotaBlocked: z.boolean(),
  total: z.number().int(), done: z.number().int(), posted: z.number().int(), skipped: z.number().int(), pending: z.number().int(),
  voided: z.number().int(), httpRequests: z.number().int(),
});

export const statusJson = z.object({
  tenant: z.string(),
  connections: z.array(z.object({
    id: z.number().int(), environment: z.string(), realmId: z.string(), companyName: z.string().nullable(),
    status: z.enum(['connected', 'reconnect_needed', 'disconnected']), statusReason: z.string().nullable(), initializedAt: isoTime.nullable(),
    locationIds: z.array(z.string()),
  })),
  usage: z.object({
    month: z.string().regex(/^\d{4}-\d{2}$/), reads: z.number().int(), budget: z.number().int(), share: z.number(), warning: z.boolean(),
    companies: z.array(z.object({ connectionId: z.number().int(), realmId: z.string(), companyName: z.string().nullable(),
      reads: z.number().int(), writes: z.number().int(), quotaBlockedAt: isoTime.nullable() })),
  }),
  locations: z.array(locationJson.extend({
    nextRun: isoTime.nullable(),
    /** Pending tickets not counted: those dated before the sync start date, never posted. */
    tickets: z.array(z.object({ state: z.enum(TICKET_STATES), tickets: z.number().int(), amount: money })),
    beforeStartDate: z.object({ tickets: z.number().int(), amount: money }).nullable(),
  })),
  runs: z.array(runJson),
  errors: z.array(z.object({
    state: z.string(), locationId: z.string(), ticketId: z.string(), version: z.number().int(), businessDate: date, amount: money,
    error: z.object({ code: z.string(), qboCode: z.string().optional(), message: z.string(), hint: z.string(), at: z.string() }),
  })),
});

export const runsJson = z.object({ runs: z.array(runJson) });

export const reconcileJson = z.object({
  from: date, to: date, connectionId: z.number().int(), tickets: z.number().int(), matches: z.boolean(), problems: z.array(z.string()),
  rows: z.array(z.object({ date, locationId: z.string(), className: z.string(), measure: z.string(), pos: money, quickBooks: money, difference: money })),
});

export const locationsJson = z.object({ locations: z.array(locationJson) });

export const apiKeysJson = z.object({
  keys: z.array(z.object({ prefix: z.string(), name: z.string(), createdAt: isoTime, revokedAt: isoTime.nullable() })),
});

/** `tillbooks tickets --json`: one page of tickets, newest business date first; `more` when the limit cut the list. */
export const ticketsJson = z.object({
  tickets: z.array(z.object({
    locationId: z.string(), ticketId: z.string(), version: z.number().int(), businessDate: date, amount: money, state: z.enum(TICKET_STATES),
    quickBooksNumber: z.string().nullable(),
    /** Why it needs a person (refused, setup, mapping, connection, quota), null when it does not. */
    needsAttention: z.enum(ATTENTION_KINDS).nullable(),
    error: z.object({ kind: z.string(), code: z.string(), qboCode: z.string().optional(), message: z.string(), hint: z.string(), at: z.string() }).nullable(),
  })),
  more: z.boolean(),
});

/** Checks `value` against what the command promises, then prints it. */
export function printJson<T>(schema: z.ZodType<T>, value: T): void {
  console.log(JSON.stringify(schema.parse(value), null, 2));
}

const dayStates = z.enum(['open', 'ready', 'posting', 'posted', 'out-of-date', 'skipped', 'changed-in-qbo']);

/** `tillbooks days --json`: per location its mode and days, POS totals as money, documents and the reconciliation read back. */
export const daysJson = z.object({
  locations: z.array(z.object({
    locationId: z.string(), timeZone: z.string(), today: date,
    mode: z.enum(['line-by-line', 'summary']), summaryFrom: date.nullable(),
    readBack: z.object({ done: z.boolean(), error: z.string().nullable() }),
    days: z.array(z.object({
      date, state: dayStates, stateWords: z.string(), revision: z.number().int(), reason: z.string().nullable(), tickets: z.number().int(),
      totals: z.record(z.string(), money).nullable(), tenders: z.array(z.object({ name: z.string(), amount: money })),
      documents: z.array(z.object({
        kind: z.string(), entity: z.string(), id: z.string(), docNumber: z.string(), revision: z.number().int(), url: z.string(),
      })),
      reconciliation: z.object({
        matches: z.boolean(), rows: z.array(z.object({ group: z.string(), pos: money, quickBooks: money, difference: money })),
      }).nullable(),
    })),
  })),
});

/** `tillbooks days --location L --history D --json`: the day's history, oldest first (issues 14 and 16). */
export const dayHistoryJson = z.object({
  locationId: z.string(), date,
  events: z.array(z.object({
    at: z.string(), runId: z.number().int().nullable(), revision: z.number().int(), kind: z.string(), words: z.string(),
    outcome: z.string().nullable(), reason: z.string().nullable(), by: z.string().nullable(),
    documents: z.array(z.object({ kind: z.string(), entity: z.string(), id: z.string() })),
  })),
});

/** `tillbooks mode --json`: what switching does, and whether it was saved. */
export const modeJson = z.object({
  locationId: z.string(), mode: z.enum(['line-by-line', 'summary']), from: date, saved: z.boolean(),
  effects: z.array(z.string()), problems: z.array(z.string()),
});

/** `tillbooks payouts clearing --json`: the API's own schema (GET /api/v1/payouts/clearing). */
export { clearingJson } from '../sync/index.js';
