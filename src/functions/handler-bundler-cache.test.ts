import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FunctionBuildError } from './errors.js';
import { FunctionRuntime } from './function-runtime.js';
import { resolveSpec } from './function-spec.js';
import { bundleHandler } from './handler-bundler.js';

/**
 * A project of its own in a temporary directory, whose packages are installed, upgraded and edited
 * between builds the way npm would leave them. Each build is a restart: a new runtime over the same
 * cache directory.
 */
class Project {
  readonly dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-cache-project-')));
  readonly cacheDir = mkdtempSync(join(tmpdir(), 'eddy-cache-dir-'));
  readonly #runtimes: FunctionRuntime[] = [];

  constructor() {
    this.write('package.json', JSON.stringify({ name: 'project', version: '1.0.0' }));
  }

  write(path: string, contents: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), contents);
  }

  /** What `npm install NAME` leaves: node_modules/NAME with its package.json and files. */
  install(name: string, files: Record<string, string>, manifest: object = {}): void {
    this.write(`node_modules/${name}/package.json`, JSON.stringify({ name, version: '1.0.0', main: 'index.js', ...manifest }));
    for (const [path, contents] of Object.entries(files)) this.write(`node_modules/${name}/${path}`, contents);
  }

  /**
   * Dates every file an hour back. A file stamped during a build is not trusted by the cache (it may have
   * changed while esbuild read it), and the tests write their files just before building.
   */
  settle(): void {
    const past = new Date(Date.now() - 3_600_000);
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else utimesSync(join(dir, entry.name), past, past);
      }
    };
    walk(this.dir);
  }

  /** A restart: a new runtime over the same cache directory deploys the function and invokes it once. */
  async deployAndInvoke(handler: string): Promise<string> {
    const runtime = new FunctionRuntime({
      endpoint: () => 'http://127.0.0.1:1',
      region: 'eu-west-1',
      account: '123456789012',
      logger: { info() {}, warn() {}, error() {}, debug() {} },
      cacheDir: this.cacheDir,
    });
    this.#runtimes.push(runtime);
    await runtime.deploy({ name: 'fn', handler, baseDir: this.dir });
    const result = await runtime.invoke('fn', { payload: '{}' });
    assert.equal(result.functionError, undefined, result.payload);
    return JSON.parse(result.payload) as string;
  }

  bundle(handler: string) {
    return bundleHandler(resolveSpec({ name: 'fn', handler, baseDir: this.dir }), this.cacheDir);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.#runtimes.map((runtime) => runtime.close()));
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(this.cacheDir, { recursive: true, force: true });
  }
}

