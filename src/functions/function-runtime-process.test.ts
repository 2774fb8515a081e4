import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionBuildError, InvalidFunctionSpecError } from './errors.js';
import { HandlerNotFoundError } from './handler-export.js';
import { fixturesDir, testRuntime, type TestRuntime } from './fixtures/runtime-harness.js';

const PYTHON_CODE = join(fixturesDir, 'python');
const noPython = spawnSync('python3', ['--version']).status !== 0 && 'python3 is not on the PATH: the Python runtime cannot run here';
/** Importing the fixtures would leave __pycache__ in the source tree. */
const environment = { PYTHONDONTWRITEBYTECODE: '1' };

describe('FunctionRuntime: runtimes that run as a process', () => {
  let t: TestRuntime;
  before(() => {
    t = testRuntime();
  });
  after(() => t.dispose());

  test('a python3.12 function runs in a process with Lambda log lines and environment', { skip: noPython }, async () => {
    await t.runtime.deploy({ name: 'py-env', runtime: 'python3.12', handler: 'handlers.environment', baseDir: PYTHON_CODE, environment });
    const first = await t.runtime.invoke('py-env', { payload: '{}' });
    assert.equal(first.functionError, undefined, first.payload);
    const variables = JSON.parse(first.payload) as Record<string, string | null>;
    assert.match(variables.AWS_LAMBDA_RUNTIME_API!, /^127\.0\.0\.1:\d+$/);
    delete variables.AWS_LAMBDA_RUNTIME_API;
    assert.deepEqual(variables, {
      AWS_EXECUTION_ENV: 'AWS_Lambda_python3.12',
      TZ: ':UTC',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4567',
      AWS_LAMBDA_FUNCTION_NAME: 'py-env',
      LAMBDA_TASK_ROOT: PYTHON_CODE,
      _HANDLER: 'handlers.environment',
    });
    assert.equal(first.coldStart, true);
    const lines = first.logs.trimEnd().split('\n');
    assert.equal(lines[0], `START RequestId: ${first.requestId} Version: $LATEST`);
    assert.equal(lines.at(-2), `END RequestId: ${first.requestId}`);
    assert.match(lines.at(-1)!, new RegExp(`^REPORT RequestId: ${first.requestId}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms$`));
    assert.ok(t.logged.includes('[py-env] handlers loaded'), 'init output reaches the terminal');
    const second = await t.runtime.invoke('py-env', { payload: '{}' });
    assert.equal(second.coldStart, false);
    assert.deepEqual(t.runtime.environments('py-env'), { busy: 0, idle: 1 });
  });

  test('a raised exception and a timeout are function errors; the environment is replaced after the timeout', { skip: noPython }, async () => {
    await t.runtime.deploy({ name: 'py-fail', runtime: 'python3.12', handler: 'handlers.fail', baseDir: PYTHON_CODE, environment });
    const failed = await t.runtime.invoke('py-fail', { payload: '{}' });
    assert.equal(failed.functionError, 'Unhandled');
    assert.deepEqual(Object.keys(JSON.parse(failed.payload)), ['errorMessage', 'errorType', 'requestId', 'stackTrace']);
    assert.ok(failed.logs.includes('[ERROR] PaymentError: card declined\n'));

    await t.runtime.deploy({ name: 'py-hang', runtime: 'python3.12', handler: 'handlers.hang', baseDir: PYTHON_CODE, timeoutSeconds: 1, environment });
    const hung = await t.runtime.invoke('py-hang', { payload: '{}' });
    assert.equal(hung.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(hung.payload), { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${hung.requestId} Error: Task timed out after 1.00 seconds` });
    assert.match(hung.logs, new RegExp(`\\n\\S+ ${hung.requestId} Task timed out after 1\\.00 seconds\\n`));
    assert.deepEqual(t.runtime.environments('py-hang'), { busy: 0, idle: 0 }, 'the timed-out environment is gone');
  });

  test('an import error fails every invocation with the init error; a missing module or interpreter fails the build', { skip: noPython }, async () => {
    await t.runtime.deploy({ name: 'py-import', runtime: 'python3.12', handler: 'raises_at_import.handler', baseDir: PYTHON_CODE, environment });
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await t.runtime.invoke('py-import', { payload: '{}' });
      assert.equal(result.functionError, 'Unhandled');
      const error = JSON.parse(result.payload) as { errorType: string; errorMessage: string; requestId: string };
      assert.deepEqual([error.errorType, error.errorMessage, error.requestId], ['ValueError', 'no config for orders', '']);
    }
    await assert.rejects(t.runtime.build({ name: 'py-missing', runtime: 'python3.12', handler: 'nowhere.handler', baseDir: PYTHON_CODE }), (error: unknown) => {
      assert.ok(error instanceof FunctionBuildError);
      assert.equal(error.message, `Could not build function py-missing: handler nowhere.handler: module nowhere does not exist in ${PYTHON_CODE} (no nowhere.py, no nowhere/__init__.py)`);
      assert.deepEqual(error.files, [join(PYTHON_CODE, 'nowhere.py')]);
      return true;
    });
    // eddy dev deploys it broken: every invocation fails as Lambda's Python runtime fails a missing module.
    const spec = { name: 'py-missing', runtime: 'python3.12', handler: 'nowhere.handler', baseDir: PYTHON_CODE };
    await t.runtime.deployBroken(spec, await t.runtime.build(spec).then(() => assert.fail('built'), (error: FunctionBuildError) => error));
    const broken = await t.runtime.invoke('py-missing', { payload: '{}' });
    assert.equal(broken.functionError, 'Unhandled');
    assert.equal((JSON.parse(broken.payload) as { errorType: string }).errorType, 'Runtime.ImportModuleError');
    assert.deepEqual(t.runtime.watchedFiles('py-missing'), [join(PYTHON_CODE, 'nowhere.py')], 'creating the module is watched for');
    await assert.rejects(t.runtime.build({ name: 'py-nopython', runtime: 'python3.12', handler: 'handlers.counter', baseDir: PYTHON_CODE, pythonPath: '/nonexistent/python3' }), {
      message: 'Could not build function py-nopython: runtime python3.12: /nonexistent/python3 was not found (install Python 3, or set pythonPath)',
    });
  });

  test("a handler function its module does not define, or a module that does not parse, fails the build without importing it", { skip: noPython }, async (context) => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-python-check-'));
    context.after(() => rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
    // Importing any of these would print before the check's JSON answer, which would then not read: it only parses them.
    write('orders.py', 'print("imported")\nimport json\n\ndef charge(event, context):\n    return 1\n\nasync def refund(event, context):\n    return 2\n');
    write('broken.py', 'print("imported")\nx = = 1\n');
    write('star.py', 'print("imported")\nfrom json import *\n');
    write('made.py', 'print("imported")\nimport functools\nif True:\n    def handler(event, context):\n        return 1\ntry:\n    wrapped = functools.partial(handler)\nexcept Exception as failed:\n    pass\nglobals()["late"] = handler\n');
    const build = (name: string, handler: string) => t.runtime.build({ name, runtime: 'python3.12', handler, baseDir: dir });
    const missing = await build('py-nofunction', 'orders.handler').then(() => assert.fail('built'), (error: FunctionBuildError) => error);
    assert.ok(missing instanceof HandlerNotFoundError);
    assert.equal(missing.message, 'Could not build function py-nofunction: orders.py has no function named "handler" (its functions: charge, refund)');
    assert.deepEqual(missing.files, [join(dir, 'orders.py')]);
    const syntax = await build('py-syntax', 'broken.handler').then(() => assert.fail('built'), (error: FunctionBuildError) => error);
    assert.match(syntax.message, /^Could not build function py-syntax: broken\.py:2:\d+: invalid syntax$/);
    // Bound at the top level in any way, or maybe bound where a parse cannot see (a star import, globals()): left to the import.
    for (const handler of ['orders.charge', 'orders.refund', 'orders.json', 'star.loads', 'made.handler', 'made.wrapped', 'made.failed', 'made.anything']) {
      await build('py-found', handler);
    }
    // eddy dev deploys them broken: every invocation fails as Lambda's Python runtime fails them.
    for (const [name, error] of [['py-nofunction', missing], ['py-syntax', syntax]] as const) {
      await t.runtime.deployBroken({ name, runtime: 'python3.12', handler: 'x.y', baseDir: dir }, error);
    }
    const errorType = async (name: string) => (JSON.parse((await t.runtime.invoke(name, { payload: '{}' })).payload) as { errorType: string }).errorType;
    assert.equal(await errorType('py-nofunction'), 'Runtime.HandlerNotFound');
    assert.equal(await errorType('py-syntax'), 'Runtime.UserCodeSyntaxError');
  });

  test('a Python module edited on disk is reloaded by a rebuild', { skip: noPython }, async (context) => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-python-reload-'));
    context.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return "first"\n');
    await t.runtime.deploy({ name: 'py-reload', runtime: 'python3.13', handler: 'app.handler', baseDir: dir, environment });
    assert.deepEqual(t.runtime.watchedFiles('py-reload'), [join(dir, 'app.py')]);
    assert.equal((await t.runtime.invoke('py-reload', { payload: '{}' })).payload, '"first"');
    writeFileSync(join(dir, 'app.py'), 'def handler(event, context):\n    return "second"\n');
    assert.deepEqual(await t.runtime.rebuild('py-reload'), { ok: true });
    assert.equal((await t.runtime.invoke('py-reload', { payload: '{}' })).payload, '"second"');
  });

  test('a provided.al2023 function runs its executable bootstrap; without one the build fails', async () => {
    const code = join(fixturesDir, 'provided');
    await t.runtime.deploy({ name: 'custom', runtime: 'provided.al2023', handler: 'function.handler', baseDir: code });
    const result = await t.runtime.invoke('custom', { payload: '{"orderId":7}' });
    assert.deepEqual(JSON.parse(result.payload), { echo: { orderId: 7 }, handler: 'function.handler', requestId: result.requestId, arn: 'arn:aws:lambda:eu-west-1:123456789012:function:custom' });
    assert.ok(result.logs.includes(`custom runtime got ${result.requestId}\n`));
    const noBootstrap = { name: 'no-bootstrap', runtime: 'provided.al2', handler: 'x', baseDir: PYTHON_CODE };
    const error = await t.runtime.build(noBootstrap).then(() => assert.fail('built'), (error: FunctionBuildError) => error);
    assert.equal(error.message, `Could not build function no-bootstrap: runtime provided.al2 starts ${join(PYTHON_CODE, 'bootstrap')}, but there is none`);
    await t.runtime.deployBroken(noBootstrap, error);
    const broken = await t.runtime.invoke('no-bootstrap', { payload: '{}' });
    assert.equal((JSON.parse(broken.payload) as { errorType: string }).errorType, 'Runtime.ExitError');
  });

  test('runtimes and Python handler strings are checked', async () => {
    await assert.rejects(t.runtime.build({ name: 'bad', runtime: 'python2.7', handler: 'a.b', baseDir: PYTHON_CODE }), (error: unknown) => {
      assert.ok(error instanceof InvalidFunctionSpecError);
      assert.equal(error.message, 'function "bad": runtime must be nodejs<version>.x, python3.<minor>, provided.al2023 or provided.al2, got "python2.7"');
      return true;
    });
    await assert.rejects(t.runtime.build({ name: 'bad', runtime: 'python3.12', handler: 'handlers', baseDir: PYTHON_CODE }), {
      message: `function "bad": handler must be module.function for a Python runtime, e.g. 'index_users.index_users', got "handlers"`,
    });
  });
});
