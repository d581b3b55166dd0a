/** A tiny HTML template tag: interpolated values are escaped unless they are already Html. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

const STYLE = `
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #393a3d; background: #f4f5f8; }
header { background: #2ca01c; color: white; padding: 12px 24px; display: flex; gap: 16px; align-items: baseline; }
header a { color: white; }
main { padding: 16px 24px; max-width: 1100px; }
section { background: white; border-radius: 4px; padding: 12px 16px; margin-bottom: 16px; box-shadow: 0 1px 2px rgba(0,0,0,.1); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e3e5e8; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.voided td:not(.status), tr.deleted td:not(.status) { color: #8d9096; text-decoration: line-through; }
tr.inactive td { color: #8d9096; }
.badge { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 12px; font-weight: 600; margin-right: 4px; }
.badge.voided { background: #e3e5e8; color: #393a3d; }
.badge.deleted { background: #fde2e1; color: #b3261e; }
.badge.locked { background: #fff4d6; color: #7a5b00; }
p.closed { background: #fff4d6; padding: 8px; border-radius: 4px; }
form { margin: 8px 0; }
form.inline label, form.inline input, form.inline button { display: inline-block; margin: 0 8px 0 0; vertical-align: middle; }
table.lines { margin: 4px 0 8px 24px; width: calc(100% - 24px); font-size: 13px; }
.muted { color: #8d9096; }
button { background: #2ca01c; color: white; border: 0; border-radius: 4px; padding: 8px 16px; font-size: 15px; cursor: pointer; }
button.secondary { background: white; color: #393a3d; border: 1px solid #8d9096; }
label { display: block; margin: 6px 0; }
`;

export function page(title: string, body: Html): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${new Html(STYLE)}</style></head>
<body><header><strong>QuickBooks Online simulator</strong><a href="/__sim/">Companies</a></header><main>${body}</main></body></html>`.value;
}