describe('handler bundling: a cached build lasts only while what decided it is unchanged', () => {
  let project: Project;
  before(() => {
    project = new Project();
  });
  after(() => project.dispose());

  test('a package imported before it is installed fails the deploy, naming it and its install command; once installed, the next start uses it', async () => {
    project.write('src/index-users.ts', `
import { marker } from '@aws-sdk/client-dynamodb';
import { shout } from 'shout-case';
export const handler = async () => shout(marker);
`);
    project.settle();
    await assert.rejects(project.deployAndInvoke('src/index-users.ts'), (error: unknown) => {
      assert.ok(error instanceof FunctionBuildError);
      assert.equal(error.code, 'InvalidParameterValueException');
      assert.deepEqual(error.missingPackages, ['@aws-sdk/client-dynamodb', 'shout-case']);
      assert.deepEqual(error.problems, [
        `src/index-users.ts imports "@aws-sdk/client-dynamodb", which is not installed in ${project.dir} — run: npm install @aws-sdk/client-dynamodb`,
        `src/index-users.ts imports "shout-case", which is not installed in ${project.dir} — run: npm install shout-case`,
      ]);
      assert.equal(error.message, `Could not build function fn: ${error.problems.join('\n')}`);
      return true;
    });

    project.install('@aws-sdk/client-dynamodb', { 'index.js': "exports.marker = 'the installed sdk';\n" });
    project.install('shout-case', { 'index.js': 'exports.shout = (s) => s.toUpperCase();\n' });
    project.write('package-lock.json', '{}');
    project.settle();
    assert.equal(await project.deployAndInvoke('src/index-users.ts'), 'THE INSTALLED SDK');
  });

  test('the install command follows the project\'s lockfile', async () => {
    project.write('uses-pnpm/package.json', JSON.stringify({ name: 'uses-pnpm' }));
    project.write('uses-pnpm/pnpm-lock.yaml', '');
    project.write('uses-pnpm/handler.ts', "import { x } from 'not-there/sub/path.js';\nexport const handler = () => x;\n");
    await assert.rejects(bundleHandler(resolveSpec({ name: 'fn', handler: 'handler.ts', baseDir: join(project.dir, 'uses-pnpm') }), project.cacheDir), {
      message: `Could not build function fn: handler.ts imports "not-there/sub/path.js", which is not installed in ${join(project.dir, 'uses-pnpm')} — run: pnpm add not-there`,
    });
  });

  test('an optional dependency (require() inside try) installed after a build is in the next one', async () => {
    project.write('optional.cjs', `
let extra;
try { extra = require('optional-extra'); } catch { extra = undefined; }
exports.handler = async () => (extra ? extra.say() : 'without the extra');
`);
    project.settle();
    assert.equal(await project.deployAndInvoke('optional.cjs'), 'without the extra');
    assert.equal((await project.bundle('optional.cjs')).cached, true, 'the build without it was cached');

    project.install('optional-extra', { 'index.js': "exports.say = () => 'with the extra';\n" });
    project.settle();
    assert.equal(await project.deployAndInvoke('optional.cjs'), 'with the extra');
  });

  test('a dependency whose files change, or whose package.json points elsewhere after an upgrade, is built again', async () => {
    project.install('greeter', { 'index.js': "exports.greet = () => 'v1';\n" });
    project.write('greet.ts', "import { greet } from 'greeter';\nexport const handler = async () => greet();\n");
    project.settle();
    assert.equal(await project.deployAndInvoke('greet.ts'), 'v1');

    project.write('node_modules/greeter/index.js', "exports.greet = () => 'v2, edited';\n");
    project.settle();
    assert.equal(await project.deployAndInvoke('greet.ts'), 'v2, edited');

    // An upgrade whose entry moved; the old file stays behind, unchanged.
    project.install('greeter', { 'lib/main.js': "exports.greet = () => 'v3, upgraded';\n" }, { version: '3.0.0', main: 'lib/main.js' });
    project.settle();
    assert.equal(await project.deployAndInvoke('greet.ts'), 'v3, upgraded');

    // A copy installed nearer the handler is the one resolved now.
    project.write('nested/greet.ts', "import { greet } from 'greeter';\nexport const handler = async () => greet();\n");
    project.settle();
    assert.equal(await project.deployAndInvoke('nested/greet.ts'), 'v3, upgraded');
    project.write('nested/node_modules/greeter/package.json', JSON.stringify({ name: 'greeter', version: '4.0.0' }));
    project.write('nested/node_modules/greeter/index.js', "exports.greet = () => 'nearer';\n");
    project.settle();
    assert.equal(await project.deployAndInvoke('nested/greet.ts'), 'nearer');
  });

  test('an unchanged project reuses the cached build, also after its files are touched', async () => {
    project.write('same.ts', "import { shout } from 'shout-case';\nexport const handler = async () => shout('same');\n");
    project.settle();
    const first = await project.bundle('same.ts');
    assert.equal(first.cached, false);
    const second = await project.bundle('same.ts');
    assert.equal(second.cached, true);
    assert.equal(second.path, first.path);

    project.settle(); // new times, same contents
    assert.equal((await project.bundle('same.ts')).cached, true);
    assert.equal((await project.bundle('same.ts')).cached, true);
  });

  test('a build that read a file stamped after it started is not cached', async () => {
    project.write('fresh.ts', "export const handler = async () => 'fresh';\n");
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(project.dir, 'fresh.ts'), future, future);
    assert.equal((await project.bundle('fresh.ts')).cached, false);
    assert.equal((await project.bundle('fresh.ts')).cached, false);
  });
});
