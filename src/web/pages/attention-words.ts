/**
 * Each reason a ticket needs a person (domain/attention.ts), in the owner's words: what
 * happened, what to do, and where to do it. The dashboard, the Tickets page's "Needs attention"
 * and the navigation's badge all read these, so one reason reads the same everywhere.
 */
import type { FastifyRequest } from 'fastify';
import { ATTENTION_KINDS } from '../../domain/attention.js';
import type { AttentionKind } from '../../domain/attention.js';

export interface AttentionWords {
  title: string;
  why: string;
  action: string;
  /** Where the action is done (the location, when known, is added by `actionHref`). */
  where: 'tickets' | 'quickbooks' | 'mapping' | null;
  actionLabel: string;
}

export const ATTENTION_WORDS: Record<AttentionKind, AttentionWords> = {
  validation: {
    title: 'Refused by QuickBooks',
    why: 'QuickBooks refused a document (a closed books period, a number already used, an amount it will not take…); each ticket shows what QuickBooks said.',
    action: 'Fix what QuickBooks names, then resync the tickets.', where: 'tickets', actionLabel: 'See the tickets and resync',
  },
  setup: {
    title: 'A QuickBooks record is missing',
    why: 'A customer, item, tax code or payment method tillbooks posts with is missing or inactive in QuickBooks.',
    action: 'Run Initialize again on the QuickBooks page, then resync the tickets.', where: 'quickbooks', actionLabel: 'Open the QuickBooks page',
  },
  mapping: {
    title: 'Held by the mapping',
    why: 'The mapping sends them to an account, item or class that is inactive or gone in QuickBooks, or they cannot be written as documents.',
    action: 'Map the names to records that exist; waiting tickets post on the next run, skipped ones after a resync.', where: 'mapping', actionLabel: 'Open the Mapping page',
  },
  connection: {
    title: 'Waiting for a reconnect',
    why: 'The connection to QuickBooks was lost (signed out or access withdrawn in QuickBooks).',
    action: 'Reconnect on the QuickBooks page; they post on the next run. Nothing is lost meanwhile.', where: 'quickbooks', actionLabel: 'Reconnect',
  },
  quota: {
    title: 'Waiting for QuickBooks to allow reads again',
    why: 'QuickBooks refuses reads: this month\'s quota for the company is used up.',
    action: 'Nothing to do but wait: they post once QuickBooks lifts the block (next month, or on a higher Intuit tier). Nothing is lost.', where: null, actionLabel: '',
  },
};

/** Where a reason's action is done, for one location (or all). */
export function actionHref(kind: AttentionKind, locationId?: string): string | null {
  const loc = locationId === undefined ? '' : `location=${encodeURIComponent(locationId)}`;
  switch (ATTENTION_WORDS[kind].where) {
    case 'tickets': return attentionTicketsHref(kind, locationId);
    case 'quickbooks': return loc ? `/quickbooks?${loc}` : '/quickbooks';
    case 'mapping': return '/mapping';
    default: return null;
  }
}

/** The Tickets page's "Needs attention" tab, for one reason or all, one location or all. */
export function attentionTicketsHref(kind: AttentionKind | 'any', locationId?: string): string {
  const params = new URLSearchParams({ attention: kind });
  if (locationId !== undefined) params.set('location', locationId);
  return `/tickets?${params.toString()}`;
}

export function isKnownAttention(value: string): value is AttentionKind | 'any' {
  return value === 'any' || (ATTENTION_KINDS as readonly string[]).includes(value);
}

/** The navigation's badge: counted once per signed-in page request (a GET), read by the layout. */
const badges = new WeakMap<FastifyRequest, number>();

export function setAttentionBadge(request: FastifyRequest, count: number): void {
  badges.set(request, count);
}

export function attentionBadge(request: FastifyRequest): number | undefined {
  return badges.get(request);
}
