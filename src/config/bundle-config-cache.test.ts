import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inFreshProcess } from '../../test/helpers/lazy-imports.js';

/**
 * A restart starts no esbuild: the TypeScript config's bundle, the functions' worker entry and the handlers'
 * bundles are all taken from the cache while what they were built from is unchanged. Each start runs in a
 * process of its own (a module esbuild once loaded stays loaded), with the OS temp directory, where the
 * default cache lives, pointed at a directory of the test's.
 */
describe('a restart with an unchanged TypeScript config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-config-cache-'));
  const temp = join(dir, 'tmp');
  const project = join(dir, 'project');
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string, settled: boolean) => {
    writeFileSync(join(project, name), text);
    // A file stamped during a build is not trusted by the cache (it may have changed while esbuild read it).
    if (settled) utimesSync(join(project, name), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
  };

  /** Starts Eddy on the project's config in a fresh process: which esbuild modules it loaded, the tables, the function's answer. */
  const start = () =>
    inFreshProcess<{ esbuild: string[]; tables: string[]; answer: string }>(
      (entry) => `
      process.env.TMPDIR = ${JSON.stringify(temp)};
      const { createRequire } = await import('node:module');
      const cache = createRequire(import.meta.url).cache;
      const { startEddy } = await import(${JSON.stringify(entry)});
      const eddy = await startEddy({ log: false, memory: true, config: ${JSON.stringify(join(project, 'eddy.config.ts'))} });
      const call = async (path, target, body) => {
        // Without --auth-file any well-formed signature is accepted.
        const date = new Date().toISOString().slice(0, 19).replaceAll('-', '').replaceAll(':', '') + 'Z';
        const service = target ? 'dynamodb' : 'lambda';
        const headers = { 'x-amz-date': date, authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/' + date.slice(0, 8) + '/us-east-1/' + service + '/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + '0'.repeat(64), ...(target && { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.0' }) };
        return (await fetch(eddy.endpoint + path, { method: 'POST', headers, body })).json();
      };
      const { TableNames: tables } = await call('/', 'DynamoDB_20120810.ListTables', '{}');
      const answer = await call('/2015-03-31/functions/hello/invocations', undefined, '{}');
      await eddy.stop();
      const esbuild = Object.keys(cache).filter((path) => /[\\\\/]node_modules[\\\\/]esbuild[\\\\/]/.test(path));
      console.log(JSON.stringify({ esbuild, tables, answer }));
    `,
    );

  it('takes every bundle from the cache; an edited imported file is built again and applied; a corrupt cache entry is built over', async () => {
    mkdirSync(project);
    mkdirSync(temp);
    write('tables.ts', "export const tables = { orders: { partitionKey: { name: 'id', type: 'S' as const } } };\n", true);
    write('hello.ts', "export const handler = async (): Promise<string> => 'hello';\n", true);
    write('eddy.config.ts', "import { defineConfig } from 'eddy';\nimport { tables } from './tables';\nexport default defineConfig({ tables, functions: { hello: { handler: 'hello.ts#handler' } } });\n", true);
    await distSettled();

    const first = await start();
    assert.ok(first.esbuild.length > 0, 'the first start builds the config, the worker entry and the handler');
    assert.deepEqual([first.tables, first.answer], [['orders'], 'hello']);

    const restart = await start();
    assert.deepEqual(restart.esbuild, [], 'the restart loads no esbuild module');
    assert.deepEqual([restart.tables, restart.answer], [['orders'], 'hello']);

    // Saved just now: built again (and, stamped within the build's window, not cached until it settles).
    write('tables.ts', "export const tables = { orders: { partitionKey: { name: 'id', type: 'S' as const } }, customers: { partitionKey: { name: 'id', type: 'S' as const } } };\n", false);
    const edited = await start();
    assert.ok(edited.esbuild.length > 0, 'the edited import is built again');
    assert.deepEqual([edited.tables, edited.answer], [['customers', 'orders'], 'hello']);

    for (const manifest of manifests(temp)) writeFileSync(manifest, '{"bundle": "/nowhere", "rec');
    const corrupt = await start();
    assert.ok(corrupt.esbuild.length > 0, 'the unreadable entries are built again');
    assert.deepEqual([corrupt.tables, corrupt.answer], [['customers', 'orders'], 'hello']);
  });
});

/** The cache's manifests under the temp directory. */
function manifests(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => basename(path) === 'manifest.json').map((path) => join(dir, path));
}

/**
 * Built by `npm test` moments ago, the worker entry's sources in dist/ would be within the window in which
 * the cache does not trust a file (it may be changing while esbuild reads it): waits until they are past it.
 */
async function distSettled(): Promise<void> {
  if (process.env.EDDY_TEST_DIST !== 'built') return;
  const builtAt = statSync(fileURLToPath(new URL('../../dist/functions/worker-main.js', import.meta.url))).mtimeMs;
  const past = builtAt + 2_100 - Date.now();
  if (past > 0) await new Promise((resolve) => setTimeout(resolve, past));
}
