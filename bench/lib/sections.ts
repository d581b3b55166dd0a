/**
 * BENCHMARKS.md is written by more than one script: `npm run bench` writes the whole file, and
 * keeps the sections other scripts own (bench/many-stores.ts), which live between markers.
 */
const start = (name: string) => `<!-- section:${name} -->`;
const end = (name: string) => `<!-- /section:${name} -->`;

/** `body` wrapped in its markers. */
export function section(name: string, body: string): string {
  return `${start(name)}\n${body.trim()}\n${end(name)}`;
}

/** The section `name` of `text`, markers included; null when it has none. */
export function findSection(text: string, name: string): string | null {
  const a = text.indexOf(start(name));
  const b = text.indexOf(end(name));
  return a >= 0 && b > a ? text.slice(a, b + end(name).length) : null;
}

/** `text` with its section `name` replaced by `body` (appended when it has none). */
export function replaceSection(text: string, name: string, body: string): string {
  const old = findSection(text, name);
  return old ? text.replace(old, section(name, body)) : `${text.trimEnd()}\n\n${section(name, body)}\n`;
}

/** Every section of `text`, markers included, in order. */
export function allSections(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/<!-- section:([\w-]+) -->/g)) {
    const found = findSection(text.slice(m.index), m[1]!);
    if (found) out.push(found);
  }
  return out;
}
