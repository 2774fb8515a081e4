// Transpiles src/ to dist/ with esbuild (fast enough to run before every `npm start` and `npm test`).
// `--types` also emits .d.ts files with tsc (tsconfig.build.json); `--no-sourcemap` leaves the source maps
// out. `prepare` passes both: npm runs it on `npm install` / `npm ci` here, on `npm pack` / `npm publish`
// (after `prepack`, so a build in `prepack` would be replaced) and when a project installs Eddy from git.
// The published package therefore carries .js and .d.ts only: maps would double its size for stack
// traces into Eddy's own code, which point at readable esbuild output without them.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, renameSync, rmSync, chmodSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from './bundle-cli.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

// Built beside dist/ and swapped in, so a test run building at the same moment as another (two terminals,
// or `npm test` beside `npm start`) never sees a half-written dist/.
const dist = join(root, 'dist');
const fresh = join(root, `.dist-${process.pid}`);
rmSync(fresh, { recursive: true, force: true });
await build({
  entryPoints: sources(src),
  outdir: fresh,
  outbase: src,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: !process.argv.includes('--no-sourcemap'),
  logLevel: 'warning',
});
await bundleCli({ src, outdir: fresh, sourcemap: !process.argv.includes('--no-sourcemap'), strict: process.argv.includes('--types') });
chmodSync(join(fresh, 'cli/eddy.js'), 0o755);
const stale = join(root, `.dist-old-${process.pid}`);
for (let tries = 0; ; tries++) {
  try {
    renameSync(dist, stale);
  } catch (error) {
    if (error.code !== 'ENOENT' && error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
  }
  try {
    renameSync(fresh, dist);
    break;
  } catch (error) {
    // Another build swapped its dist/ in between our two renames: set it aside too, and try again.
    if ((error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') || tries === 10) throw error;
    rmSync(stale, { recursive: true, force: true });
  }
}
rmSync(stale, { recursive: true, force: true });

if (process.argv.includes('--types')) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
}
console.log(`built ${relative(process.cwd(), join(root, 'dist')) || 'dist'}`);
