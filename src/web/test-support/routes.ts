/** The routes of a running app, read from fastify's printRoutes tree (HEAD left out: fastify adds it to every GET). */
export function routesOf(tree: string): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([\s│]*)(?:└── |├── )(\S+) \(([^)]+)\)/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const full = `${stack.at(-1) ?? ''}${m[2]}`;
    stack.push(full);
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') out.push({ method, path: full });
  }
  return out;
}
