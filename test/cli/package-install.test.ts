import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, watchOutput, type CliProcess } from '../helpers/cli.js';
import { eventually } from '../helpers/eventually.js';

const run = promisify(execFile);

// What a user does to add Eddy to a project of their own (README: "Use Eddy in your project"): `npm pack`,
// `npm install` of the tarball in a fresh project, then the bin, a config with a function, and the typed import.
const work = mkdtempSync(join(tmpdir(), 'eddy-package-'));

describe('the packed package, installed into a fresh project', () => {
  const app = join(work, 'my-app');
  let tarball = '';

  before(async () => {
    tarball = await pack(join(work, 'checkout'), work);
    mkdirSync(app);
    writeJson(join(app, 'package.json'), {
      name: 'my-app',
      private: true,
      type: 'module',
      // The versions the repository's lockfile installed and tested: a reproducible install, from the npm cache.
      overrides: { 'better-sqlite3': installedVersion('better-sqlite3'), esbuild: installedVersion('esbuild') },
    });
    const prebuilds = join(work, 'prebuilds');
    await localPrebuild(prebuilds);
    await npm(['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], app, { npm_config_better_sqlite3_local_prebuilds: prebuilds });
    writeFileSync(join(app, 'eddy.config.ts'), CONFIG);
    writeFileSync(join(app, 'hello.ts'), handler('hello'));
  }, { timeout: 120_000 });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('the tarball holds dist/ as .js with .d.ts beside each, the executable bin, the README, the Python bootstrap and handler check and the console build; no sources, tests, fixtures, maps or benches; its imports are its dependencies', async () => {
    const { stdout } = await run('tar', ['tzvf', tarball]);
    const modes = new Map(stdout.trim().split('\n').map((line) => [line.split(/\s+/).at(-1)!, line.split(/\s+/)[0]!]));
    const files = [...modes.keys()];
    assert.deepEqual(files.filter((f) => !/^package\/(package\.json|README\.md|LICENSE|dist\/.+\.(js|d\.ts)|dist\/cli\/eddy-bundle\.cjs|runtimes\/python\/eddy_(bootstrap|check_handler)\.py|runtimes\/node\/eddy_bootstrap\.mjs|console\/dist\/(index\.html|build\.json|console\.[A-Z0-9]+\.(js|css)))$/.test(f)), []);
    assert.ok(files.includes('package/console/dist/index.html'), "the console's build ships in the package");
    // Where dist/functions/python-runtime.js looks for it.
    assert.ok(existsSync(join(app, 'node_modules/eddy/dist/functions', '../../runtimes/python/eddy_bootstrap.py')), 'the Python bootstrap is installed');
    assert.ok(existsSync(join(app, 'node_modules/eddy/dist/functions', '../../runtimes/python/eddy_check_handler.py')), "the Python build's check is installed");
    assert.ok(existsSync(join(app, 'node_modules/eddy/dist/functions', '../../runtimes/node/eddy_bootstrap.mjs')), 'the Node.js process bootstrap is installed');
    assert.deepEqual(files.filter((f) => /\.test\.|fixtures|\.map$/.test(f)), []);
    // The eddy command's code in one file (scripts/bundle-cli.mjs), loaded by dist/cli/load-command-line.js: not a module to import, no types.
    assert.ok(files.includes('package/dist/cli/eddy-bundle.cjs'), "the command's bundle ships in the package");
    const bundle = ['package/dist/cli/eddy-bundle.cjs'];
    const modules = files.filter((f) => f.startsWith('package/dist/') && f.endsWith('.js'));
    assert.deepEqual(files.filter((f) => f.endsWith('.d.ts')).sort(), modules.map((f) => f.replace(/\.js$/, '.d.ts')).sort());
    assert.ok(modules.includes('package/dist/index.js') && modules.length > 100, `${modules.length} modules`);
    assert.match(modes.get('package/dist/cli/eddy.js')!, /^-rwxr-xr-x/);
    const installed = join(app, 'node_modules/eddy');
    assert.match(readFileSync(join(installed, 'dist/cli/eddy.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
    // Every package dist/ imports is one the package depends on, not a devDependency that happened to be there.
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const declared = new Set(Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies }));
    const imported = packagesImported([...modules, ...bundle].map((f) => join(installed, f.replace(/^package\//, ''))));
    assert.deepEqual(imported.filter((name) => !declared.has(name)), []);
    assert.ok(imported.includes('better-sqlite3') && imported.includes('esbuild'), imported.join());
  });

  it('npx eddy start applies the project\'s eddy.config.ts, answers ListTables over HTTP, serves the console and stops on Ctrl-C', async () => {
    const eddy = npx(['start', '--port', '0', '--memory']);
    try {
      const [, endpoint] = await eddy.waitFor(/ready on (http:\/\/\S+)/, 60_000);
      assert.deepEqual(await listTables(endpoint!), { TableNames: ['Notes'] });
      const page = await fetch(`${endpoint}/_eddy/console`);
      assert.equal(page.status, 200, 'the installed package serves the console');
      assert.match(await page.text(), /<script[^>]+src="[^"]*console\.[A-Z0-9]+\.js"/);
    } finally {
      await interrupt(eddy);
    }
    assert.match(eddy.stdout(), /SIGINT received/);
  });

  it('npx eddy dev runs the function (npx eddy invoke) and the new code once its file is saved', async () => {
    const eddy = npx(['dev', '--port', '0', '--memory']);
    try {
      const [, endpoint] = await eddy.waitFor(/ready on (http:\/\/\S+)/, 60_000);
      writeJson(join(app, 'event.json'), { name: 'Ada' });
      const { stdout } = await run('npx', ['--no', 'eddy', 'invoke', 'hello', '--event', 'event.json', '--endpoint', endpoint!], { cwd: app, env: npmFreeEnv() });
      assert.deepEqual(JSON.parse(stdout), { greeting: 'hello Ada' });
      writeFileSync(join(app, 'hello.ts'), handler('hi'));
      await eventually('the saved handler to answer', async () => ((await invoke(endpoint!, 'hello', { name: 'Ada' })).greeting === 'hi Ada' ? true : undefined));
    } finally {
      await interrupt(eddy);
      writeFileSync(join(app, 'hello.ts'), handler('hello'));
    }
  });

  it("startEddy and defineConfig from 'eddy' type-check (node16 and bundler resolution); a wrong config field is a type error", async () => {
    writeFileSync(join(app, 'app.ts'), APP);
    writeFileSync(join(app, 'wrong.ts'), WRONG);
    writeJson(join(app, 'tsconfig.json'), {
      // skipLibCheck off, so Eddy's declarations are checked too; no @types/node (DOM declares fetch and AbortSignal).
      compilerOptions: { target: 'ES2022', module: 'Node16', moduleResolution: 'Node16', strict: true, noEmit: true, lib: ['ES2022', 'DOM'], types: [] },
      include: ['*.ts'],
    });
    for (const resolution of [[], ['--module', 'preserve', '--moduleResolution', 'bundler']]) {
      const errors = await typeErrors(resolution);
      assert.equal(errors.length, 2, errors.join('\n'));
      assert.match(errors[0]!, /^wrong\.ts\(4,\d+\): error TS2322: Type '"X"' is not assignable to type 'KeyType'/);
      assert.match(errors[1]!, /^wrong\.ts\(5,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
    }
  });

  it("a program importing 'eddy' runs with tsx, and as JavaScript with plain node", async () => {
    writeFileSync(join(app, 'app.ts'), APP);
    writeFileSync(join(app, 'app.mjs'), APP.replace(', type RunningEddy', '').replace(': RunningEddy', ''));
    const tsx = await run(process.execPath, ['--import', import.meta.resolve('tsx'), 'app.ts'], { cwd: app });
    const node = await run(process.execPath, ['app.mjs'], { cwd: app });
    for (const { stdout } of [tsx, node]) assert.deepEqual(JSON.parse(stdout), { TableNames: ['Notes'] });
  });

  /** `npx eddy …` in its own process group, so that Ctrl-C can be sent the way a terminal sends it. */
  function npx(args: string[]): CliProcess {
    // --no: a broken install fails here instead of npx fetching a package named eddy from the registry.
    const child = spawn('npx', ['--no', 'eddy', ...args], { cwd: app, env: npmFreeEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child.pid!);
    return watchOutput(child);
  }

  async function typeErrors(flags: string[]): Promise<string[]> {
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const output = await run(process.execPath, [tsc, '-p', 'tsconfig.json', ...flags], { cwd: app }).then(
      ({ stdout }) => stdout,
      (error: { stdout: string }) => error.stdout,
    );
    return output.split('\n').filter((line) => /error TS/.test(line)).sort();
  }
});

const CONFIG = `import { defineConfig } from 'eddy';

export default defineConfig({
  tables: { Notes: { partitionKey: { name: 'id', type: 'S' } } },
  functions: { hello: { handler: 'hello.ts#handler', timeout: 5 } },
});
`;

const handler = (word: string) => `export const handler = async (event: { name: string }) => ({ greeting: \`${word} \${event.name}\` });\n`;

const APP = `import { startEddy, type RunningEddy } from 'eddy';

const eddy: RunningEddy = await startEddy({ log: false, configDir: '.' });
try {
  const res = await fetch(eddy.endpoint, {
    method: 'POST',
    headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0', authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00', 'x-amz-date': '20260101T000000Z' },
    body: '{}',
  });
  console.log(JSON.stringify(await res.json()));
} finally {
  await eddy.stop();
}
`;

const WRONG = `import { defineConfig } from 'eddy';

export default defineConfig({
  tables: { Notes: { partitionKey: { name: 'id', type: 'X' } } },
  functions: { hello: { handler: 'hello.ts#handler', timeout: '5' } },
});
`;

/**
 * `npm pack` of a copy of the checkout as a clean clone has it: packing runs `prepare`, which rebuilds
 * dist/, and doing that in the checkout would pull dist/ from under the tests running beside this one.
 * The copy uses the repository's installed devDependencies (esbuild, tsc) to build.
 */
async function pack(copy: string, destination: string): Promise<string> {
  const skip = new Set(['dist', '.git', '.eddy']);
  const kept = (path: string) => {
    const parts = relative(repoRoot, path).split(sep);
    return !skip.has(parts[0]!) && !parts.includes('node_modules');
  };
  cpSync(repoRoot, copy, { recursive: true, filter: kept });
  symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
  await npm(['pack', '--pack-destination', destination], copy);
  rmSync(copy, { recursive: true, force: true });
  return join(destination, readdirSync(destination).find((name) => name.endsWith('.tgz'))!);
}

/**
 * better-sqlite3 installs by taking a prebuilt binary (users download it from GitHub) and compiles
 * itself, for a minute or two, only when there is none. Here the binary comes from a local directory
 * (prebuild-install's `local_prebuilds` setting): the one the repository's own install produced for the
 * same version and Node ABI. A name that does not match only makes the install slow, not wrong.
 */
async function localPrebuild(dir: string): Promise<void> {
  mkdirSync(dir);
  const name = `better-sqlite3-v${installedVersion('better-sqlite3')}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['czf', join(dir, name), '-C', join(repoRoot, 'node_modules/better-sqlite3'), 'build/Release/better_sqlite3.node']);
}

/** The packages (not node: builtins) that these files import, statically or dynamically, or require (the command's CommonJS bundle). */
function packagesImported(files: string[]): string[] {
  const specifiers = files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?<![.\w])(?:from\s*|import\s*\(?\s*|require\(\s*)["']([@\w][\w@/.-]*)["']/g)].map((match) => match[1]!),
  );
  const names = specifiers.map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/'));
  return [...new Set(names)].filter((name) => !isBuiltin(name));
}

function installedVersion(name: string): string {
  return JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** Runs npm; a failure shows everything npm printed (a type error in src/, say: `prepare` runs tsc). */
async function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  try {
    await run('npm', args, { cwd, env: { ...npmFreeEnv(), ...env }, timeout: 90_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`);
  }
}

/**
 * The environment without the npm_* variables of the `npm test` running this, which describe the repository's package;
 * its temporary directory is the test's own, so that the installed Eddy's build and code caches go when the test does.
 */
function npmFreeEnv(): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_'))), TMPDIR: work };
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Ctrl-C to the process group (npx and the eddy it started), then waits until every process in it is gone. */
async function interrupt(cli: CliProcess): Promise<void> {
  const pid = cli.child.pid!;
  try {
    if (signalGroup(pid, 'SIGINT')) await eventually('eddy to stop after Ctrl-C', () => (signalGroup(pid, 0) ? undefined : true), { intervalMs: 50 });
  } finally {
    signalGroup(pid, 'SIGKILL');
    running.delete(pid);
  }
}

/** Sends `signal` to the process group led by `pid`; false when no process of it is left. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `npx eddy` process groups not stopped yet. Being groups of their own, they do not get the Ctrl-C
 * that stops the test run, so this process ends them when it ends, and when it is interrupted also
 * removes its files (`after` does not run then).
 */
const running = new Set<number>();
const endRunning = () => running.forEach((pid) => signalGroup(pid, 'SIGKILL'));
process.once('exit', endRunning);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    endRunning();
    rmSync(work, { recursive: true, force: true });
    process.kill(process.pid, signal);
  });
}

async function listTables(endpoint: string): Promise<unknown> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0', authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00', 'x-amz-date': '20260101T000000Z' },
    body: '{}',
  });
  return res.json();
}

async function invoke(endpoint: string, name: string, event: unknown): Promise<{ greeting?: string }> {
  const res = await fetch(`${endpoint}/2015-03-31/functions/${name}/invocations`, {
    method: 'POST',
    headers: { authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00', 'x-amz-date': '20260101T000000Z' },
    body: JSON.stringify(event),
  });
  return (await res.json()) as { greeting?: string };
}
