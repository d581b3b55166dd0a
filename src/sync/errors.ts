/**
 * What the sync refuses to do, with a stable code: the web maps each code to an HTTP status
 * (web/errors.ts), the CLI to an exit code (cli/main.ts). A QuickBooks failure is a QboError
 * (qbo/errors.ts), not one of these.
 */
export const SERVICE_ERROR_CODES = [
  'NOT_FOUND', // no such location, connection, run or ticket (in this tenant)
  'NOT_CONNECTED', // the location is not connected to QuickBooks yet
  'SYNC_DISABLED', // QuickBooks is not enabled for the location
  'AMBIGUOUS', // several QuickBooks connections: name a location or connection
  'CONNECT_CANCELLED', // the user cancelled on QuickBooks' consent page
  'CONNECT_REFUSED', // QuickBooks (or the OAuth state check) refused the connection
  'CONNECT_ELSEWHERE', // the callback came back to another tenant, session or process than the one that started it
  'QBO_UNAVAILABLE', // QuickBooks cannot be reached from this process at all
  'INVALID', // what was sent cannot be used (a mapping naming a missing, inactive or wrong-kind record); `details` names each field
  'STALE', // someone saved the mapping meanwhile: reload it and apply the change again
  'CONFIRM', // a destructive action (undo, repost of a range) without the confirmation naming the company, or a preview's token that no longer matches
  'BUSY', // an undo of this QuickBooks company is already under way
] as const;
export type ServiceErrorCode = (typeof SERVICE_ERROR_CODES)[number];

export class ServiceError extends Error {
  /** `details`: for INVALID, each field refused and why ({ path, message, value? }). */
  constructor(readonly code: ServiceErrorCode, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const isServiceError = (err: unknown): err is ServiceError => err instanceof ServiceError;

export const notFound = (what: string): ServiceError => new ServiceError('NOT_FOUND', `no ${what}`);

export const quickBooksUnavailable = (): ServiceError => new ServiceError('QBO_UNAVAILABLE',
  'QuickBooks is not reachable from this process (QBO_ENVIRONMENT=simulator without a simulator): set QBO_API_BASE_URL and friends, or run `npm start`');
