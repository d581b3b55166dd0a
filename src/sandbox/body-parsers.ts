/**
 * Request bodies are parsed here rather than by fastify's defaults so that a malformed JSON body
 * reaches the API handlers and is answered as QuickBooks answers it (400, 2010), not with
 * fastify's own error shape.
 */
import type { FastifyInstance } from 'fastify';

export class MalformedBody {
  constructor(readonly reason: string) {}
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(null, new MalformedBody(e instanceof Error ? e.message : 'invalid JSON'));
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  // A query may be POSTed as raw text (Intuit documents application/text; CDC says text/plain).
  app.addContentTypeParser(['application/text', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => {
    done(null, String(body));
  });
}
