/**
 * The `tillbooks` command as a bundle (dist/cli/main.js and its lazily loaded chunks), which
 * bin/tillbooks.mjs runs. Loaded file by file, a command read ~550 of our modules and ~400 of
 * kysely's and zod's through Node's ESM loader, each resolved and read on the thread pool:
 * ~0.5 s of CPU before its own work, every time (`--help` 0.58 s, a `sync` with nothing to post
 * 1.2–1.5 s; bundled 0.32 s and 1.0 s). The service's and the worker's heavy packages stay
 * outside, loaded by the commands that run them, as before.
 *
 * Packages are bundled by name, not by default: a package that finds its own files at run
 * time (PGlite's WebAssembly, pino's workers, fastify's plugins) breaks once moved into a
 * chunk, so only plain JavaScript libraries on every command's path are let in.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const BUNDLED = new Set([
  'kysely', 'zod', 'commander', 'luxon', 'croner', 'oauth4webapi', 'tinyqueue',
  'fast-xml-parser', 'fast-xml-builder', 'strnum', 'anynum', 'is-unsafe', 'xml-naming', 'path-expression-matcher', '@nodable/entities',
]);

const packageOf = (specifier) => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

/** Bare imports of packages not in BUNDLED stay imports, resolved from node_modules at run time. */
const keepPackagesOutside = {
  name: 'keep-packages-outside',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || BUNDLED.has(packageOf(args.path))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * Our modules that read files beside themselves (migrations, views, static files) find them
 * through import.meta.url; in a chunk that URL is the chunk's. Each keeps the URL of its
 * file-by-file build in dist/src/, where the build copies those files.
 */
function keepModuleUrls(root, outdir) {
  return {
    name: 'keep-module-urls',
    setup(b) {
      b.onLoad({ filter: /[/\\]src[/\\].*\.ts$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const compiled = path.join(outdir, '..', path.relative(root, args.path)).replace(/\.ts$/, '.js');
        const relative = path.relative(outdir, compiled).split(path.sep).join('/');
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(relative)}, import.meta.url).href`), loader: 'ts' };
      });
    },
  };
}

/** Writes the command's bundle into `<dist>/cli/`; `dist` also holds the file-by-file build. */
export async function bundleCli(root, dist) {
  const outdir = path.join(dist, 'cli');
  await build({
    entryPoints: { main: path.join(root, 'src/cli/main.ts') },
    outdir, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error',
    // Bundled CommonJS (commander, luxon) asks for `require`; ESM output has none of its own.
    banner: { js: "import { createRequire as __tillbooksRequire } from 'node:module'; const require = __tillbooksRequire(import.meta.url);" },
    plugins: [keepPackagesOutside, keepModuleUrls(root, outdir)],
  });
}
