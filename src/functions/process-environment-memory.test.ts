import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fixturesDir, testRuntime, type TestRuntime } from './fixtures/runtime-harness.js';
import type { InvokeResult } from './invocation-run.js';

const PYTHON_CODE = join(fixturesDir, 'python');
const noPython = spawnSync('python3', ['--version']).status !== 0 && 'python3 is not on the PATH: the Python runtime cannot run here';
const noProc = process.platform !== 'linux' && 'no /proc here: a process environment\'s memory is neither measured nor limited';
const skip = noPython || noProc;
/** Importing the fixtures would leave __pycache__ in the source tree. */
const environment = { PYTHONDONTWRITEBYTECODE: '1' };

/** What Lambda answers for an invocation whose runtime went past its memory and was killed. */
function assertOutOfMemory(result: InvokeResult): void {
  assert.equal(result.functionError, 'Unhandled');
  const message = `RequestId: ${result.requestId} Error: Runtime exited with error: signal: killed`;
  assert.deepEqual(JSON.parse(result.payload), { errorType: 'Runtime.OutOfMemory', errorMessage: message });
  const lines = result.logs.trimEnd().split('\n');
  assert.deepEqual(lines.slice(-4, -1), [message, 'Runtime.OutOfMemory', `END RequestId: ${result.requestId}`]);
  assert.match(lines.at(-1)!, /\tMemory Size: 128 MB\tMax Memory Used: 128 MB\t.*Status: error\tError Type: Runtime\.OutOfMemory$/);
  assert.equal(result.maxMemoryUsedMB, 128);
}

describe('Process environments: the memory limit', () => {
  let t: TestRuntime;
  before(() => {
    t = testRuntime();
  });
  after(() => t.dispose());

  test('a Python handler holding 300 MB under memorySize 128 is killed: Runtime.OutOfMemory, a new environment, the next invocation runs', { skip }, async () => {
    await t.runtime.deploy({ name: 'py-hog', runtime: 'python3.12', handler: 'memory.hold', baseDir: PYTHON_CODE, memorySizeMB: 128, timeoutSeconds: 20, environment });
    const killed = await t.runtime.invoke('py-hog', { payload: JSON.stringify({ mb: 300, seconds: 15 }) });
    assertOutOfMemory(killed);
    assert.ok(killed.durationMs < 10_000, `killed as it grew, not at the timeout (${killed.durationMs} ms)`);
    assert.deepEqual(t.runtime.environments('py-hog'), { busy: 0, idle: 0 }, 'the killed environment is gone');

    const next = await t.runtime.invoke('py-hog', { payload: JSON.stringify({ mb: 16, seconds: 0 }) });
    assert.equal(next.functionError, undefined, next.payload);
    assert.deepEqual(JSON.parse(next.payload), { held: 16 });
    assert.equal(next.coldStart, true, 'a new environment');
    assert.ok(next.maxMemoryUsedMB > 16 && next.maxMemoryUsedMB < 128, `Max Memory Used ${next.maxMemoryUsedMB} MB`);
  });

  test('a spike freed before the handler returns still went past the limit (the peak is read as it answers)', { skip }, async () => {
    await t.runtime.deploy({ name: 'py-spike', runtime: 'python3.12', handler: 'memory.spike', baseDir: PYTHON_CODE, memorySizeMB: 128, environment });
    assertOutOfMemory(await t.runtime.invoke('py-spike', { payload: JSON.stringify({ mb: 300 }) }));
  });

  test("a child process's memory counts toward the function's", { skip }, async () => {
    await t.runtime.deploy({ name: 'py-child', runtime: 'python3.12', handler: 'memory.child', baseDir: PYTHON_CODE, memorySizeMB: 128, timeoutSeconds: 20, environment });
    const killed = await t.runtime.invoke('py-child', { payload: JSON.stringify({ mb: 200 }) });
    assertOutOfMemory(killed);
    assert.ok(killed.durationMs < 10_000, `killed as the child grew, not at the timeout (${killed.durationMs} ms)`);
  });

  test('a module that goes past the limit while it is imported fails init with Runtime.OutOfMemory', { skip }, async () => {
    await t.runtime.deploy({ name: 'py-fat-init', runtime: 'python3.12', handler: 'memory_at_import.handler', baseDir: PYTHON_CODE, memorySizeMB: 128, environment });
    const result = await t.runtime.invoke('py-fat-init', { payload: '{}' });
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(result.payload), { errorType: 'Runtime.OutOfMemory', errorMessage: 'Error: Runtime exited with error: signal: killed' });
    assert.match(result.logs, /\nINIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime\.OutOfMemory\n/);
  });

  test('a handler under the limit is untouched and its environment stays warm', { skip }, async () => {
    await t.runtime.deploy({ name: 'py-small', runtime: 'python3.12', handler: 'memory.small', baseDir: PYTHON_CODE, memorySizeMB: 128, environment });
    for (const coldStart of [true, false]) {
      const result = await t.runtime.invoke('py-small', { payload: '{}' });
      assert.equal(result.functionError, undefined, result.payload);
      assert.deepEqual(JSON.parse(result.payload), { ok: true, held: 8 });
      assert.equal(result.coldStart, coldStart);
      assert.ok(result.maxMemoryUsedMB > 1 && result.maxMemoryUsedMB < 128, `Max Memory Used ${result.maxMemoryUsedMB} MB`);
      assert.doesNotMatch(result.logs, /Status:/);
    }
    assert.deepEqual(t.runtime.environments('py-small'), { busy: 0, idle: 1 });
  });
});
