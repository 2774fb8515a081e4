import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionBuildError, FunctionThrottledError } from './errors.js';
import { HandlerNotFoundError } from './handler-export.js';
import { fixturesDir, testRuntime, type TestRuntime } from './fixtures/runtime-harness.js';

describe('FunctionRuntime: timeouts, crashes, concurrency and rebuilds', () => {
  let t: TestRuntime;
  let sources: string;
  before(() => {
    t = testRuntime();
    sources = mkdtempSync(join(tmpdir(), 'eddy-functions-src-'));
  });
  after(async () => {
    await t.dispose();
    rmSync(sources, { recursive: true, force: true });
  });

  test('a timeout ends the environment with Sandbox.Timedout; the next invocation is a cold start', async () => {
    await t.runtime.deploy({ name: 'slow', handler: 'misbehaves.ts', baseDir: fixturesDir, timeoutSeconds: 1 });
    const warm = await t.runtime.invoke('slow', { payload: '{}' });
    assert.equal(warm.payload, '{"invocations":1}');
    const timedOut = await t.runtime.invoke('slow', { payload: '{"spin":true}', requestId: 'spin-1' });
    assert.equal(timedOut.functionError, 'Unhandled');
    assert.equal(timedOut.payload, '{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: spin-1 Error: Task timed out after 1.00 seconds"}');
    assert.ok(timedOut.durationMs >= 1000, `duration ${timedOut.durationMs}`);
    const lines = timedOut.logs.trimEnd().split('\n');
    assert.equal(lines[0], 'START RequestId: spin-1 Version: $LATEST');
    assert.match(lines[1]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z spin-1 Task timed out after 1\.00 seconds$/);
    assert.equal(lines[2], 'END RequestId: spin-1');
    assert.match(lines[3]!, /^REPORT RequestId: spin-1\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tStatus: timeout$/);
    const next = await t.runtime.invoke('slow', { payload: '{}' });
    assert.equal(next.coldStart, true);
    assert.equal(next.payload, '{"invocations":1}', 'module state was lost with the environment');
  });

  test('process.exit fails only its own invocation; other functions and the next invocation are untouched', async () => {
    await t.runtime.deploy({ name: 'exits', handler: 'misbehaves.ts', baseDir: fixturesDir });
    await t.runtime.deploy({ name: 'bystander', handler: 'counter.ts', baseDir: fixturesDir });
    assert.equal((await t.runtime.invoke('bystander', { payload: '{}' })).payload, '{"count":1}');
    const [crashed, other] = await Promise.all([
      t.runtime.invoke('exits', { payload: '{"exit":3}', requestId: 'exit-1' }),
      t.runtime.invoke('bystander', { payload: '{}' }),
    ]);
    assert.equal(crashed.functionError, 'Unhandled');
    assert.equal(crashed.payload, '{"errorType":"Runtime.ExitError","errorMessage":"RequestId: exit-1 Error: Runtime exited with error: exit status 3"}');
    assert.match(crashed.logs, /\nRequestId: exit-1 Error: Runtime exited with error: exit status 3\nRuntime\.ExitError\nEND RequestId: exit-1\n/);
    assert.match(crashed.logs, /\tStatus: error\tError Type: Runtime\.ExitError\n$/);
    assert.equal(other.payload, '{"count":2}');
    assert.equal(other.coldStart, false);

    const exitZero = await t.runtime.invoke('exits', { payload: '{"exit":0}', requestId: 'exit-0' });
    assert.equal(JSON.parse(exitZero.payload).errorMessage, 'RequestId: exit-0 Error: Runtime exited without providing a reason');
    const next = await t.runtime.invoke('exits', { payload: '{}' });
    assert.equal(next.functionError, undefined);
    assert.equal(next.coldStart, true);
  });

  test('an exception thrown in a timer is the invocation\'s error and ends the environment', async () => {
    await t.runtime.deploy({ name: 'timer', handler: 'misbehaves.ts', baseDir: fixturesDir });
    const result = await t.runtime.invoke('timer', { payload: '{"timer":true}' });
    assert.equal(result.functionError, 'Unhandled');
    const error = JSON.parse(result.payload);
    assert.equal(error.errorType, 'TypeError');
    assert.equal(error.errorMessage, 'thrown in a timer');
    assert.match(error.trace[1], /misbehaves\.ts:9:13\)$/);
    assert.match(result.logs, /\tERROR\tUncaught Exception \t\{"errorType":"TypeError","errorMessage":"thrown in a timer"/);
    assert.equal((await t.runtime.invoke('timer', { payload: '{}' })).coldStart, true);
  });

  test('reserved concurrency: throttle rejects, wait queues for the busy environment', async () => {
    await t.runtime.deploy({ name: 'single', handler: 'counter.ts', baseDir: fixturesDir, reservedConcurrency: 1 });
    const first = t.runtime.invoke('single', { payload: '{}' });
    await assert.rejects(t.runtime.invoke('single', { payload: '{}' }), (error: unknown) => {
      assert.ok(error instanceof FunctionThrottledError);
      assert.equal(error.code, 'TooManyRequestsException');
      assert.equal(error.message, 'Rate Exceeded.');
      assert.deepEqual(error.fields, { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
      return true;
    });
    const queued = t.runtime.invoke('single', { payload: '{}', whenBusy: 'wait' });
    const [a, b] = await Promise.all([first, queued]);
    assert.equal(a.payload, '{"count":1}');
    assert.equal(b.payload, '{"count":2}', 'the queued invocation ran on the same, now warm, environment');
    assert.equal(b.coldStart, false);

    await t.runtime.deploy({ name: 'single', handler: 'counter.ts', baseDir: fixturesDir, reservedConcurrency: 0 });
    await assert.rejects(t.runtime.invoke('single', { payload: '{}', whenBusy: 'wait' }), FunctionThrottledError);
  });

  test('without reserved concurrency, parallel invocations get their own environments', async () => {
    await t.runtime.deploy({ name: 'parallel', handler: 'counter.ts', baseDir: fixturesDir });
    const results = await Promise.all([1, 2, 3].map(() => t.runtime.invoke('parallel', { payload: '{}' })));
    assert.deepEqual(results.map((r) => [r.payload, r.coldStart]), [['{"count":1}', true], ['{"count":1}', true], ['{"count":1}', true]]);
  });

  test('rebuild picks up changed source; a broken rebuild marks the function broken until the next good one', async () => {
    const file = join(sources, 'handler.ts');
    writeFileSync(file, "export const handler = async () => 'v1';\n");
    const v1 = await t.runtime.deploy({ name: 'edited', handler: 'handler.ts', baseDir: sources });
    assert.equal((await t.runtime.invoke('edited', { payload: '' })).payload, '"v1"');

    writeFileSync(file, "export const handler = async () => 'v2';\n");
    assert.deepEqual(await t.runtime.rebuild('edited'), { ok: true });
    assert.notEqual(t.runtime.get('edited')!.codeSha256, v1.codeSha256);
    const v2 = await t.runtime.invoke('edited', { payload: '' });
    assert.equal(v2.payload, '"v2"');
    assert.equal(v2.coldStart, true, 'new code runs in a new environment');

    writeFileSync(file, "export const handler = async () => {\n  return 'v3' +;\n};\n");
    const broken = await t.runtime.rebuild('edited');
    assert.equal(broken.ok, false);
    assert.equal(!broken.ok && broken.error.message, 'Could not build function edited: handler.ts:2:16: Unexpected ";"');
    // What runs is what is on disk: the code does not build, so invocations fail as Lambda's do for code that cannot load.
    const failed = await t.runtime.invoke('edited', { payload: '', requestId: 'broken-1' });
    assert.equal(failed.functionError, 'Unhandled');
    assert.equal(failed.payload, '{"errorType":"Runtime.UserCodeSyntaxError","errorMessage":"handler.ts:2:16: Unexpected \\";\\"","trace":[]}');
    const lines = failed.logs.trimEnd().split('\n');
    assert.equal(lines[0], 'START RequestId: broken-1 Version: $LATEST');
    assert.match(lines[1]!, /\tbroken-1\tERROR\tInit Error \t\{"errorType":"Runtime.UserCodeSyntaxError"/);
    assert.match(lines[3]!, /^REPORT RequestId: broken-1\t.*\tStatus: error\tError Type: Runtime.UserCodeSyntaxError$/);
    assert.equal(t.runtime.broken('edited')?.problems[0], 'handler.ts:2:16: Unexpected ";"');

    writeFileSync(file, "export const handler = async () => 'v4';\n");
    assert.deepEqual(await t.runtime.rebuild('edited'), { ok: true });
    assert.equal(t.runtime.broken('edited'), undefined);
    assert.equal((await t.runtime.invoke('edited', { payload: '' })).payload, '"v4"');
  });

  test('a function deployed broken fails each invocation with the Lambda error for its build problem', async () => {
    writeFileSync(join(sources, 'imports.ts'), "import { gone } from './gone.js';\nexport const handler = async () => gone;\n");
    const missing = await t.runtime.build({ name: 'imports', handler: 'imports.ts', baseDir: sources }).catch((error: FunctionBuildError) => error);
    assert.ok(missing instanceof FunctionBuildError);
    await t.runtime.deployBroken({ name: 'imports', handler: 'imports.ts', baseDir: sources }, missing);
    const result = await t.runtime.invoke('imports', { payload: '{}' });
    assert.equal(JSON.parse(result.payload).errorType, 'Runtime.ImportModuleError');
    assert.equal(JSON.parse(result.payload).errorMessage, 'imports.ts:1:22: Could not resolve "./gone.js"');
    assert.deepEqual(t.runtime.watchedFiles('imports'), [join(sources, 'imports.ts')]);
  });

  test('deploy reports build errors with file and line, and a missing handler file', async () => {
    writeFileSync(join(sources, 'broken.ts'), 'export const handler = async () => {\n  const x: number = ;\n};\n');
    await assert.rejects(t.runtime.deploy({ name: 'broken', handler: 'broken.ts', baseDir: sources }), {
      code: 'InvalidParameterValueException',
      message: 'Could not build function broken: broken.ts:2:21: Unexpected ";"',
    });
    await assert.rejects(t.runtime.deploy({ name: 'absent', handler: 'nowhere.ts', baseDir: sources }), {
      message: `Could not build function absent: handler file nowhere.ts does not exist (looked for ${join(sources, 'nowhere.ts')})`,
    });
    assert.equal(t.runtime.get('broken'), undefined);
  });

  test('a missing export is refused by the build, naming the exports; found missing only at load, it is Runtime.HandlerNotFound', async () => {
    await assert.rejects(t.runtime.deploy({ name: 'wrong-export', handler: 'counter.ts#nope', baseDir: fixturesDir }), (error) => {
      assert.ok(error instanceof HandlerNotFoundError);
      assert.deepEqual(error.problems, ['counter.ts has no export named "nope" (it exports: handler)']);
      return true;
    });
    // A default export may hold the handler (as CommonJS modules do): only loading the module tells.
    writeFileSync(join(sources, 'object.ts'), 'export default { handler: async () => 1 };\n');
    await t.runtime.deploy({ name: 'wrong-member', handler: 'object.ts#nope', baseDir: sources });
    const result = await t.runtime.invoke('wrong-member', { payload: '{}' });
    assert.equal(result.functionError, 'Unhandled');
    assert.equal(result.payload, '{"errorType":"Runtime.HandlerNotFound","errorMessage":"object.ts#nope is undefined or not exported"}');
  });

  test('logs keep the last 1,000 lines per function', async () => {
    await t.runtime.deploy({ name: 'chatty', handler: 'chatty.ts', baseDir: fixturesDir });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await t.runtime.invoke('chatty', { payload: '{"lines":400}' }));
    const logs = t.runtime.logs('chatty');
    assert.equal(logs.length, 1000);
    const last = results[2]!;
    assert.equal(logs.at(-1)!.requestId, last.requestId);
    assert.match(logs.at(-1)!.message, new RegExp(`^REPORT RequestId: ${last.requestId}\\t`));
    assert.deepEqual(t.runtime.logs('chatty', 2).map((entry) => entry.message.split('\t')[0]), [`END RequestId: ${last.requestId}`, `REPORT RequestId: ${last.requestId}`]);
    assert.equal(last.logs.trimEnd().split('\n').length, 405, 'the invocation\'s own lines are all in its result');
  });

  test('list, remove and close', async () => {
    await t.runtime.deploy({ name: 'b-fn', handler: 'counter.ts', baseDir: fixturesDir });
    await t.runtime.deploy({ name: 'a-fn', handler: 'counter.ts', baseDir: fixturesDir });
    const names = t.runtime.list().map((fn) => fn.spec.name);
    assert.deepEqual(names, [...names].sort());
    assert.equal(names.indexOf('a-fn') < names.indexOf('b-fn'), true);
    assert.equal(t.runtime.get('a-fn')!.spec.timeoutSeconds, 3);
    assert.equal(t.runtime.get('a-fn')!.spec.memorySizeMB, 128);
    await t.runtime.invoke('a-fn', { payload: '{}' });
    assert.equal(await t.runtime.remove('a-fn'), true);
    assert.equal(await t.runtime.remove('a-fn'), false);
    await assert.rejects(t.runtime.invoke('a-fn', { payload: '{}' }), { code: 'ResourceNotFoundException' });
  });
});

describe('FunctionRuntime: idle environments', () => {
  test('an environment idle for the idle timeout is ended, and the next invocation starts cold', async () => {
    const t = testRuntime({ idleTimeoutMs: 50 });
    try {
      await t.runtime.deploy({ name: 'idle', handler: 'counter.ts', baseDir: fixturesDir });
      const first = await t.runtime.invoke('idle', { payload: '{}' });
      assert.deepEqual([first.payload, first.coldStart], ['{"count":1}', true]);
      assert.deepEqual(t.runtime.environments('idle'), { busy: 0, idle: 1 });
      const deadline = Date.now() + 10_000;
      while (t.runtime.environments('idle')!.idle > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(t.runtime.environments('idle'), { busy: 0, idle: 0 });
      const next = await t.runtime.invoke('idle', { payload: '{}' });
      assert.deepEqual([next.payload, next.coldStart], ['{"count":1}', true], 'a new environment: module state starts over');
      assert.equal(t.runtime.environments('nope'), undefined);
    } finally {
      await t.dispose();
    }
  });
});
