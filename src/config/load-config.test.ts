import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The ConfigError's problems thrown by `run`. */
async function problemsOf(run: () => Promise<unknown>): Promise<readonly string[]> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eddy-config-test-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = (name: string, text: string) => writeFile(join(dir, name), text);
  const queueOf = (name: string) => `{ queues: { ${JSON.stringify(name)}: {} } }`;

  it('bundles a .ts config: `eddy`, relative modules, packages, builtins and import.meta.url', async () => {
    const loaded = await loadConfig('eddy.config.ts', join(fixtures, 'ts-config'));
    const file = join(fixtures, 'ts-config', 'eddy.config.ts');
    assert.equal(loaded?.file, file);
    assert.equal(loaded?.dir, join(fixtures, 'ts-config'));
    assert.equal(loaded?.config.file, file);
    assert.deepEqual(loaded?.config.tables, {
      Users: { partitionKey: { name: 'userId', type: 'S' }, globalIndexes: {}, localIndexes: {}, stream: 'NEW_IMAGE' },
    });
    assert.deepEqual(Object.keys(loaded!.config.queues), ['ts-config']);
    assert.equal(loaded!.config.queues['ts-config']!.visibilityTimeout, 45);
    assert.equal(loaded!.config.functions['indexUsers']!.handler, 'src/index-users.ts#index');
    assert.deepEqual(loaded!.config.functions['indexUsers']!.events, [{ http: { method: 'POST', path: '/users' } }]);
    // What eddy dev watches: the config and the files it imports, not packages.
    assert.deepEqual(loaded!.files.sort(), ['eddy.config.ts', 'users-table.ts'].map((name) => join(fixtures, 'ts-config', name)));
  });

  it('searches eddy.config.ts, .mts, .js, .mjs, .json in that order; undefined when none', async () => {
    assert.equal(await loadConfig(undefined, dir), undefined);
    await write('eddy.config.json', JSON.stringify({ queues: { json: {} } }));
    await write('eddy.config.mjs', `export default ${queueOf('mjs')};`);
    // No package.json above the temp directory: a .js file is CommonJS, its config is module.exports.
    await write('eddy.config.js', `module.exports = ${queueOf('js')};`);
    await write('eddy.config.mts', `import { defineConfig } from 'eddy';\nexport default defineConfig(${queueOf('mts')});`);
    await write('eddy.config.ts', `import { defineConfig } from 'eddy';\nconst n: number = 1;\nexport default defineConfig(${queueOf('ts')});`);
    for (const [name, queue] of [['eddy.config.ts', 'ts'], ['eddy.config.mts', 'mts'], ['eddy.config.js', 'js'], ['eddy.config.mjs', 'mjs'], ['eddy.config.json', 'json']]) {
      const loaded = await loadConfig(undefined, dir);
      assert.equal(loaded?.file, join(dir, name!));
      assert.deepEqual(Object.keys(loaded!.config.queues), [queue]);
      await rm(join(dir, name!));
    }
    assert.equal(await loadConfig(undefined, dir), undefined);
  });

  it('lets a .ts config require() builtins and packages', async () => {
    const file = join(fixtures, 'ts-config', 'requires.ts');
    const loaded = await loadConfig(file);
    assert.deepEqual(Object.keys(loaded!.config.queues), ['posix-path', 'fast-check']);
  });

  it('loads a named file relative to cwd, and refuses a missing one', async () => {
    await write('custom.mjs', `export default ${queueOf('custom')};`);
    const loaded = await loadConfig('./custom.mjs', dir);
    assert.deepEqual(Object.keys(loaded!.config.queues), ['custom']);
    assert.deepEqual(await problemsOf(() => loadConfig('missing.ts', dir)), [`${join(dir, 'missing.ts')}: no such config file`]);
    await write('config.yaml', 'queues: {}');
    assert.deepEqual(await problemsOf(() => loadConfig('config.yaml', dir)), [
      `${join(dir, 'config.yaml')}: expected a .ts, .mts, .js, .mjs or .json config file`,
    ]);
  });

  it('reports validation problems with the absolute file path', async () => {
    await write('invalid.json', JSON.stringify({ tables: { Users: { partitionKey: { name: 'id', type: 'X' } } }, queue: {} }));
    assert.deepEqual(await problemsOf(() => loadConfig('invalid.json', dir)), [
      `${join(dir, 'invalid.json')}: queue: unknown field (did you mean queues?)`,
      `${join(dir, 'invalid.json')}: tables.Users.partitionKey.type: expected one of "S", "N", "B", got "X"`,
    ]);
  });

  it('reports files that cannot be read: bad JSON, TypeScript errors, no default export, a throwing module', async () => {
    await write('bad.json', '{ "queues": ');
    const [json] = await problemsOf(() => loadConfig('bad.json', dir));
    assert.match(json!, new RegExp(`^${escape(join(dir, 'bad.json'))}: invalid JSON: `));

    await write('broken.ts', 'export default {\n  queues: { a: {} \n};\n');
    assert.deepEqual(await problemsOf(() => loadConfig('broken.ts', dir)), [
      `${join(dir, 'broken.ts')}: cannot be compiled: ${join(dir, 'broken.ts')}:3:2: Expected "}" but found ";"`,
    ]);

    await write('named.mjs', 'export const config = {};');
    assert.deepEqual(await problemsOf(() => loadConfig('named.mjs', dir)), [
      `${join(dir, 'named.mjs')}: no default export (write \`export default defineConfig({ … })\`)`,
    ]);

    await write('throws.ts', "throw new Error('no config today');\nexport default {};");
    assert.deepEqual(await problemsOf(() => loadConfig('throws.ts', dir)), [`${join(dir, 'throws.ts')}: failed to load: no config today`]);

    await write('missing-package.ts', "import 'no-such-package-anywhere';\nexport default {};");
    const [missing] = await problemsOf(() => loadConfig('missing-package.ts', dir));
    assert.match(missing!, /: cannot be compiled: .*missing-package\.ts:1:8: Could not resolve "no-such-package-anywhere"/);
  });

  it('reads a config again after it changes', async () => {
    await write('changing.mjs', `export default ${queueOf('first')};`);
    assert.deepEqual(Object.keys((await loadConfig('changing.mjs', dir))!.config.queues), ['first']);
    await write('changing.mjs', `export default ${queueOf('second')};`);
    assert.deepEqual(Object.keys((await loadConfig('changing.mjs', dir))!.config.queues), ['second']);
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
