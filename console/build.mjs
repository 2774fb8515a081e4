// Bundles console/src into console/dist: index.html, one JS and one CSS file named by their content hash
// (served as immutable), and build.json with the hash of the sources (sources-hash.mjs). Minified, no source
// maps, nothing fetched at run time: the console works offline. dist/ is committed, so `npm start` serves it.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourcesHash } from './sources-hash.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
const result = await build({
  entryPoints: { console: join(root, 'src/main.jsx') },
  bundle: true,
  outdir: dist,
  entryNames: '[name].[hash]',
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
const js = outputs.find((name) => name.endsWith('.js'));
const css = outputs.find((name) => name.endsWith('.css'));
// Asset URLs are relative to the page: it is served at /_eddy/console/ (a redirect-free `/_eddy/console`
// gets a <base>), and the server only hands out names it finds in dist/.
writeFileSync(
  join(dist, 'index.html'),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<base href="/_eddy/console/">
<title>Eddy console</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='6' fill='none' stroke='%230d9488' stroke-width='3'/%3E%3C/svg%3E">
<link rel="stylesheet" href="${css}">
</head>
<body>
<div id="app"></div>
<script type="module" src="${js}"></script>
</body>
</html>
`,
);
writeFileSync(join(dist, 'build.json'), `${JSON.stringify({ sourcesHash: sourcesHash(root), files: readdirSync(dist).sort() }, null, 2)}\n`);
