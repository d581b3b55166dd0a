/**
 * The day outcome table (domain/day-outcomes.ts) as SQL: every statement that changes a summary
 * day's state is built from its rows here, so the store can only make the moves the table
 * allows. A move asked for outside the table is a bug and throws.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { assertTransition, settledState } from '../domain/outcome-table.js';
import { DAY_TABLE, ON_DAY_INPUT } from '../domain/day-outcomes.js';
import type { DayMove, DayOutcome, DayState } from '../domain/day-outcomes.js';

export const DAY_HELD: DayState = DAY_TABLE.held;

export function dayMove(name: DayMove): { from: readonly DayState[]; to: DayState } {
  const move = DAY_TABLE.moves[name];
  if (!move) throw new Error(`no day move "${name}" in the outcome table`);
  for (const from of move.from) assertTransition(DAY_TABLE, from, move.to, `move "${name}"`);
  return move;
}

/** The state a held day settles in for `outcome`; throws for an outcome outside the table. */
export function settledDayState(outcome: DayOutcome, day: string): DayState {
  const to = settledState(DAY_TABLE, outcome);
  assertTransition(DAY_TABLE, DAY_TABLE.held, to, day);
  return to;
}

/** `state IN (…)` for a move's `from` states. */
export function inStates(column: string, states: readonly DayState[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} IN (${sql.join(states.map((s) => sql.lit(s)))})`;
}

/**
 * The state a stored day takes when a ticket of it is written, as one CASE over the stored
 * row's state (`column`): the rows of ON_DAY_INPUT in order.
 */
export function dayInputState(column: string): RawBuilder<DayState> {
  const state = sql.ref(column);
  const whens = ON_DAY_INPUT.map((r) => sql`WHEN ${state} IN (${sql.join(r.from.map((f) => sql.lit(f)))}) THEN ${sql.lit(r.to)}`);
  // No row applies: a state the table forgot. Casting text to int fails the statement loudly.
  return sql<DayState>`CASE ${sql.join(whens, sql` `)} ELSE ('no input rule for ' || ${state})::int::text END`;
}
