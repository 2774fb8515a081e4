import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { changeSummary } from './change-summary.js';
import { configChanges } from './config-changes.js';
import { functionSpec } from './config-functions.js';
import type { EddyConfig } from './config-types.js';
import { ConfigError, validateConfig } from './validate-config.js';
import { resolveSpec } from '../functions/function-spec.js';
import { lambdaVariables } from '../functions/lambda-environment.js';
import { processBundle, RuntimeStartError } from '../functions/process-code.js';

/** What a Python function without a runtime is labelled here: `python3` on the PATH's version (python3.12 without one). */
const PYTHON3 = (() => {
  const answer = spawnSync('python3', ['-c', 'import sys; print(f"python3.{sys.version_info[1]}")'], { encoding: 'utf8' });
  return answer.status === 0 ? answer.stdout.trim() : 'python3.12';
})();

/** A project: the config file at its top, Python handlers in handlers/, a custom runtime in go-fn/. */
let dir: string;
let file: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'eddy-function-code-'));
  file = join(dir, 'eddy.config.ts');
  mkdirSync(join(dir, 'handlers', 'billing'), { recursive: true });
  writeFileSync(join(dir, 'handlers', 'index_users.py'), 'def index_users(event, context):\n    return None\n');
  writeFileSync(join(dir, 'handlers', 'billing', '__init__.py'), 'def charge(event, context):\n    return None\n');
  writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return None\n');
  mkdirSync(join(dir, 'go-fn'));
  writeFileSync(join(dir, 'go-fn', 'bootstrap'), '#!/bin/sh\n');
  chmodSync(join(dir, 'go-fn', 'bootstrap'), 0o755);
  writeFileSync(join(dir, 'not-a-dir'), '');
});

after(() => rmSync(dir, { recursive: true, force: true }));

const functions = (fns: Record<string, unknown>) => validateConfig({ functions: fns }, file).functions;

/** The problems validation reports, each without the leading `FILE: `. */
function problems(fns: Record<string, unknown>): string[] {
  try {
    validateConfig({ functions: fns }, file);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems.map((problem) => problem.slice(file.length + 2));
  }
  assert.fail('expected a ConfigError');
}

