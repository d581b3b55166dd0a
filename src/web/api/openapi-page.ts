/**
 * /api/docs: the OpenAPI document as a page a person can read, rendered on the server. No
 * script and no inline style (the CSP allows neither); the back office's stylesheet, and the
 * schemas as indented JSON under each route.
 */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Operation {
  summary: string; description?: string; parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
}

function block(title: string, value: object): string {
  return `<details><summary>${escapeHtml(title)}</summary><pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre></details>`;
}

function renderOperation(method: string, path: string, op: Operation): string {
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
  const params = (op.parameters ?? []).map((p) => `<li><code>${escapeHtml(p.name)}</code> in ${p.in}${p.required ? ', required' : ''}</li>`).join('');
  const bodies = Object.entries(op.requestBody?.content ?? {}).map(([type, c]) => block(`request body, ${type}`, c.schema)).join('');
  const answers = Object.entries(op.responses).map(([status, r]) =>
    `<li><strong>${escapeHtml(status)}</strong> ${escapeHtml(r.description)}${r.content ? block('answer', r.content['application/json']!.schema) : ''}</li>`).join('');
  return `<section id="${id}"><h2><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h2>
<p>${escapeHtml(op.summary)}</p>${op.description ? `<p>${escapeHtml(op.description)}</p>` : ''}
${params ? `<h3>Parameters</h3><ul>${params}</ul>` : ''}${bodies}<h3>Answers</h3><ul>${answers}</ul></section>`;
}

export function renderApiDocs(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<string, Record<string, Operation>>;
  const ops = Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method, path, op })));
  const index = ops.map(({ method, path }) => `<li><a href="#${`${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-')}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a></li>`).join('');
  const info = doc.info as { title: string; description: string };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)}</title><link rel="stylesheet" href="/static/app.css"></head>
<body><main class="api-docs"><h1>${escapeHtml(info.title)}</h1><p>${escapeHtml(info.description)}</p>
<p>Send your API key as <code>Authorization: Bearer &lt;key&gt;</code> (or <code>X-Api-Key</code>). Refusals answer <code>{"error", "code"?, "details"?}</code>, the details naming each field at fault.
The same description, machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<nav><ul>${index}</ul></nav>
${ops.map(({ method, path, op }) => renderOperation(method, path, op)).join('\n')}
</main></body></html>
`;
}
