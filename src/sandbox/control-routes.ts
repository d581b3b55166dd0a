/**
 * What every `/__sim` control route shares: an unknown company is 404, a bad body 400 (the
 * simulator's own functions throw RangeError and TypeError for those), anything else a bug.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MalformedBody } from './body-parsers.js';

export async function guarded(reply: FastifyReply, action: () => unknown): Promise<unknown> {
  try {
    return await action();
  } catch (e) {
    if (e instanceof RangeError) return reply.code(404).send({ error: e.message });
    if (e instanceof TypeError) return reply.code(400).send({ error: e.message });
    throw e;
  }
}

/** The request's JSON body; a body that did not parse is a TypeError (answered 400). */
export function controlBody(req: FastifyRequest): unknown {
  if (req.body instanceof MalformedBody) throw new TypeError(req.body.reason);
  return req.body;
}
