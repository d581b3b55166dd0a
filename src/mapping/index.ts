/**
 * mapping/: a POS ticket (+ the ids Initialize stored) → QuickBooks documents, or problems.
 * Pure functions only; the sync brings them together with the client and the store.
 */
export { mapTicket } from './map-ticket.js';
export type { MappingResult, TicketDocuments } from './map-ticket.js';
export { linkPayment } from './link-payment.js';
export { BLANK_NAME, QBO_NAME_MAX, discountItemKey, qboName, requiredDiscountNames } from './names.js';
export { cleanAndCut } from './text.js';
export { DOC_NUMBER_MAX, docNumberFor } from './doc-number.js';
export { PRIVATE_NOTE_MAX, parsePrivateNote, privateNoteFor } from './private-note.js';
export type { PrivateNoteRef } from './private-note.js';
export type { MappingProblem, MappingProblemCode } from './problems.js';
export type { ClassTracking, SetupIds, SetupItems } from './setup-ids.js';
export { makeSetupResolver, mappedItemKey } from './setup-ids.js';
export type { SetupResolver } from './setup-ids.js';
export { categoryName, compileRules } from './rules.js';
export type { CompiledRules } from './rules.js';
export { setupNeeds } from './needs.js';
export type { MappedRole, SetupNeed } from './needs.js';
export { MAX_QBO_CENTS, toQboAmount, toQboQuantity } from './qbo-number.js';
export { METHOD_TITLES, PAYMENT_REF_MAX, groupTenders, groupTitle } from './tenders.js';
export type { TenderGroup } from './tenders.js';
export { planSalePayments } from './sale-payments.js';
export type { PlannedPayment } from './sale-payments.js';
export type * from './wire-types.js';
export { compareTargets, postingTargets } from './targets.js';
export type { DefaultTargets, PostingTargets, TargetChanges } from './targets.js';
export * from './summary/index.js';
