// Bundles the `eddy` command (src/cli/eddy.ts and everything it imports) into dist/cli/eddy.js, over the
// file-per-module transpile of scripts/build.mjs, and `eddy start`'s command alone into dist/cli/eddy-start.js. Node's ES module loader spends about half a millisecond
// per module on resolving, opening and reading it; the command imports some 900 of them, and that was
// most of `eddy start`'s time to ready (docs/benchmarks.md, "Start-up"). One file loads in a fraction of it.
//
// The rest of dist/ stays as it is: programs import dist/index.js, workers and tests load single modules.
// Packages stay external (pg is still imported only when PostgreSQL is chosen). A module that finds files
// beside itself through `import.meta.url` (the console's files, the runtimes' bootstraps, Eddy's
// package.json) gets the URL its own dist/ file would have, so it finds the same files from the bundle.
import { build, transform } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/**
 * @param {object} options
 * @param {string} options.src  the src/ directory
 * @param {string} options.outdir  the dist/ being built (its cli/eddy.js is replaced)
 * @param {boolean} options.sourcemap
 * @param {boolean} options.strict  fail when the sources do not bundle; otherwise warn and keep the transpiled file
 */
export async function bundleCli({ src, outdir, sourcemap, strict }) {
  const outfile = join(outdir, 'cli/eddy.js');
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
        return { contents: `const __eddyModuleUrl = new URL(${JSON.stringify(own)}, import.meta.url).href;\n${code}`, loader: 'js', resolveDir: dirname(path) };
      });
    },
  };
  const bundling = build({
    // eddy-start.js: startCommand alone, for `npm start` (scripts/start.mjs), which runs it with the
    // example's hooks. Both entries share one chunk of the code they have in common.
    entryPoints: { eddy: join(src, 'cli/eddy.ts'), 'eddy-start': join(src, 'cli/start-command.ts') },
    outdir: dirname(outfile),
    allowOverwrite: true,
    bundle: true,
    // What the sources import with import() stays a chunk of its own, loaded when first needed, with the
    // packages it imports (yaml for templates, pg for PostgreSQL). Chunks sit beside the bundle, so the
    // module URLs below hold for them too.
    splitting: true,
    chunkNames: 'eddy-[hash]',
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap,
    logLevel: 'warning',
    plugins: [moduleUrls],
    write: false,
  }).then(async ({ outputFiles }) => {
    // esbuild escapes non-ASCII characters in code, not in the comments it keeps; one `…` in a comment makes
    // Node decode the whole file as UTF-8 and V8 keep its source two bytes a character (50 ms and 2 MB here).
    for (const { path, text } of outputFiles) await writeFile(path, path.endsWith('.js') ? text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text);
    // eddy-start.js is a module like the rest of dist/ (its exports are start-command's): its types are those.
    await writeFile(join(dirname(outfile), 'eddy-start.d.ts'), "export * from './start-command.js';\n");
  });
  // A file-per-module transpile does not resolve imports, a bundle does: while a source file is being
  // written, an import of a module not saved yet would stop every build (and `npm test`). The file-per-
  // module eddy.js does the same work, only slower to load; `prepare` (what is published) is strict.
  await bundling.catch((error) => {
    if (strict) throw error;
    console.warn(`dist/cli/eddy.js is not bundled (it loads module by module): ${error.message.split('\n')[0]}`);
  });
}
