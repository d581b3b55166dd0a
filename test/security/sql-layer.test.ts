/**
 * SQL only through the query layer (issue 7): outside src/store (which holds the migration
 * runner and every query module), no production module builds SQL. Checked on the syntax tree
 * of every module, so a comment or a QuickBooks query ("SELECT * FROM Invoice", a different
 * language sent to QuickBooks) is no false alarm:
 * - no value import from a database driver (pg, PGlite, any other) or from kysely (types only:
 *   `import type { Kysely }` to hand a connection to the store is fine);
 * - no `sql` tagged template and no sql.raw / sql.lit / sql.id / sql.ref (kysely's escape hatches);
 * - no kysely query builder started (selectFrom, insertInto, updateTable, deleteFrom, …): a
 *   query written with the builder is SQL too, and belongs in a store module;
 * - no string or template that reads like SQL about one of our tables (from the migrations).
 * The same detector run over src/store must find its SQL: proof that it is not blind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');
const DRIVERS = /^(pg|pg-.*|postgres|@electric-sql\/pglite.*|kysely-.*|better-sqlite3|sqlite3|mysql2?|knex)$/;
const TABLES = [...new Set(readdirSync(path.join(SRC, 'store/migrations')).filter((f) => f.endsWith('.sql'))
  .flatMap((f) => [...readFileSync(path.join(SRC, 'store/migrations', f), 'utf8').matchAll(/CREATE TABLE\s+(?:IF NOT EXISTS\s+)?([a-z_]+)/gi)].map((m) => m[1]!.toLowerCase())))];
const QUERY_BUILDERS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto', 'selectNoFrom', 'executeQuery']);
const SQL_ABOUT_OUR_TABLES = new RegExp(`\\b(from|into|update|join|table|truncate)\\s+"?(${TABLES.join('|')})\\b`, 'i');

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test-support' ? [] : modules(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every place a module builds or sends SQL itself, as "file:line what". */
function sqlBuilders(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => found.push(`${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const from = node.moduleSpecifier.text;
      const clause = node.importClause;
      const valueImport = clause !== undefined && !clause.isTypeOnly && (clause.name !== undefined
        || (clause.namedBindings !== undefined && (!ts.isNamedImports(clause.namedBindings) || clause.namedBindings.elements.some((e) => !e.isTypeOnly))));
      if (DRIVERS.test(from) && (valueImport || clause === undefined)) at(node, `imports the database driver ${from}`);
      if (from === 'kysely' && valueImport) at(node, 'imports values from kysely (sql, CompiledQuery…)');
    }
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source).replace(/<.*>$/s, '') === 'sql') at(node, 'sql`…` template');
    if (ts.isPropertyAccessExpression(node) && node.expression.getText(source) === 'sql') at(node, `sql.${node.name.text}`);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && QUERY_BUILDERS.has(node.expression.name.text)) {
      at(node, `query builder .${node.expression.name.text}(…)`);
    }
    const isText = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
    if (isText && SQL_ABOUT_OUR_TABLES.test(node.getText(source))) {
      at(node, `SQL text: ${node.getText(source).slice(0, 60)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('SQL only through the query layer', () => {
  const all = modules(SRC);
  const store = all.filter((f) => f.startsWith(path.join(SRC, 'store') + path.sep));
  const others = all.filter((f) => !store.includes(f));

  it('reads the tables from the migrations and scans every production module', () => {
    expect(TABLES).toEqual(expect.arrayContaining(['tickets', 'tenants', 'qbo_connections', 'api_keys', 'sessions', 'sync_runs']));
    expect(others.length).toBeGreaterThan(100);
  });

  it('finds the SQL of src/store (the detector sees what it looks for)', () => {
    const inStore = store.flatMap(sqlBuilders);
    expect(inStore.some((f) => f.includes('sql`'))).toBe(true);
    expect(inStore.some((f) => f.includes('database driver'))).toBe(true);
    expect(inStore.some((f) => f.includes('query builder .selectFrom'))).toBe(true);
  });

  it('finds none anywhere else', () => {
    expect(others.flatMap(sqlBuilders)).toEqual([]);
  });
});
