/**
 * The worked examples of docs/posting-rules.md, read from a real run: the example ticket
 * (docs/example-ticket.json), a refund and an edit are posted through the sync to the
 * simulator over HTTP, read back through the QuickBooks API, and compared with the JSON the
 * document shows. A change of the posting rules that the document does not follow fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QboClient } from '../../src/qbo/index.js';
import { rowsOf } from '../../src/qbo/index.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';
import { checkedBlocks, jsonBlock, readDoc } from './doc-blocks.js';
import { byId, docView, makeLabels } from './qbo-view.js';

type Row = Record<string, unknown>;

const doc = checkedBlocks(readDoc('docs/posting-rules.md'));
const example = JSON.parse(readDoc('docs/example-ticket.json')) as Row;

describe('the worked examples of docs/posting-rules.md', () => {
  let world: SyncWorld;
  let connectionId: number;
  let client: QboClient;
  const labels = makeLabels();

  const post = async (ticket: unknown) => {
    expect((await world.take([ticket]))[0]).toMatchObject({ outcome: expect.stringMatching(/^(taken|replaced)$/) });
    await world.sync.syncNow(TENANT, { connectionId });
    const runs = await world.runQueued();
    expect(runs).toEqual([expect.objectContaining({ status: 'finished', posted: 1, skipped: 0, pending: 0 })]);
  };
  /** What QuickBooks holds of one ticket, voided documents included (a void keeps the record). */
  const held = async (entity: string, ticketId: string) => {
    const rows = rowsOf<Row>(await client.query(`SELECT * FROM ${entity}`), entity);
    const mine = rows.filter((r) => String(r.PrivateNote ?? '').includes(`denver-1/${ticketId} `));
    return byId(mine).map((r) => docView(entity, r, labels));
  };

  beforeAll(async () => {
    world = await startSyncWorld({ backend: backends()[0]! });
    await world.addLocation('denver-1', 'America/Denver');
    ({ connectionId } = await world.connect('denver-1'));
    client = await world.client(connectionId);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('posts the example ticket as the Invoice and Payments the document shows', async () => {
    await post(example);
    expect(await held('Invoice', '1042-0007')).toEqual([jsonBlock(doc, 'sale-invoice')]);
    expect(await held('Payment', '1042-0007')).toEqual(jsonBlock(doc, 'sale-payments'));
  });

  it('brings QuickBooks in line with version 2 as the document shows', async () => {
    await post({ ...example, ...(jsonBlock(doc, 'edit-changes') as Row) });
    const [invoice, ...others] = await held('Invoice', '1042-0007');
    expect(others).toEqual([]);
    const { Line: lines, ...head } = invoice!;
    expect(head).toEqual(jsonBlock(doc, 'edit-invoice'));
    // "its lines as before except the tip": the sale's lines with the tip line shown.
    const tip = jsonBlock(doc, 'edit-tip-line') as Row;
    const saleLines = (jsonBlock(doc, 'sale-invoice') as { Line: Row[] }).Line;
    expect(lines).toEqual(saleLines.map((l) => (l.Description === tip.Description ? tip : l)));
    expect(await held('Payment', '1042-0007')).toEqual(jsonBlock(doc, 'edit-payments'));
  });

  it('posts the refund ticket as the Refund Receipt the document shows', async () => {
    const refund = jsonBlock(doc, 'refund-ticket') as Row;
    await post(refund);
    expect(await held('RefundReceipt', String(refund.id))).toEqual([jsonBlock(doc, 'refund-receipt')]);
    expect(await held('Payment', String(refund.id))).toEqual([]);
  });
});
