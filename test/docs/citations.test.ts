/**
 * The repository stands alone: code and docs cite the project's own docs ("quickbooks-facts
 * §5", "posting-rules §2-4", "ticket-format §5"), every such section and every link between the
 * docs exists, and nothing points at files a clone does not have (a team's spec pages, a
 * development machine's paths).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', 'data', 'test-results', '.git', 'out']);
const TEXT = /\.(ts|mts|mjs|js|md|json|sql|eta|css|html|yml|yaml)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (TEXT.test(entry.name)) out.push(path);
  }
  return out;
}

const files = [
  ...['src', 'test', 'bench', 'scripts', 'bin', 'docs'].flatMap(filesUnder),
  'README.md', 'SECURITY.md', 'BENCHMARKS.md', 'eslint.config.js', 'package.json',
].map((path) => ({ path: relative(ROOT, join(ROOT, path)), text: readFileSync(join(ROOT, path), 'utf8') }));

const DOCS = ['quickbooks-facts', 'posting-rules', 'ticket-format', 'summary-mode'] as const;
const docText = (name: string) => readFileSync(join(ROOT, 'docs', `${name}.md`), 'utf8');

/** The numbered sections of a doc: "## 7. Errors" → 7, "### 7.2 Codes" → 7.2. */
function sectionsOf(text: string): Set<string> {
  return new Set([...text.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]!));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(text: string): Set<string> {
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')));
}

describe('the docs stand alone', () => {
  it('cites only sections the docs have', () => {
    const sections = new Map(DOCS.map((d) => [d, sectionsOf(docText(d))]));
    const missing: string[] = [];
    let cited = 0;
    const citation = /\b(quickbooks-facts|posting-rules|ticket-format|summary-mode)(?:\.md)? ((?:§\d+(?:\.\d+)?(?:[-–]\d+)?)(?:(?:, | and )§\d+(?:\.\d+)?)*)/g;
    for (const f of files) {
      for (const m of f.text.matchAll(citation)) {
        const doc = m[1] as (typeof DOCS)[number];
        for (const part of m[2]!.matchAll(/§(\d+(?:\.\d+)?)(?:[-–](\d+))?/g)) {
          const from = Number(part[1]);
          const numbers = part[2] ? Array.from({ length: Number(part[2]) - from + 1 }, (_, i) => String(from + i)) : [part[1]!];
          for (const n of numbers) {
            cited++;
            if (!sections.get(doc)!.has(n)) missing.push(`${f.path}: ${doc} §${n}`);
          }
        }
      }
    }
    expect(cited).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('links between the docs land on headings that exist', () => {
    const broken: string[] = [];
    let links = 0;
    const mdFiles = files.filter((f) => f.path.endsWith('.md'));
    for (const f of mdFiles) {
      for (const m of f.text.matchAll(/\]\(([\w./-]*?\.md)?#([^)\s]+)\)/g)) {
        links++;
        const target = m[1] ? join(f.path, '..', m[1]) : f.path;
        const text = files.find((g) => g.path === target)?.text;
        if (text === undefined || !anchorsOf(text).has(m[2]!)) broken.push(`${f.path}: ${m[0]}`);
      }
    }
    expect(links).toBeGreaterThan(30);
    expect(broken).toEqual([]);
  });

  it('names only files of the repository that exist', () => {
    const missing: string[] = [];
    let named = 0;
    for (const f of files.filter((g) => g.path.endsWith('.md'))) {
      const paths = [
        ...[...f.text.matchAll(/`((?:src|test|bench|docs|scripts|bin)\/[\w./-]*\w\/?)`/g)].map((m) => m[1]!),
        ...[...f.text.matchAll(/\]\(([\w./-]+\.(?:md|json|ts))(?:#[^)]*)?\)/g)].map((m) => relative(ROOT, join(ROOT, f.path, '..', m[1]!))),
      ];
      for (const path of paths) {
        named++;
        // bench/out is what the benchmark writes, not part of the repository.
        if (!path.startsWith('bench/out/') && !existsSync(join(ROOT, path))) missing.push(`${f.path}: ${path}`);
      }
    }
    expect(named).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });

  it('points at nothing a clone of the repository lacks', () => {
    // Spelled in pieces, so this file does not find itself.
    const forbidden = [
      new RegExp(['\\.\\./', 'shared'].join('')),
      new RegExp(['qbo-api', '-notes'].join('')),
      new RegExp(['\\bnotes ', '§'].join('')),
      new RegExp(['architecture (§|pr', 'actice)'].join('')),
      /(^|[\s`'"(])\/(work|home|Users|root)\//m,
      /\b[A-Z]:\\\\/,
    ];
    const found = files.flatMap((f) => forbidden.filter((re) => re.test(f.text)).map((re) => `${f.path}: ${re.source}`));
    expect(found).toEqual([]);
  });
});
