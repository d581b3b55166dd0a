/**
 * requestid idempotency (quickbooks-facts §2): the first answer to a write is remembered per company and
 * replayed byte for byte, errors included, without doing the write again. Ids are kept until
 * the simulator is reset: Intuit does not document a retention window (UNCONFIRMED), so a
 * product must not rely on replay alone and should still look documents up before re-creating.
 * A second request arriving while the first with the same id is still being handled gets 600
 * ("duplicate request is detected"), the code Intuit's table lists for it.
 */
export interface RecordedResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface RequestIdMemory {
  recorded(requestId: string): RecordedResponse | undefined;
  /** False when a request with this id is already in progress. */
  begin(requestId: string): boolean;
  finish(requestId: string, response: RecordedResponse | undefined): void;
  /** The remembered answers, oldest first (for the state file; requests still in progress are not included). */
  entries(): [string, RecordedResponse][];
}

export function makeRequestIdMemory(remembered: Iterable<[string, RecordedResponse]> = []): RequestIdMemory {
  const answers = new Map<string, RecordedResponse>(remembered);
  const pending = new Set<string>();
  return {
    recorded: (id) => answers.get(id),
    begin(id) {
      if (pending.has(id)) return false;
      pending.add(id);
      return true;
    },
    finish(id, response) {
      pending.delete(id);
      if (response) answers.set(id, response);
    },
    entries: () => [...answers],
  };
}

export const MAX_REQUEST_ID = 50;
export const MAX_BATCH_REQUEST_ID = 36;
export const MAX_BATCH_BID_WITH_REQUEST_ID = 10;
