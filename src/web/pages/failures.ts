/** What the user reads when an action fails: our services' messages, never a bug's internals. */
const BUG_TYPES = [TypeError, ReferenceError, SyntaxError, RangeError];

export function describeFailure(err: unknown): string {
  if (err instanceof Error && !BUG_TYPES.some((t) => err instanceof t) && err.message) {
    return err.message.length > 300 ? `${err.message.slice(0, 297)}...` : err.message;
  }
  return 'Something went wrong on our side; it has been logged. Please try again.';
}
