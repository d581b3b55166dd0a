/**
 * A payout as the one QuickBooks Deposit it becomes (records-format.md, "How they post"): into
 * the processor's bank account, a line taking `gross` out of its clearing account, a negative
 * line for `fees` on the fees account, a line for `adjustments` on the adjustments account; the
 * total is `net`, so the Deposit matches the bank feed's line to the cent.
 *
 * DocNumber is the payout id (QuickBooks allows 21 characters: a longer id gets the tickets'
 * fixed form with a hash); the PrivateNote `POS payout <processor>/<id> v<version>` is what the
 * sync confirms a found Deposit by, since QuickBooks cannot filter on it.
 */
import type { ProcessorTarget, QboRef } from '../../domain/account-mapping.js';
import type { Cents } from '../../domain/money.js';
import type { Payout } from '../../domain/payout.js';
import { payoutNote } from '../../domain/payout.js';
import { docNumberFor, toQboAmount } from '../../mapping/index.js';
import { writeKey } from '../engine/keys.js';

export type PayoutAccounts = Required<Pick<ProcessorTarget, 'bank' | 'clearing' | 'fees'>> & { adjustments?: QboRef };

export function depositBody(p: Payout, accounts: PayoutAccounts): Record<string, unknown> {
  const line = (cents: Cents, account: QboRef, description: string) => ({
    Amount: toQboAmount(cents), DetailType: 'DepositLineDetail', Description: description,
    DepositLineDetail: { AccountRef: { value: account.id, name: account.name } },
  });
  const period = p.periodStart && p.periodEnd ? ` (${p.periodStart.slice(0, 10)} to ${p.periodEnd.slice(0, 10)})` : '';
  const lines = [line(p.gross, accounts.clearing, `${p.processor} payout ${p.id}: card payments${period}`)];
  if (p.fees !== 0) lines.push(line(-p.fees, accounts.fees, `${p.processor} payout ${p.id}: processing fees`));
  // Adjustments (chargebacks, reserves) go to their own account; without one mapped, beside the fees.
  if (p.adjustments !== 0) lines.push(line(p.adjustments, accounts.adjustments ?? accounts.fees, `${p.processor} payout ${p.id}: adjustments`));
  return {
    TxnDate: p.arrivalDate,
    DepositToAccountRef: { value: accounts.bank.id, name: accounts.bank.name },
    DocNumber: docNumberFor(p.id),
    PrivateNote: payoutNote(p),
    Line: lines,
  };
}

/** The note's head, whatever the version: a Deposit whose note starts with it is this payout's. */
export const noteHead = (p: Pick<Payout, 'processor' | 'id'>): string => `POS payout ${p.processor}/${p.id} v`;

/** The version a Deposit's note says it holds, or null when the note is not this payout's. */
export function versionInNote(p: Pick<Payout, 'processor' | 'id'>, note: unknown): number | null {
  if (typeof note !== 'string' || !note.startsWith(noteHead(p))) return null;
  const m = /^(\d+)(?:$|;)/.exec(note.slice(noteHead(p).length));
  return m ? Number(m[1]) : null;
}

/**
 * The journal's name for a payout: the ticket key parts with `payout:<processor>` in the
 * location's place, so journal rows name it and a run that died mid-write finds it in flight.
 */
export const payoutJournalLocation = (processor: string): string => `payout:${processor}`;

/** The idempotency key of one write of one version of a payout (its requestid follows from it). */
export function payoutWriteKey(tenantId: string, p: Pick<Payout, 'processor' | 'id' | 'version'>, part: string): string {
  return writeKey({ tenantId, locationId: payoutJournalLocation(p.processor), ticketId: p.id, version: p.version, epoch: 0 }, part);
}
