/**
 * The shape every unit of work shares (a ticket now; a summary day and a payout later): its
 * states, the named moves between them, and what each outcome of a run makes of it. One
 * table per unit is the only judge of a state change: the store builds its statements from it
 * and refuses anything else.
 */

/** Why a unit is not posted, as the user sees it (the kind of its error). */
export type ErrorKind = 'validation' | 'setup' | 'transient' | 'connection' | 'mapping' | 'quota';

export interface Move<S extends string> {
  from: readonly S[];
  to: S;
  /** When the move happens, in the product's words. */
  why: string;
}

export interface OutcomeRule<S extends string> {
  /** The state the unit takes when its run settles it with this outcome. */
  next: S;
  /** The run stops after this outcome (nothing more can be done in it). */
  stopsRun: boolean;
  /** The kind of error recorded on the unit; null when the outcome is not a failure. */
  error: ErrorKind | null;
  why: string;
}

/** A move that depends on a condition the store checks in the same statement. */
export interface ConditionalMove<S extends string, C extends string = string> {
  from: readonly S[];
  when: C;
  to: S;
  why: string;
}

export interface UnitTable<S extends string, M extends string, O extends string> {
  unit: string;
  states: readonly S[];
  /** The state a run holds its units in: settling moves a unit out of it. */
  held: S;
  moves: Readonly<Record<M, Move<S>>>;
  outcomes: Readonly<Record<O, OutcomeRule<S>>>;
  /** What a newer version of the unit's input does to it: the first row that applies decides. */
  onNewVersion: readonly ConditionalMove<S>[];
}

export class IllegalTransitionError extends Error {
  constructor(readonly unit: string, readonly from: string, readonly to: string, readonly what: string) {
    super(`${unit} ${what}: ${from} → ${to} is not a move of the outcome table`);
    this.name = 'IllegalTransitionError';
  }
}

/** Every (from → to) the table allows: its moves, settling each outcome out of `held`, new versions. */
export function transitionsOf<S extends string>(table: UnitTable<S, string, string>): ReadonlyMap<S, ReadonlySet<S>> {
  const out = new Map<S, Set<S>>(table.states.map((s) => [s, new Set<S>()]));
  for (const move of Object.values<Move<S>>(table.moves)) for (const from of move.from) out.get(from)!.add(move.to);
  for (const rule of Object.values<OutcomeRule<S>>(table.outcomes)) out.get(table.held)!.add(rule.next);
  for (const row of table.onNewVersion) for (const from of row.from) if (from !== row.to) out.get(from)!.add(row.to);
  return out;
}

export function canTransition<S extends string>(table: UnitTable<S, string, string>, from: S, to: S): boolean {
  return transitionsOf(table).get(from)?.has(to) ?? false;
}

/** Throws unless the table allows `from → to`; `what` names the unit in the error. */
export function assertTransition<S extends string>(table: UnitTable<S, string, string>, from: S, to: S, what: string): void {
  if (!canTransition(table, from, to)) throw new IllegalTransitionError(table.unit, from, to, what);
}

/** The state an outcome settles a held unit in, checked against the table. */
export function settledState<S extends string, O extends string>(table: UnitTable<S, string, O>, outcome: O): S {
  const rule = table.outcomes[outcome];
  if (!rule) throw new IllegalTransitionError(table.unit, table.held, String(outcome), 'settled with an unknown outcome');
  return rule.next;
}
