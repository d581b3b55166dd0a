/**
 * Reading the checked examples out of the documentation. A block is a fenced code block
 * right after a marker comment, `<!-- checked: name -->`; the tests parse it and compare it
 * with what the code really does, so a doc that drifts from the code fails the suite.
 */
import { readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);

export function readDoc(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

/** Every checked block of a document, by name; a name used twice is an error. */
export function checkedBlocks(doc: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const m of doc.matchAll(/<!-- checked: ([\w-]+) -->\s*\n```[a-z]*\n([\s\S]*?)\n```/g)) {
    const [, name = '', body = ''] = m;
    if (blocks.has(name)) throw new Error(`checked block "${name}" appears twice`);
    blocks.set(name, body);
  }
  return blocks;
}

/** The named block, parsed as JSON. */
export function jsonBlock(blocks: Map<string, string>, name: string): unknown {
  const text = blocks.get(name);
  if (text === undefined) throw new Error(`no checked block "${name}"`);
  return JSON.parse(text) as unknown;
}

/** The rows of the markdown table right after `<!-- checked: name -->`, as cells (header and rule left out). */
export function checkedTable(doc: string, name: string): string[][] {
  const at = doc.indexOf(`<!-- checked: ${name} -->`);
  if (at < 0) throw new Error(`no checked table "${name}"`);
  const lines = doc.slice(at).split('\n').slice(1);
  const rows: string[][] = [];
  for (const line of lines) {
    if (!line.startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|')));
  }
  return rows.slice(2);
}
