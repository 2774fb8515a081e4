import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { resolveSpec } from './function-spec.js';
import { bundleHandler } from './handler-bundler.js';
import { testRuntime, type TestRuntime } from './fixtures/runtime-harness.js';

const require = createRequire(import.meta.url);
/** The installed better-sqlite3 (its real path: esbuild and Node both resolve through symlinks). */
const betterSqlite3Dir = realpathSync(join(require.resolve('better-sqlite3'), '..', '..'));
const betterSqlite3Main = join(betterSqlite3Dir, 'lib', 'index.js');
const sqliteVersion = (new Database(':memory:').prepare('select sqlite_version() as v').get() as { v: string }).v;

/**
 * A project of its own in a temporary directory: its node_modules links the repository's better-sqlite3
 * (a `binding.gyp` package) and holds two packages written here, one flagged `"gypfile": true` and one
 * plain.
 */
function writeProject(dir: string, dataDir: string): void {
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  symlinkSync(betterSqlite3Dir, join(modules, 'better-sqlite3'));
  const pkg = (name: string, manifest: object, source: string) => {
    mkdirSync(join(modules, name));
    writeFileSync(join(modules, name, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js', ...manifest }));
    writeFileSync(join(modules, name, 'index.js'), source);
  };
  pkg('flagged-addon', { gypfile: true }, 'exports.where = __filename;\n');
  pkg('plain-helper', {}, 'exports.shout = (s) => s.toUpperCase() + "!";\n');

  writeFileSync(join(dir, 'counter.ts'), `
import Database from 'better-sqlite3';

// Opened at init, as a handler would: the file outlives the worker.
const db = new Database(${JSON.stringify(join(dataDir, 'counter.db'))});
db.pragma('journal_mode = WAL');
db.exec('create table if not exists hits (name text primary key, n integer not null)');
const hit = db.prepare('insert into hits (name, n) values (?, 1) on conflict (name) do update set n = n + 1 returning n');

export const handler = async (event: { name: string }) => {
  const { n } = hit.get(event.name) as { n: number };
  const { v } = db.prepare('select sqlite_version() as v').get() as { v: string };
  return { name: event.name, n, sqlite: v };
};
`);
  writeFileSync(join(dir, 'required.cjs'), `
const Database = require('better-sqlite3');
const { where } = require('flagged-addon');
const { shout } = require('plain-helper');

exports.handler = async () => {
  const db = new Database(':memory:');
  const { total } = db.prepare('select 6 * 7 as total').get();
  db.close();
  return { total, where, shout: shout('hello') };
};
`);
  writeFileSync(join(dir, 'imported.mjs'), `
import flagged from 'flagged-addon';
import { shout } from 'plain-helper';

export const handler = async () => ({ where: flagged.where, shout: shout('hi') });
`);
}

describe('handler bundling: packages with native addons run from where they are installed', () => {
  let t: TestRuntime;
  let project: string;
  let data: string;
  before(() => {
    t = testRuntime();
    project = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-native-project-')));
    data = mkdtempSync(join(tmpdir(), 'eddy-native-data-'));
    writeProject(project, data);
  });
  after(async () => {
    await t.dispose();
    rmSync(project, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });

  test('a TypeScript handler importing better-sqlite3 runs queries, its database surviving a cold start', async () => {
    await t.runtime.deploy({ name: 'counter', handler: 'counter.ts', baseDir: project });
    const first = await t.runtime.invoke('counter', { payload: '{"name":"ada"}' });
    assert.equal(first.functionError, undefined, first.payload);
    assert.equal(first.payload, JSON.stringify({ name: 'ada', n: 1, sqlite: sqliteVersion }));
    const second = await t.runtime.invoke('counter', { payload: '{"name":"ada"}' });
    assert.equal(second.payload, JSON.stringify({ name: 'ada', n: 2, sqlite: sqliteVersion }));
    assert.equal(second.coldStart, false);

    // A new deployment is a new environment (a cold start) reading the same file.
    await t.runtime.deploy({ name: 'counter2', handler: 'counter.ts', baseDir: project });
    const other = await t.runtime.invoke('counter2', { payload: '{"name":"ada"}' });
    assert.equal(other.coldStart, true);
    assert.equal(other.payload, JSON.stringify({ name: 'ada', n: 3, sqlite: sqliteVersion }));
  });

  test('the bundle imports better-sqlite3 by its installed file URL instead of inlining it', async () => {
    const bundle = await bundleHandler(resolveSpec({ name: 'counter', handler: 'counter.ts', baseDir: project }), t.cacheDir);
    const code = readFileSync(bundle.path, 'utf8');
    assert.ok(code.includes(`from ${JSON.stringify(pathToFileURL(betterSqlite3Main).href)}`), 'better-sqlite3 is imported from its installed file');
    assert.ok(!code.includes('better_sqlite3.node'), 'better-sqlite3 itself is not in the bundle');
    assert.deepEqual(bundle.inputs, [join(project, 'counter.ts')]);
  });

  test('require() of an addon package is pinned to its absolute path; a package flagged gypfile too; plain ones are inlined', async () => {
    await t.runtime.deploy({ name: 'required', handler: 'required.cjs', baseDir: project });
    const result = await t.runtime.invoke('required', { payload: '{}' });
    assert.equal(result.functionError, undefined, result.payload);
    const where = join(project, 'node_modules', 'flagged-addon', 'index.js');
    assert.equal(result.payload, JSON.stringify({ total: 42, where, shout: 'HELLO!' }));

    const bundle = await bundleHandler(resolveSpec({ name: 'required', handler: 'required.cjs', baseDir: project }), t.cacheDir);
    const code = readFileSync(bundle.path, 'utf8');
    assert.ok(code.includes(`require(${JSON.stringify(betterSqlite3Main)})`), 'better-sqlite3 is required by absolute path');
    assert.ok(code.includes(`require(${JSON.stringify(where)})`), 'the gypfile package is required by absolute path');
    assert.ok(code.includes('.toUpperCase() + "!"'), 'the plain package is inlined');
    assert.deepEqual([...bundle.inputs].sort(), [join(project, 'node_modules', 'plain-helper', 'index.js'), join(project, 'required.cjs')]);
  });

  test('an ESM import of a gypfile package keeps its CommonJS module location', async () => {
    await t.runtime.deploy({ name: 'imported', handler: 'imported.mjs', baseDir: project });
    const result = await t.runtime.invoke('imported', { payload: '{}' });
    assert.equal(result.payload, JSON.stringify({ where: join(project, 'node_modules', 'flagged-addon', 'index.js'), shout: 'HI!' }));
  });
});
