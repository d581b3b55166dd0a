/**
 * docs/ticket-format.md tells POS developers what the intake answers; this test sends its
 * examples through the real HTTP intake and compares: the example ticket is the file the README
 * posts, the NDJSON batch gets the answer shown, and each row of the error table gets its error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../src/lib/logger.js';
import { openStore } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { createApiKey } from '../../src/store/api-keys.js';
import { upsertLocation } from '../../src/store/locations.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { buildApp } from '../../src/web/app.js';
import { checkedBlocks, checkedTable, jsonBlock, readDoc } from './doc-blocks.js';

type Json = Record<string, unknown> | unknown[];

const text = readDoc('docs/ticket-format.md');
const doc = checkedBlocks(text);
const exampleFile = JSON.parse(readDoc('docs/example-ticket.json')) as Record<string, unknown>;

/** `lines[0].unitPrice = "4.505"; tip = absent` applied to a copy of the example. */
function applyChanges(ticket: Record<string, unknown>, changes: string): Record<string, unknown> {
  const out = structuredClone(ticket);
  for (const change of changes.split('; ')) {
    const at = change.indexOf(' = ');
    const path = change.slice(0, at).match(/[^.[\]]+/g) ?? [];
    const raw = change.slice(at + 3);
    let holder: Json = out;
    for (const key of path.slice(0, -1)) holder = (holder as Record<string, unknown>)[key] as Json;
    const last = path[path.length - 1]!;
    if (raw === 'absent') delete (holder as Record<string, unknown>)[last];
    else (holder as Record<string, unknown>)[last] = JSON.parse(raw) as unknown;
  }
  return out;
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, '');

describe('docs/ticket-format.md', () => {
  let database: Database;
  let app: FastifyInstance;
  let key: string;
  const post = (body: string, contentType: string) => app.inject({
    method: 'POST', url: '/api/v1/tickets', payload: body, headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
  });

  beforeAll(async () => {
    database = await openStore({});
    await ensureTenant(database.db, { id: 'docs', name: 'Docs' });
    await upsertLocation(database.db, 'docs', {
      id: 'denver-1', name: 'Denver', timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null,
    });
    key = (await createApiKey(database.db, 'docs', 'pos')).key;
    app = await buildApp({ db: database.db, logger: silentLogger });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('shows the example ticket the README posts, and the service takes it', async () => {
    expect(jsonBlock(doc, 'example-ticket')).toEqual(exampleFile);
    const res = await post(readDoc('docs/example-ticket.json'), 'application/json');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ summary: { taken: 1, unchanged: 0, replaced: 0, refused: 0 },
      results: [{ index: 0, outcome: 'taken', locationId: 'denver-1', id: '1042-0007', version: 1 }] });
  });

  it('answers the NDJSON batch with 207 and exactly the answer shown', async () => {
    const res = await post(doc.get('ndjson-request')!, 'application/x-ndjson');
    expect(res.statusCode).toBe(207);
    expect(res.json()).toEqual(jsonBlock(doc, 'ndjson-response'));
  });

  it('refuses each change of the error table with the error shown', async () => {
    const rows = checkedTable(text, 'ticket-errors');
    expect(rows.length).toBeGreaterThan(20);
    const tickets = rows.map(([change = '']) => applyChanges(exampleFile, unquote(change)));
    const res = await post(JSON.stringify(tickets), 'application/json');
    expect(res.statusCode).toBe(422);
    const results = (res.json() as { results: { errors?: { text: string }[] }[] }).results;
    rows.forEach(([change = '', error = ''], i) => {
      expect(results[i]!.errors?.map((e) => e.text), change).toContain(unquote(error));
    });
  });
});
