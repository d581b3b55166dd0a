/**
 * The kinds of POS record the service takes in, by the name the CLI and the docs use
 * (`tillbooks import --kind drawer-operations FILE`), each with its intake.
 */
import type { Db } from '../store/index.js';
import { takeDrawerOperations } from './take-drawer-operations.js';
import { takePayouts } from './take-payouts.js';
import type { IntakeEntry, IntakeOptions, IntakeResult } from './take-records.js';
import { takeTickets } from './take-tickets.js';

export const RECORD_KIND_NAMES = ['tickets', 'drawer-operations', 'payouts'] as const;
export type RecordKindName = (typeof RECORD_KIND_NAMES)[number];

export interface IntakeKind {
  /** "ticket", "drawer operation", "payout" (messages). */
  noun: string;
  plural: string;
  take(db: Db, tenantId: string, entries: readonly IntakeEntry[], opts?: IntakeOptions): Promise<IntakeResult[]>;
}

export const INTAKE_KINDS: Record<RecordKindName, IntakeKind> = {
  tickets: { noun: 'ticket', plural: 'tickets', take: takeTickets },
  'drawer-operations': { noun: 'drawer operation', plural: 'drawer operations', take: takeDrawerOperations },
  payouts: { noun: 'payout', plural: 'payouts', take: takePayouts },
};

export const isRecordKindName = (name: string): name is RecordKindName => (RECORD_KIND_NAMES as readonly string[]).includes(name);
