import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleTicket } from '../../test/support/tickets.js';
import { openStore } from '../store/index.js';
import type { Database } from '../store/index.js';
import { upsertLocation } from '../store/locations.js';
import { ensureTenant } from '../store/tenants.js';
import { formatImportSummary, importFile } from './import-file.js';

let database: Database;
let dir: string;
beforeAll(async () => {
  database = await openStore({});
  await ensureTenant(database.db, { id: 't', name: 't' });
  await upsertLocation(database.db, 't', { id: 'denver-1', name: 'D', timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null });
  dir = await mkdtemp(path.join(tmpdir(), 'tb-import-'));
});
afterAll(async () => {
  await database.close();
});

describe('importFile', () => {
  it('streams an NDJSON file in chunks, naming refused tickets by line', async () => {
    const lines = Array.from({ length: 1203 }, (_, i) => JSON.stringify(simpleTicket({ id: `nd-${i}`, cents: 100 + i })));
    lines[10] = JSON.stringify({ ...simpleTicket({ id: 'nd-10' }), total: '0.01' });
    lines[700] = '{not json';
    lines.splice(500, 0, '');
    const file = path.join(dir, 'a.ndjson');
    await writeFile(file, `${lines.join('\n')}\n`);
    const report = path.join(dir, 'refused.ndjson');
    const r = await importFile(database.db, { file, tenantId: 't', chunk: 100, reportFile: report });
    expect(r.summary).toEqual({ taken: 1201, unchanged: 0, replaced: 0, refused: 2 });
    expect(r.refused.map((x) => x.ref)).toEqual([11, 702]);
    const text = formatImportSummary(r, 'a.ndjson');
    expect(text).toContain('line 11 denver-1/nd-10: total: total 0.01 ≠ computed');
    expect(text).toContain('line 702: not valid JSON');
    expect((await readFile(report, 'utf8')).trim().split('\n')).toHaveLength(2);

    const again = await importFile(database.db, { file, tenantId: 't' });
    expect(again.summary).toEqual({ taken: 0, unchanged: 1201, replaced: 0, refused: 2 });
  });

  it('streams a JSON array file, naming refused tickets by the line they start on', async () => {
    const tickets = Array.from({ length: 30 }, (_, i) => simpleTicket({ id: `js-${i}` }));
    tickets[4] = { ...tickets[4]!, lines: [] };
    const file = path.join(dir, 'b.json');
    await writeFile(file, `[\n${tickets.map((t) => JSON.stringify(t, null, 2)).join(',\n')}\n]\n`);
    const r = await importFile(database.db, { file, tenantId: 't', chunk: 7 });
    expect(r.summary.taken).toBe(29);
    const perTicket = JSON.stringify(tickets[0], null, 2).split('\n').length;
    expect(r.refused.map((x) => x.ref)).toEqual([2 + 4 * perTicket]);
  });

  it('says what is wrong with a broken array, and what it kept before it', async () => {
    const file = path.join(dir, 'c.json');
    await writeFile(file, `[${JSON.stringify(simpleTicket({ id: 'c-1' }))}\n${JSON.stringify(simpleTicket({ id: 'c-2' }))}]`);
    await expect(importFile(database.db, { file, tenantId: 't' })).rejects.toThrow(/line 2: expected "," or "]".*1 tickets before it were imported: taken 1/);
    const kept = await database.db.selectFrom('tickets').select('ticket_id').where('ticket_id', 'in', ['c-1', 'c-2']).execute();
    expect(kept.map((r) => r.ticket_id)).toEqual(['c-1']);
    await expect(importFile(database.db, { file: path.join(dir, 'x.csv'), tenantId: 't' })).rejects.toThrow();
  });
});
