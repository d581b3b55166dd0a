/**
 * QuickBooks documents as docs/posting-rules.md shows them: trimmed to the fields a reader
 * needs, references by name only (QuickBooks sends `{value: id, name}`), and document ids
 * replaced by labels ("Invoice 1", "Payment 2") numbered in the order QuickBooks gave them, so
 * the example reads the same on every run and in every company.
 */
type Row = Record<string, unknown>;

const KEEP: Record<string, readonly string[]> = {
  Invoice: ['Id', 'SyncToken', 'DocNumber', 'TxnDate', 'CustomerRef', 'PrivateNote', 'Line', 'TxnTaxDetail', 'TotalAmt', 'Balance', 'LinkedTxn'],
  RefundReceipt: ['Id', 'DocNumber', 'TxnDate', 'CustomerRef', 'PrivateNote', 'Line', 'TxnTaxDetail', 'TotalAmt',
    'PaymentMethodRef', 'PaymentRefNum', 'DepositToAccountRef'],
  Payment: ['Id', 'TxnDate', 'CustomerRef', 'TotalAmt', 'PaymentMethodRef', 'PaymentRefNum', 'DepositToAccountRef', 'PrivateNote',
    'Line', 'UnappliedAmt'],
};

const LINE_DETAIL = ['ItemRef', 'ItemAccountRef', 'Qty', 'UnitPrice', 'TaxCodeRef'];

export interface DocLabels {
  label(entity: string, id: string): string;
}

/** Labels shared by every view of one example, so a LinkedTxn names the same document as its Id. */
export function makeLabels(): DocLabels {
  const labels = new Map<string, string>();
  const counts = new Map<string, number>();
  return {
    label(entity, id) {
      const key = `${entity}:${id}`;
      let label = labels.get(key);
      if (!label) {
        const n = (counts.get(entity) ?? 0) + 1;
        counts.set(entity, n);
        label = `${entity} ${n}`;
        labels.set(key, label);
      }
      return label;
    },
  };
}

/** Rows sorted by QuickBooks id (numeric where they are), so labels follow creation order. */
export function byId(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => Number(a.Id) - Number(b.Id) || String(a.Id).localeCompare(String(b.Id)));
}

export function docView(entity: string, row: Row, labels: DocLabels): Row {
  const out: Row = {};
  for (const field of KEEP[entity] ?? []) {
    const value = row[field];
    if (value === undefined) continue;
    if (field === 'Id') out.Id = labels.label(entity, String(value));
    else if (field === 'Line') out.Line = (value as Row[]).filter((l) => l.DetailType !== 'SubTotalLineDetail').map((l) => lineView(l, labels));
    else if (field === 'LinkedTxn') out.LinkedTxn = (value as Row[]).map((t) => linkView(t, labels));
    else out[field] = refView(value);
  }
  return out;
}

function lineView(line: Row, labels: DocLabels): Row {
  const out: Row = {};
  if (line.Description !== undefined) out.Description = line.Description;
  out.Amount = line.Amount;
  const detail = line.SalesItemLineDetail as Row | undefined;
  if (detail) {
    const kept: Row = {};
    for (const f of LINE_DETAIL) if (detail[f] !== undefined) kept[f] = refView(detail[f]);
    out.SalesItemLineDetail = kept;
  }
  if (Array.isArray(line.LinkedTxn)) out.LinkedTxn = (line.LinkedTxn as Row[]).map((t) => linkView(t, labels));
  return out;
}

function linkView(t: Row, labels: DocLabels): Row {
  return { TxnId: labels.label(String(t.TxnType), String(t.TxnId)), TxnType: t.TxnType };
}

/** A reference by name alone; a reference without a name (TaxCodeRef "NON") stays as it is. */
function refView(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const ref = value as Row;
    if (typeof ref.value === 'string' && typeof ref.name === 'string') return { name: ref.name };
  }
  return value;
}
