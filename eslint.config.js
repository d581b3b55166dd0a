// Lint is part of `npm test`. Besides the usual TypeScript rules it guards the rooms of
// the architecture (README, "Architecture"): which folder may import which.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Tests may reach across rooms (a client test starts the simulator); code may not.
const room = (files, forbidden, message) => ({
  files,
  ignores: ['**/*.test.ts', '**/test-support/**'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: forbidden.map((group) => ({ group: [group], message })),
    }],
  },
});

// sync/ and the store have doors; the rooms over them use those, not what is inside.
const SYNC_INSIDE = ['**/sync/!(index).js', '**/sync/*/**'];
// Row types and the job queue's SQL stay in the store.
const STORE_INSIDE = ['**/store/schema.js', '**/store/db.js', '**/store/job-queue.js', '**/store/sync-tickets.js', '**/store/qbo-writes.js', '**/store/ticket-moves.js'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'test-results/**', 'bench/out/**', 'dist/**', 'dist.*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', {
        object: 'process', property: 'env',
        message: 'Only src/config reads the environment; take a Config instead.',
      }],
    },
  },
  { files: ['src/config/**', 'test/**', 'bench/**', 'scripts/**', '**/*.test.ts', 'bin/**', 'vitest.config.ts'],
    rules: { 'no-restricted-properties': 'off' } },
  // Production code never imports the simulator; rooms below add their own limits.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/cli/**', 'src/app/**', 'src/sandbox/**', 'src/demo/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/sandbox/**'], message: 'Production code never imports the simulator.' }] }],
    },
  },
  room(['src/domain/**'], ['**/store/**', '**/qbo/**', '**/sync/**', '**/web/**', '**/cli/**', '**/mapping/**', '**/sandbox/**', '**/config/**', '**/jobs/**', '**/intake/**'],
    'domain/ imports nothing else of ours.'),
  room(['src/qbo/**'], ['**/domain/**', '**/store/**', '**/sync/**', '**/web/**', '**/cli/**', '**/mapping/**', '**/sandbox/**', '**/jobs/**', '**/intake/**'],
    'qbo/ is a standalone QuickBooks client.'),
  room(['src/mapping/**'], ['**/store/**', '**/qbo/client*', '**/sync/**', '**/web/**', '**/cli/**', '**/sandbox/**', '**/jobs/**', '**/intake/**'],
    'mapping/ is pure: no I/O.'),
  room(['src/store/**'], ['**/qbo/**', '**/sync/**', '**/web/**', '**/cli/**', '**/sandbox/**', '**/jobs/**', '**/mapping/**'],
    'store/ knows nothing of QuickBooks or HTTP.'),
  room(['src/sandbox/**'], ['**/domain/**', '**/store/**', '**/qbo/**', '**/sync/**', '**/web/**', '**/mapping/**', '**/jobs/**', '**/intake/**'],
    'the simulator stands alone, like the real QuickBooks.'),
  room(['src/intake/**'], ['**/qbo/**', '**/sync/**', '**/web/**', '**/cli/**', '**/mapping/**', '**/sandbox/**', '**/jobs/**', '**/app/**'],
    'intake/ turns received text into stored tickets: domain and store only.'),
  room(['src/sync/**'], ['**/web/**', '**/cli/**', '**/jobs/**', '**/app/**', '**/sandbox/**', '**/intake/**', '**/qbo/!(index).js', '**/mapping/!(index).js'],
    'sync/ brings domain, mapping, store and qbo together (through their doors); it knows nothing of web, cli or jobs.'),
  room(['src/jobs/**'], [...SYNC_INSIDE, '**/web/**', '**/cli/**', '**/app/**', '**/mapping/**', '**/qbo/**', '**/intake/**', '**/sandbox/**'],
    'jobs/ executes runs: it calls sync/ through its door (sync/index.js).'),
  room(['src/web/**'], [...SYNC_INSIDE, ...STORE_INSIDE, '**/cli/**', '**/jobs/**', '**/app/**', '**/mapping/**', '**/qbo/**', '**/sandbox/**', 'kysely'],
    'web/ is a thin layer over sync/ (its door) and the store: no SQL, no engine.'),
  room(['src/cli/**'], [...SYNC_INSIDE, ...STORE_INSIDE, '**/web/**', '**/jobs/!(index).js', '**/mapping/**', '**/qbo/!(index).js', 'kysely'],
    'cli/ is a thin layer over sync/ (its door), jobs/ (its door) and the store: no SQL, no business rule.'),
  room(['src/app/**'], [...SYNC_INSIDE, '**/cli/**', '**/mapping/**'],
    'app/ composes the rooms through their doors.'),
  // Small pieces (README, "Architecture"): a function is read in one screen, a file in one sitting.
  // Tests are left out: a test reads best as one story, and their tables are long by nature.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', '**/test-support/**'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'max-len': ['error', { code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }] },
  },
);