describe("validateConfig: a function's code, runtime and interpreter", () => {
  it('takes the issue\'s Lambda-style Python function as written, codeDir made absolute', () => {
    assert.deepEqual(functions({ indexUsers: { runtime: 'python3.12', codeDir: 'handlers', handler: 'index_users.index_users' } })['indexUsers'], {
      handler: 'index_users.index_users',
      runtime: 'python3.12',
      codeDir: join(dir, 'handlers'),
      timeout: 3,
      memorySize: 128,
      environment: {},
      events: [],
    });
  });

  it('defaults the runtime from what the handler names: a .ts or .js file is Node.js, a module.function with its .py in codeDir is Python', () => {
    const fns = functions({
      node: { handler: 'src/a.ts' },
      nodeInCodeDir: { handler: 'lib/b.mjs#main', codeDir: 'handlers' },
      python: { handler: 'index_users.index_users', codeDir: 'handlers' },
      pythonPackage: { handler: 'billing.charge', codeDir: join(dir, 'handlers') },
      pythonByPath: { handler: 'handlers/index_users.index_users' },
      pythonAtTop: { handler: 'app.handler' },
    });
    const code = (name: string) => {
      const { handler, runtime, codeDir } = fns[name]!;
      return { handler, runtime, codeDir };
    };
    assert.deepEqual(code('node'), { handler: 'src/a.ts#handler', runtime: undefined, codeDir: dir });
    assert.deepEqual(code('nodeInCodeDir'), { handler: 'lib/b.mjs#main', runtime: undefined, codeDir: join(dir, 'handlers') });
    assert.deepEqual(code('python'), { handler: 'index_users.index_users', runtime: PYTHON3, codeDir: join(dir, 'handlers') });
    assert.deepEqual(code('pythonPackage'), { handler: 'billing.charge', runtime: PYTHON3, codeDir: join(dir, 'handlers') });
    assert.deepEqual(code('pythonByPath'), { handler: 'handlers/index_users.index_users', runtime: PYTHON3, codeDir: dir });
    assert.deepEqual(code('pythonAtTop'), { handler: 'app.handler', runtime: PYTHON3, codeDir: dir });
    assert.equal('runtime' in fns['node']!, false);
  });

  it('takes a written runtime: a Node.js version, a Python module not yet written (the build says it is missing), a custom bootstrap', () => {
    const fns = functions({
      node: { runtime: 'nodejs22.x', handler: 'src/a.ts#main' },
      python: { runtime: 'python3.13', codeDir: 'handlers', handler: 'not_yet.handler' },
      custom: { runtime: 'provided.al2023', codeDir: 'go-fn', handler: 'bootstrap' },
    });
    assert.deepEqual([fns['node']!.runtime, fns['node']!.handler], ['nodejs22.x', 'src/a.ts#main']);
    assert.deepEqual([fns['python']!.runtime, fns['python']!.handler], ['python3.13', 'not_yet.handler']);
    assert.deepEqual([fns['custom']!.runtime, fns['custom']!.handler, fns['custom']!.codeDir], ['provided.al2023', 'bootstrap', join(dir, 'go-fn')]);
  });

  it("labels a Python function without a runtime with its interpreter's version, asking each interpreter once per load", () => {
    // A stand-in interpreter that says it is a 3.9 and counts how often it is asked.
    const asked = join(dir, 'asked.log');
    writeFileSync(join(dir, 'python39'), `#!/bin/sh\necho asked >> ${JSON.stringify(asked)}\necho 3 9\n`);
    chmodSync(join(dir, 'python39'), 0o755);
    const config = validateConfig(
      {
        functions: {
          first: { handler: 'app.handler', pythonPath: './python39' },
          second: { handler: 'index_users.index_users', codeDir: 'handlers', pythonPath: join(dir, 'python39') },
          third: { handler: 'app.handler', pythonPath: './python39' },
          written: { runtime: 'python3.13', handler: 'app.handler', pythonPath: './python39' },
          onPath: { handler: 'app.handler' },
        },
      },
      file,
    );
    const runtimes = Object.fromEntries(Object.entries(config.functions).map(([name, fn]) => [name, fn.runtime]));
    assert.deepEqual(runtimes, { first: 'python3.9', second: 'python3.9', third: 'python3.9', written: 'python3.13', onPath: PYTHON3 });
    // Once per interpreter and code directory (a version manager's shim answers per directory); a written runtime asks nothing.
    assert.equal(readFileSync(asked, 'utf8'), 'asked\nasked\n');
    validateConfig({ functions: { again: { handler: 'app.handler', pythonPath: './python39' } } }, file);
    assert.equal(readFileSync(asked, 'utf8'), 'asked\nasked\nasked\n', 'a new load asks again');

    // The label is what GetFunction's Runtime and AWS_EXECUTION_ENV say.
    const spec = resolveSpec(functionSpec(config, 'first'));
    assert.equal(spec.runtime, 'python3.9');
    assert.equal(lambdaVariables(spec, { region: 'us-east-1', endpoint: 'http://127.0.0.1:4566', logStreamName: 's' }).AWS_EXECUTION_ENV, 'AWS_Lambda_python3.9');
  });

  it('labels python3.12 a function whose interpreter is missing or no Python 3, and its build still says so', async () => {
    writeFileSync(join(dir, 'python2'), '#!/bin/sh\necho 2 7\n');
    chmodSync(join(dir, 'python2'), 0o755);
    const config = validateConfig({ functions: { missing: { handler: 'app.handler', pythonPath: './no-python' }, old: { handler: 'app.handler', pythonPath: './python2' } } }, file);
    assert.deepEqual([config.functions['missing']!.runtime, config.functions['old']!.runtime], ['python3.12', 'python3.12']);
    await assert.rejects(processBundle(resolveSpec(functionSpec(config, 'missing'))), (error: unknown) => {
      assert.ok(error instanceof RuntimeStartError);
      assert.equal(error.message, `Could not build function missing: runtime python3.12: ${join(dir, 'no-python')} was not found (install Python 3, or set pythonPath)`);
      return true;
    });
  });

  it('makes a pythonPath that is a path absolute from the config file, and keeps a bare command for the PATH', () => {
    const fns = functions({
      venv: { handler: 'app.handler', pythonPath: '.venv/bin/python' },
      command: { handler: 'app.handler', pythonPath: 'python3.11' },
      absolute: { handler: 'app.handler', pythonPath: '/usr/bin/python3' },
    });
    assert.equal(fns['venv']!.pythonPath, join(dir, '.venv', 'bin', 'python'));
    assert.equal(fns['command']!.pythonPath, 'python3.11');
    assert.equal(fns['absolute']!.pythonPath, '/usr/bin/python3');
  });

  it('names the file and the path of every problem', () => {
    assert.deepEqual(
      problems({
        missingModule: { handler: 'index_users.index_users' },
        neither: { handler: 'index users' },
        badRuntime: { runtime: 'python2.7', handler: 'app.handler' },
        nodeShape: { runtime: 'nodejs22.x', handler: 'app.handler' },
        pythonShape: { runtime: 'python3.12', handler: 'src/a.ts#handler' },
        spaces: { runtime: 'provided.al2', codeDir: 'go-fn', handler: 'run me' },
        noDir: { codeDir: 'nowhere', handler: 'index_users.index_users' },
        fileDir: { codeDir: 'not-a-dir', handler: 'a.ts' },
        nodePython: { handler: 'src/a.ts', pythonPath: 'python3' },
        emptyPython: { handler: 'app.handler', pythonPath: '' },
        noHandler: { runtime: 'python3.12' },
      }),
      [
        `functions.missingModule.handler: expected "path/to/module.ts#exportName" (a .ts, .mts, .cts, .js, .mjs or .cjs file; #exportName defaults to #handler) or "module.function" naming a Python module in ${dir}, got "index_users.index_users" (no ${join(dir, 'index_users.py')}; or write the runtime)`,
        'functions.neither.handler: expected "path/to/module.ts#exportName" (a .ts, .mts, .cts, .js, .mjs or .cjs file; #exportName defaults to #handler) or "module.function" naming a Python module, got "index users"',
        'functions.badRuntime.runtime: expected a runtime: nodejs<version>.x, python3.<minor>, provided.al2023 or provided.al2, got "python2.7"',
        'functions.nodeShape.handler: expected "path/to/module.ts#exportName" (a .ts, .mts, .cts, .js, .mjs or .cjs file; #exportName defaults to #handler) for runtime nodejs22.x, got "app.handler"',
        'functions.pythonShape.handler: expected "module.function" (Lambda\'s Python handler: "index_users.index_users" runs index_users.py\'s index_users) for runtime python3.12, got "src/a.ts#handler"',
        'functions.spaces.handler: expected 1 to 128 characters without spaces (runtime provided.al2 passes it to bootstrap as _HANDLER), got "run me"',
        `functions.noDir.codeDir: expected a directory, got "nowhere" (${join(dir, 'nowhere')} is none)`,
        `functions.fileDir.codeDir: expected a directory, got "not-a-dir" (${join(dir, 'not-a-dir')} is none)`,
        "functions.nodePython.pythonPath: only a Python function has an interpreter (this one's runtime is Node.js)",
        'functions.emptyPython.pythonPath: expected a Python interpreter: a command or a path, got ""',
        'functions.noHandler.handler: required',
      ],
    );
  });

  it("gives the runtime the function's code directory, runtime and interpreter", () => {
    const config = validateConfig(
      { functions: { indexUsers: { runtime: 'python3.12', codeDir: 'handlers', handler: 'index_users.index_users', pythonPath: '/usr/bin/python3', timeout: 10 } } },
      file,
    );
    assert.deepEqual(functionSpec(config, 'indexUsers'), {
      name: 'indexUsers',
      handler: 'index_users.index_users',
      baseDir: join(dir, 'handlers'),
      timeoutSeconds: 10,
      memorySizeMB: 128,
      environment: {},
      runtime: 'python3.12',
      pythonPath: '/usr/bin/python3',
    });
  });

  it('reports a change of runtime, code directory or interpreter as a change of the function', () => {
    const before: EddyConfig = { functions: { f: { handler: 'app.handler' } } };
    const after: EddyConfig = { functions: { f: { runtime: 'python3.13', codeDir: 'handlers', handler: 'app.handler', pythonPath: 'python3.13' } } };
    const noReport = { created: [], updated: [], unchanged: [], deployed: [], broken: [] };
    assert.equal(
      changeSummary(configChanges(validateConfig(before, file), validateConfig(after, file)), noReport),
      `config: ~function f (runtime ${PYTHON3} → python3.13, codeDir ${dir} → ${join(dir, 'handlers')}, pythonPath none → python3.13)`,
    );
  });
});
