import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// For the tests that promise a package is loaded only when it is needed (pg, esbuild): who imports it, and
// what a fresh process that starts Eddy has loaded.
const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sources(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
    }),
  );
  return nested.flat();
}

/**
 * The source files under src/ (paths from the repository root) that import a package whose name matches
 * `names` (a regular expression's source) statically — `import … from` or `export … from`, types aside —
 * and those that `import('dynamic')` it.
 */
export async function importersOf(names: string, dynamic: string): Promise<{ staticImporters: string[]; dynamicImporters: string[] }> {
  const statics = [new RegExp(`^\\s*import (?!type )[^;]*from '(${names})'`, 'm'), new RegExp(`^\\s*export [^;]*from '(${names})'`, 'm')];
  const staticImporters: string[] = [];
  const dynamicImporters: string[] = [];
  for (const file of await sources(join(root, 'src'))) {
    const text = await readFile(file, 'utf8');
    if (statics.some((pattern) => pattern.test(text))) staticImporters.push(file.slice(root.length));
    if (text.includes(`import('${dynamic}')`)) dynamicImporters.push(file.slice(root.length));
  }
  return { staticImporters, dynamicImporters };
}

/**
 * Runs `script(entry)` (an ES module's text; `entry` is the URL of Eddy's package entry to import, the
 * built one when `npm test` has just built it, as test/helpers/cli.ts runs, else the sources through tsx)
 * in a fresh node process, and answers the JSON its last line of output holds.
 */
export async function inFreshProcess<T>(script: (entry: string) => string): Promise<T> {
  const built = process.env.EDDY_TEST_DIST === 'built';
  const entry = new URL(built ? '../../dist/index.js' : '../../src/index.ts', import.meta.url).href;
  const args = built ? ['--input-type=module', '-e', script(entry)] : ['--import', 'tsx', '--input-type=module', '-e', script(entry)];
  const { stdout } = await run(process.execPath, args, { cwd: root });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}
