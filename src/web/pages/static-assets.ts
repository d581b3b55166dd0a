/**
 * The stylesheet and the small enhancement script, read once at start and served from
 * memory. URLs carry the content hash (`/static/app.css?v=…`), so a browser may keep a
 * file for a year and still gets the new one the moment it changes; a URL without the
 * current hash is cached briefly only.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'static');
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  body: Buffer;
  type: string;
  hash: string;
}

export interface StaticAssets {
  /** The cache-busting URL of a file. */
  url(name: string): string;
  register(app: FastifyInstance): void;
}

export async function loadStaticAssets(): Promise<StaticAssets> {
  const assets = new Map<string, Asset>();
  for (const name of await readdir(DIR)) {
    const type = TYPES[path.extname(name)];
    if (!type) continue;
    const body = await readFile(path.join(DIR, name));
    assets.set(name, { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) });
  }
  return {
    url(name) {
      const asset = assets.get(name);
      if (!asset) throw new Error(`no static file ${name} in ${DIR}`);
      return `/static/${name}?v=${asset.hash}`;
    },
    register(app) {
      app.get<{ Params: { name: string }; Querystring: { v?: string } }>('/static/:name', async (request, reply) => {
        const asset = assets.get(request.params.name);
        if (!asset) return reply.status(404).type('text/plain').send('no such file');
        const etag = `"${asset.hash}"`;
        reply.header('etag', etag).header('content-type', asset.type)
          .header('cache-control', request.query.v === asset.hash ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
        if (request.headers['if-none-match'] === etag) return reply.status(304).send();
        return reply.send(asset.body);
      });
    },
  };
}
