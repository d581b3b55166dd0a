/**
 * What a rewrite would change, for a day skipped in a closed period (summary-rules §4): the
 * POS sums per group that differ between what QuickBooks holds and what the day now sums to,
 * in cents. Groups are compared leaf by leaf (whatever their nesting), so every group the
 * summary names is covered.
 */
export interface GroupDifference {
  /** The group's path, e.g. "sales.Coffee" or "tenders.cash". */
  group: string;
  posted: number;
  now: number;
  /** now − posted, cents. */
  difference: number;
}

function leaves(value: unknown, path: string, out: Map<string, number>): Map<string, number> {
  if (typeof value === 'number') out.set(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, labelOf(v, path, i), out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (!isLabel(k)) leaves(v, path ? `${path}.${k}` : k, out);
  }
  return out;
}

const LABELS = ['name', 'key', 'group', 'label', 'method', 'category'];
const isLabel = (k: string) => LABELS.includes(k);

/** An array item named by its label field when it has one (a line's name), else its position. */
function labelOf(item: unknown, path: string, i: number): string {
  const rec = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
  const label = LABELS.map((l) => rec[l]).filter((v) => typeof v === 'string').join('.');
  return `${path}${path ? '.' : ''}${label || String(i)}`;
}

export function groupDifference(posted: unknown, now: unknown): GroupDifference[] {
  const a = leaves(posted ?? {}, '', new Map());
  const b = leaves(now ?? {}, '', new Map());
  const out: GroupDifference[] = [];
  for (const group of new Set([...a.keys(), ...b.keys()])) {
    const p = a.get(group) ?? 0;
    const n = b.get(group) ?? 0;
    if (p !== n) out.push({ group, posted: p, now: n, difference: n - p });
  }
  return out.sort((x, y) => (x.group < y.group ? -1 : 1));
}
