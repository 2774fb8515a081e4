import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

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

describe('esbuild is loaded only when something is built', () => {
  it('no source file imports esbuild statically: esbuild-loader.ts imports it dynamically, the rest import its types only', async () => {
    const staticImporters: string[] = [];
    const dynamicImporters: string[] = [];
    for (const file of await sources(join(root, 'src'))) {
      const text = await readFile(file, 'utf8');
      if (/^\s*import (?!type )[^;]*from 'esbuild'/m.test(text) || /^\s*export [^;]*from 'esbuild'/m.test(text)) staticImporters.push(file.slice(root.length));
      if (/import\('esbuild'\)/.test(text)) dynamicImporters.push(file.slice(root.length));
    }
    assert.deepEqual(staticImporters, []);
    assert.deepEqual(dynamicImporters, ['src/functions/esbuild-loader.ts']);
  });

  it('an Eddy started without functions has loaded no esbuild module; creating a function loads it', async () => {
    // The built package when `npm test` has just built it (as test/helpers/cli.ts does), else the sources.
    const built = process.env.EDDY_TEST_DIST === 'built';
    const entry = new URL(built ? '../../dist/index.js' : '../index.ts', import.meta.url).href;
    const script = `
      import { createRequire } from 'node:module';
      import { mkdtempSync, writeFileSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      const cache = createRequire(import.meta.url).cache;
      const esbuildModules = () => Object.keys(cache).filter((path) => /[\\\\/]node_modules[\\\\/]esbuild[\\\\/]/.test(path));
      const { startEddy } = await import(${JSON.stringify(entry)});
      const dir = mkdtempSync(join(tmpdir(), 'eddy-esbuild-lazy-'));
      writeFileSync(join(dir, 'hello.mjs'), 'export const handler = async () => "hello";');
      const config = join(dir, 'eddy.config.json');
      writeFileSync(config, JSON.stringify({ functions: { hello: { handler: 'hello.mjs#handler' } } }));
      const plain = await startEddy({ log: false, memory: true });
      const atStart = esbuildModules();
      await plain.stop();
      const withFunction = await startEddy({ log: false, memory: true, config });
      const afterFunction = esbuildModules().length;
      await withFunction.stop();
      console.log(JSON.stringify({ atStart, afterFunction }));
    `;
    const args = built ? ['--input-type=module', '-e', script] : ['--import', 'tsx', '--input-type=module', '-e', script];
    const { stdout } = await run(process.execPath, args, { cwd: root });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
    assert.deepEqual(out.atStart, []);
    assert.ok(out.afterFunction > 0, 'deploying a function builds it with esbuild, which then shows in the CommonJS module cache');
  });
});
