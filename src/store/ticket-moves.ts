/**
 * The ticket outcome table (domain/ticket-outcomes.ts) as SQL: every statement that changes a
 * ticket's sync state is built from its rows here, so the store can only make the moves the
 * table allows. A move asked for outside the table is a bug and throws.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { assertTransition, settledState } from '../domain/outcome-table.js';
import { ON_NEW_VERSION, TICKET_TABLE } from '../domain/ticket-outcomes.js';
import type { NewVersionCondition, TicketMove, TicketOutcome, TicketState } from '../domain/ticket-outcomes.js';

/** The state a run holds its tickets in. */
export const TICKET_HELD: TicketState = TICKET_TABLE.held;

export function ticketMove(name: TicketMove): { from: readonly TicketState[]; to: TicketState } {
  const move = TICKET_TABLE.moves[name];
  if (!move) throw new Error(`no ticket move "${name}" in the outcome table`);
  for (const from of move.from) assertTransition(TICKET_TABLE, from, move.to, `move "${name}"`);
  return move;
}

/** The state a held ticket settles in for `outcome`; throws for an outcome outside the table. */
export function settledTicketState(outcome: TicketOutcome, ticket: string): TicketState {
  const to = settledState(TICKET_TABLE, outcome);
  assertTransition(TICKET_TABLE, TICKET_TABLE.held, to, ticket);
  return to;
}

const CONDITIONS: Record<NewVersionCondition, (stored: string, incoming: string) => RawBuilder<boolean>> = {
  always: () => sql<boolean>`TRUE`,
  'voided-never-posted': (stored, incoming) => sql<boolean>`${sql.ref(`${incoming}.status`)} = 'voided' AND ${sql.ref(`${stored}.posted_version`)} IS NULL`,
};

/**
 * The sync state a stored ticket takes when a newer version replaces it, as one CASE over the
 * stored row (`stored`) and the incoming one (`incoming`): the rows of ON_NEW_VERSION in order.
 */
export function newVersionState(stored: string, incoming: string): RawBuilder<TicketState> {
  const state = sql.ref(`${stored}.sync_state`);
  const whens = ON_NEW_VERSION.map((r) => sql`WHEN ${state} IN (${sql.join(r.from.map((f) => sql.lit(f)))}) AND ${CONDITIONS[r.when](stored, incoming)} THEN ${sql.lit(r.to)}`);
  // No row applies: a state the table forgot. Casting text to int fails the statement loudly.
  return sql<TicketState>`CASE ${sql.join(whens, sql` `)} ELSE ('no new-version rule for ' || ${state})::int::text END`;
}
