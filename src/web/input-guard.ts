/**
 * One check at the edge, for every route: no text that cannot be stored reaches a handler,
 * a parser or the database. PostgreSQL holds neither U+0000 nor an unpaired UTF-16 surrogate;
 * before this guard, `GET /api/v1/locations/%00`, `?location=%00` and such values in the
 * location, sync and resync bodies answered 500 (issue 20). Now any path parameter, query
 * parameter or JSON/form body field holding one is refused with 400, naming it.
 *
 * The tickets intake is the exception on purpose: its body stays text, and each ticket is
 * checked on its own (ticket-schema), so one bad ticket never costs its neighbours.
 */
import type { FastifyInstance } from 'fastify';
import { isStorable } from '../domain/ticket-schema.js';
import { HttpError } from './errors.js';

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problem = unstorable(request.params, 'path parameter') ?? unstorable(request.query, 'query parameter')
      ?? (typeof request.body === 'object' ? unstorable(request.body, 'body field') : null);
    if (problem) throw new HttpError(400, problem);
  });
}

/** The first key or string value, anywhere in `root`, that cannot be stored, described; null when all can. */
export function unstorable(root: unknown, what: string): string | null {
  // Iterative: a deeply nested body must not overflow the stack.
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isStorable(value)) return `${what} "${path}" holds ${JSON.stringify(value.slice(0, 60))}: U+0000 and unpaired UTF-16 surrogates cannot be stored`;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!isStorable(key)) return `${what} name ${JSON.stringify(key.slice(0, 60))} holds U+0000 or an unpaired UTF-16 surrogate, which cannot be stored`;
      stack.push({ value: child, path: childPath });
    }
  }
  return null;
}
