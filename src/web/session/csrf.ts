/**
 * CSRF tokens (synchronizer pattern). Each session has a secret kept only in the database;
 * forms carry a token derived from it (salted, so the token in a page changes on every
 * render and never equals the secret). A POST is accepted only with a token that verifies
 * against the session's own secret, so a token of one session is worthless in another.
 */
import Tokens from '@fastify/csrf';

const tokens = Tokens();

/** Name of the hidden form field, and of the header the pages' scripts send. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function newCsrfSecret(): string {
  return tokens.secretSync();
}

export function csrfToken(secret: string): string {
  return tokens.create(secret);
}

export function isValidCsrfToken(secret: string, token: unknown): boolean {
  return typeof token === 'string' && token.length > 0 && token.length < 200 && tokens.verify(secret, token);
}
