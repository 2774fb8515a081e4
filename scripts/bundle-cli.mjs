// Bundles the `eddy` command's code (src/cli/bundle-entry.ts: its commands, and everything they import) into
// dist/cli/eddy-bundle.cjs (a CommonJS module's code in its function, not a module to require), beside the
// file-per-module transpile of scripts/build.mjs, which dist/cli/eddy.js and `npm start` load through
// src/cli/load-command-line.ts. Node's ES module loader spends about half a millisecond per module on resolving,
// opening and reading it; the command imports some 900 of them, and that was most of `eddy start`'s time to
// ready (docs/benchmarks.md, "Start-up"). One file loads in a fraction of it, and as CommonJS it can be compiled
// from V8's code cache on Node 20 (load-command-line.ts says why).
//
// The rest of dist/ stays as it is: programs import dist/index.js, workers and tests load single modules.
// Packages stay external and are required when first used (pg only when PostgreSQL is chosen, esbuild only
// when something is built). What the sources import with import() is in the bundle too, evaluated when first
// imported. A module that finds files beside itself through `import.meta.url` (the console's files, the
// runtimes' bootstraps, Eddy's package.json) gets the URL its own dist/ file would have, so it finds the same
// files from the bundle.
import { build, transform } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** What the bundle's function takes, in load-command-line.ts's order: CommonJS's five, and the loader's import. */
const BUNDLE_PARAMETERS = 'exports, require, module, __filename, __dirname, __eddyImport';

/**
 * @param {object} options
 * @param {string} options.src  the src/ directory
 * @param {string} options.outdir  the dist/ being built (cli/eddy-bundle.cjs is added)
 * @param {boolean} options.sourcemap
 * @param {boolean} options.strict  fail when the sources do not bundle; otherwise warn and keep the transpiled file
 */
export async function bundleCli({ src, outdir, sourcemap, strict }) {
  const outfile = join(outdir, 'cli/eddy-bundle.cjs');
  /** @type {import('esbuild').Plugin} */
  const moduleUrls = {
    name: 'module-urls',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        // Where this module's own file is in dist/, relative to the bundle (src/a/b.ts → ../a/b.js).
        const own = relative(dirname(outfile), join(outdir, relative(src, path))).split(sep).join('/').replace(/\.ts$/, '.js');
        // `define` replaces the expression only, never the same text inside a string (handler-bundler's
        // esbuild options name import.meta.url in strings for the bundles it builds).
        const { code } = await transform(source, {
          loader: 'ts',
          sourcefile: path,
          sourcemap: sourcemap ? 'inline' : false,
          define: { 'import.meta.url': '__eddyModuleUrl' },
        });
        return { contents: `const __eddyModuleUrl = new URL(${JSON.stringify(own)}, __eddyBundleUrl).href;\n${code}`, loader: 'js', resolveDir: dirname(path) };
      });
      // The bundle is compiled from V8's code cache, where import() finds no callback in Node 20: modules outside
      // it are imported by the ES module that loads it, passed in as __eddyImport (load-command-line.ts).
      b.onLoad({ filter: /[\\/]shared[\\/]import-module\.ts$/ }, () => ({
        contents: 'export const importModule = (specifier) => __eddyImport(specifier);',
        loader: 'js',
      }));
    },
  };
  const bundling = build({
    entryPoints: [join(src, 'cli/bundle-entry.ts')],
    outfile,
    allowOverwrite: true,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    // import() of a package or of a module of the bundle becomes a require() when first reached.
    supported: { 'dynamic-import': false },
    target: 'node20',
    // The file is the body of the function load-command-line.ts calls, already wrapped: wrapping it there made
    // V8 copy the 2.6 MB source into one flat string before compiling it (7 ms a start). Strict, as the ES
    // modules it is made of are (esbuild's own "use strict" would come after this line).
    banner: { js: `(function (${BUNDLE_PARAMETERS}) {"use strict";\nconst __eddyBundleUrl = require("node:url").pathToFileURL(__filename).href;` },
    footer: { js: '})' },
    sourcemap,
    logLevel: 'warning',
    plugins: [moduleUrls],
    write: false,
  }).then(async ({ outputFiles }) => {
    // esbuild escapes non-ASCII characters in code, not in the comments it keeps; one `…` in a comment makes
    // Node decode the whole file as UTF-8 and V8 keep its source two bytes a character (50 ms and 2 MB here).
    for (const { path, text } of outputFiles) await writeFile(path, path.endsWith('.cjs') ? text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text);
  });
  // A file-per-module transpile does not resolve imports, a bundle does: while a source file is being
  // written, an import of a module not saved yet would stop every build (and `npm test`). The file-per-
  // module eddy.js does the same work, only slower to load; `prepare` (what is published) is strict.
  await bundling.catch((error) => {
    if (strict) throw error;
    console.warn(`dist/cli/eddy-bundle.cjs is not built (the command loads module by module): ${error.message.split('\n')[0]}`);
  });
}
