/**
 * The accountant's mapping as the back office, the JSON API and the CLI use it: read, check and
 * save it; list the POS names seen and the company's own records to map them to; create a record
 * for a POS name; export it by names and import it into another company; and apply it to what
 * was already posted (a preview first). Every call is scoped to a tenant and a connection.
 */
import type { AccountMapping, MappingFieldError, QboRef, TargetRole } from '../../domain/account-mapping.js';
import type { ClassTracking } from '../../mapping/index.js';

export interface MappingView {
  connectionId: number;
  mapping: AccountMapping;
  /** 0 while nothing was saved (everything posts to the defaults). */
  revision: number;
  updatedAt: string | null;
  updatedBy: string | null;
  /** What the company tracks, as Initialize last read it: a mapped Class or Location is only sent where it does. */
  features: { classTracking: ClassTracking; departmentTracking: boolean };
}

/** A POS name seen in the tickets of the last days, and where it posts now. */
export interface PosNameSeen {
  role: Exclude<TargetRole, 'processor' | 'location'>;
  /** As the POS spells it (the most frequent spelling). */
  name: string;
  /** For a tender: `cash`, `credit_card`… or `label:<name>`; otherwise the name. */
  key: string;
  tickets: number;
  /** Σ money it stands for over those tickets, cents (sales of a category, a method's net, a tax's total…). */
  cents: number;
  firstSeen: string;
  /** Not in the mapping yet and first seen within the period: flagged on the page. */
  isNew: boolean;
  mapped: boolean;
}

export interface CompanyRecord extends QboRef {
  /** Account: AccountType (e.g. "Income"); Item: Type; others: the entity name. */
  type: string;
  subtype?: string;
  active: boolean;
}

export interface CompanyLists {
  accounts: CompanyRecord[];
  items: CompanyRecord[];
  classes: CompanyRecord[];
  departments: CompanyRecord[];
  paymentMethods: CompanyRecord[];
  /** When the lists were read from QuickBooks (ISO). */
  readAt: string;
}

export type SaveMappingResult = { ok: true; revision: number } | { ok: false; errors: MappingFieldError[] };

/** A mapping by names only, to carry to another company. */
export interface MappingExport {
  format: 'tillbooks-mapping';
  version: 1;
  exportedAt: string;
  company: string | null;
  mapping: AccountMapping;
}

export interface ImportResult {
  /** The mapping with this company's ids, what could be resolved. */
  mapping: AccountMapping;
  /** Names this company does not have, each with where it was used ("categories.Coffee.account: 'Coffee Sales'"). */
  missing: string[];
  /** The revision saved (when asked and nothing was missing, or when asked to save what resolves); null: not saved. */
  revision: number | null;
}

export interface ApplyPreview {
  from: string;
  to: string;
  /** Posted tickets in the range, and how many of them would change. */
  tickets: number;
  ticketsChanging: number;
  /** Documents that would be rewritten in place, by kind. */
  documents: Record<string, number>;
  /** Money that moves, per (from → to) account or item, cents. */
  moves: { from: string; to: string; cents: number }[];
}

export interface MappingService {
  mapping(tenantId: string, connectionId: number): Promise<MappingView>;
  /**
   * Checks the shape and every target against the company's lists; saves only a mapping without
   * errors. Someone else's save since `expectedRevision` is a ServiceError STALE.
   */
  saveMapping(tenantId: string, connectionId: number, input: unknown, opts: { expectedRevision: number; by: string | null }): Promise<SaveMappingResult>;
  posNamesSeen(tenantId: string, connectionId: number, opts?: { days?: number }): Promise<PosNameSeen[]>;
  companyLists(tenantId: string, connectionId: number, opts?: { refresh?: boolean }): Promise<CompanyLists>;
  /** "Create for me": a record in QuickBooks for a POS name, of the kind its role needs. */
  createTarget(tenantId: string, connectionId: number, request: { role: TargetRole; posName: string; what?: 'account' | 'class' | 'department' }): Promise<QboRef>;
  exportMapping(tenantId: string, connectionId: number): Promise<MappingExport>;
  /**
   * Resolves an export's names among this company's records. With `save`, saves the result when
   * nothing is missing (or anyway with `allowMissing`: the missing names post to the defaults);
   * `expectedRevision` as for saveMapping (default: the current one).
   */
  importMapping(tenantId: string, connectionId: number, doc: unknown,
    opts: { save: boolean; allowMissing?: boolean; expectedRevision?: number; by: string | null }): Promise<ImportResult>;
  previewApply(tenantId: string, connectionId: number, range: { from: string; to: string }): Promise<ApplyPreview>;
  /** Rewrites the changing documents in place (queues a run); nothing is posted twice. */
  applyToPosted(tenantId: string, connectionId: number, range: { from: string; to: string }): Promise<{ runId: number | null; tickets: number }>;
}
