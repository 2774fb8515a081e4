import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidFunctionSpecError } from './errors.js';
import type { FunctionSpec, InvokeResult } from './function-runtime.js';
import { resolveSpec } from './function-spec.js';
import { nodeProcessLine } from './node-process-runtime.js';
import { fixturesDir, testRuntime, type TestRuntime } from './fixtures/runtime-harness.js';

/** A log without what differs from one run to the next: times, request ids, the REPORT line's figures. */
function comparable(result: InvokeResult): string[] {
  return result.logs
    .trimEnd()
    .split('\n')
    .filter((line) => !line.startsWith('REPORT '))
    .map((line) => line.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/, 'TIME').replaceAll(result.requestId, 'REQUEST'));
}

describe("FunctionRuntime: a Node.js handler with isolation: 'process'", () => {
  let t: TestRuntime;
  let sources: string;
  before(() => {
    t = testRuntime();
    sources = mkdtempSync(join(tmpdir(), 'eddy-node-process-'));
  });
  after(async () => {
    await t.dispose();
    rmSync(sources, { recursive: true, force: true });
  });

  /** Deploys the spec twice, `NAME-thread` and `NAME-process`, and invokes each with the same payload. */
  async function both(spec: FunctionSpec, payload: string): Promise<{ thread: InvokeResult; process: InvokeResult }> {
    const results: InvokeResult[] = [];
    for (const isolation of ['thread', 'process'] as const) {
      const name = `${spec.name}-${isolation}`;
      await t.runtime.deploy({ ...spec, name, isolation });
      results.push(await t.runtime.invoke(name, { payload }));
    }
    return { thread: results[0]!, process: results[1]! };
  }

  test('runs in a process of its own: the result, a warm second invocation, TZ and the code directory as a process has them', async () => {
    await t.runtime.deploy({ name: 'isolated', handler: 'isolated.ts', baseDir: fixturesDir, isolation: 'process' });
    const first = await t.runtime.invoke('isolated', { payload: '{}' });
    assert.equal(first.functionError, undefined, first.payload);
    const answer = JSON.parse(first.payload) as { pid: number; cwd: string; tz: string | null };
    assert.notEqual(answer.pid, process.pid);
    assert.deepEqual({ ...answer, pid: 0 }, { pid: 0, cwd: fixturesDir.replace(/\/$/, ''), tz: ':UTC' });
    assert.equal(first.coldStart, true);
    assert.ok(first.initDurationMs !== undefined && first.initDurationMs > 0);
    const second = await t.runtime.invoke('isolated', { payload: '{}' });
    assert.equal(second.coldStart, false);
    assert.equal(JSON.parse(second.payload).pid, answer.pid, 'the same warm process');
    // process.chdir, which a worker thread refuses, only moves this function's process.
    const moved = await t.runtime.invoke('isolated', { payload: JSON.stringify({ chdir: sources }) });
    assert.equal(JSON.parse(moved.payload).cwd, sources);
    assert.notEqual(process.cwd(), sources);
    assert.deepEqual(t.runtime.environments('isolated'), { busy: 0, idle: 1 });
  });

  test('console lines carry the request id and level, logged as the worker path logs them (a message of two lines too)', async () => {
    const chatty = await both({ name: 'chatty', handler: 'chatty.ts', baseDir: fixturesDir }, '{"lines":2}');
    assert.deepEqual(comparable(chatty.process), comparable(chatty.thread));
    assert.deepEqual(comparable(chatty.process).slice(1, 5), ['TIME\tREQUEST\tINFO\tline 0', 'TIME\tREQUEST\tINFO\tline 1', 'TIME\tREQUEST\tWARN\tcareful', 'TIME\tREQUEST\tERROR\tbad { code: 7 }']);
    const twoLines = await both({ name: 'two-lines', handler: 'isolated.ts', baseDir: fixturesDir }, '{}');
    assert.deepEqual(comparable(twoLines.process), comparable(twoLines.thread));
    assert.ok(twoLines.process.logs.includes(`\t${twoLines.process.requestId}\tINFO\tfirst line\nsecond line\n`));
    // The terminal at 'info' shows the handler's output the same way: the message, with its level.
    assert.ok(t.logged.includes(`[chatty-process] ${chatty.process.logs.split('\n')[3]}`), 'debug level prints every line');
  });

  test("a thrown error is the worker path's error object, its trace on the TypeScript line", async () => {
    for (const payload of ['{}', '{"custom":true}']) {
      const { thread, process: isolated } = await both({ name: 'throws', handler: 'throws.ts', baseDir: fixturesDir }, payload);
      assert.equal(isolated.functionError, 'Unhandled');
      assert.deepEqual(JSON.parse(isolated.payload), JSON.parse(thread.payload));
      assert.deepEqual(comparable(isolated), comparable(thread));
    }
    const error = JSON.parse((await t.runtime.invoke('throws-process', { payload: '{}' })).payload);
    assert.deepEqual(Object.keys(error), ['errorType', 'errorMessage', 'trace']);
    assert.equal(error.trace.length, 2, `only the handler's frame, none of the bootstrap's:\n${error.trace.join('\n')}`);
    assert.match(error.trace[1], /^ {4}at handler \(.*\/src\/functions\/fixtures\/throws\.ts:7:9\)$/);
  });

  test('a callback-style handler, context.succeed and context.fail', async () => {
    for (const payload of ['{}', '{"via":"succeed"}', '{"via":"fail"}']) {
      const { thread, process: isolated } = await both({ name: 'callback', handler: 'callback-style.cjs', baseDir: fixturesDir }, payload);
      assert.deepEqual([isolated.payload, isolated.functionError], [thread.payload, thread.functionError]);
    }
    assert.equal((await t.runtime.invoke('callback-process', { payload: '{}' })).payload, '{"via":"callback","remaining":true}');
  });

  test("context has the worker path's fields, getRemainingTimeInMillis counting down to the deadline", async () => {
    const spec = { name: 'context', handler: 'commonjs/context-and-env.js', baseDir: fixturesDir, memorySizeMB: 256, timeoutSeconds: 5 };
    const keys = ['AWS_LAMBDA_FUNCTION_NAME', 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_EXECUTION_ENV', 'EDDY_HANDLER_BUNDLE', 'EDDY_HANDLER_EXPORT'];
    const { thread, process: isolated } = await both(spec, JSON.stringify({ keys }));
    // The same context and environment, but for the names and what differs between two environments.
    const [threadAnswer, answer] = [thread, isolated].map((result) => JSON.parse(result.payload.replaceAll(/context-(thread|process)/g, 'context')));
    assert.ok(answer.context.remaining > 4000 && answer.context.remaining <= 5000, `remaining ${answer.context.remaining}`);
    assert.match(answer.context.logStreamName, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.equal(answer.context.awsRequestId, isolated.requestId);
    const settled = (context: Record<string, unknown>) => ({ ...context, remaining: 0, logStreamName: '', awsRequestId: '' });
    assert.deepEqual(settled(answer.context), settled(threadAnswer.context));
    assert.deepEqual(Object.keys(answer.context), Object.keys(threadAnswer.context));
    // Eddy's variables telling the bootstrap what to load are gone before the handler runs.
    assert.deepEqual(answer.env, threadAnswer.env);
    assert.equal(answer.env.EDDY_HANDLER_BUNDLE, undefined);

    const withClient = await t.runtime.invoke('context-process', { payload: '{"keys":[]}', clientContext: Buffer.from('{"client":{"app":"x"}}').toString('base64'), invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:context-process:live' });
    const { context } = JSON.parse(withClient.payload);
    assert.deepEqual([context.clientContext, context.invokedFunctionArn], [{ client: { app: 'x' } }, 'arn:aws:lambda:eu-west-1:123456789012:function:context-process:live']);
  });

  test('a timeout kills the process and the next invocation starts a new one', async () => {
    await t.runtime.deploy({ name: 'spins', handler: 'misbehaves.ts', baseDir: fixturesDir, timeoutSeconds: 1, isolation: 'process' });
    assert.equal((await t.runtime.invoke('spins', { payload: '{}' })).payload, '{"invocations":1}');
    const timedOut = await t.runtime.invoke('spins', { payload: '{"spin":true}', requestId: 'spin-1' });
    assert.equal(timedOut.functionError, 'Unhandled');
    assert.equal(timedOut.payload, '{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: spin-1 Error: Task timed out after 1.00 seconds"}');
    assert.match(timedOut.logs, /\nREPORT RequestId: spin-1\t.*\tStatus: timeout\n$/);
    assert.deepEqual(t.runtime.environments('spins'), { busy: 0, idle: 0 }, 'the timed-out process is gone');
    const next = await t.runtime.invoke('spins', { payload: '{}' });
    assert.deepEqual([next.payload, next.coldStart], ['{"invocations":1}', true]);
  });

  test('process.exit and an exception in a timer fail only their own invocation', async () => {
    await t.runtime.deploy({ name: 'exits', handler: 'misbehaves.ts', baseDir: fixturesDir, isolation: 'process' });
    await t.runtime.deploy({ name: 'bystander', handler: 'counter.ts', baseDir: fixturesDir, isolation: 'process' });
    assert.equal((await t.runtime.invoke('bystander', { payload: '{}' })).payload, '{"count":1}');
    const [crashed, other] = await Promise.all([
      t.runtime.invoke('exits', { payload: '{"exit":3}', requestId: 'exit-1' }),
      t.runtime.invoke('bystander', { payload: '{}' }),
    ]);
    assert.equal(crashed.payload, '{"errorType":"Runtime.ExitError","errorMessage":"RequestId: exit-1 Error: Runtime exited with error: exit status 3"}');
    assert.match(crashed.logs, /\nRequestId: exit-1 Error: Runtime exited with error: exit status 3\nRuntime\.ExitError\nEND RequestId: exit-1\n/);
    assert.deepEqual([other.payload, other.coldStart], ['{"count":2}', false]);
    const next = await t.runtime.invoke('exits', { payload: '{}' });
    assert.deepEqual([next.functionError, next.coldStart], [undefined, true]);

    const timer = await both({ name: 'timer', handler: 'misbehaves.ts', baseDir: fixturesDir }, '{"timer":true}');
    assert.deepEqual(JSON.parse(timer.process.payload), JSON.parse(timer.thread.payload));
    assert.deepEqual(comparable(timer.process), comparable(timer.thread));
    assert.match(timer.process.logs, /\tStatus: error\tError Type: Runtime\.ExitError\n$/);
    assert.match(JSON.parse(timer.process.payload).trace[1], /misbehaves\.ts:9:13\)$/);
    assert.match(timer.process.logs, /\tERROR\tUncaught Exception \t\{"errorType":"TypeError","errorMessage":"thrown in a timer"/);
    assert.equal((await t.runtime.invoke('timer-process', { payload: '{}' })).coldStart, true);
  });

  test("a module that throws, lacks the handler or cannot import fails init with the worker path's error", async () => {
    writeFileSync(join(sources, 'throws-at-init.ts'), "console.log('loading');\nthrow new RangeError('no config for orders');\nexport const handler = async () => 1;\n");
    writeFileSync(join(sources, 'no-handler.cjs'), 'module.exports = { other: () => 1 };\n');
    writeFileSync(join(sources, 'imports-missing.mjs'), "const name = 'not-' + 'installed';\nawait import(name);\nexport const handler = async () => 1;\n");
    const expected = { 'throws-at-init.ts': 'RangeError', 'no-handler.cjs': 'Runtime.HandlerNotFound', 'imports-missing.mjs': 'Runtime.ImportModuleError' };
    for (const [file, errorType] of Object.entries(expected)) {
      const name = file.replace(/\W/g, '-');
      const { thread, process: isolated } = await both({ name, handler: file, baseDir: sources }, '{}');
      assert.equal(isolated.functionError, 'Unhandled');
      const error = JSON.parse(isolated.payload);
      assert.equal(error.errorType, errorType, isolated.payload);
      assert.deepEqual(error, JSON.parse(thread.payload));
      assert.match(isolated.logs, new RegExp(`\\tERROR\\tUncaught Exception \\t\\{"errorType":"${errorType.replaceAll('.', '\\.')}"`));
      assert.match(isolated.logs, new RegExp(`\\nINIT_REPORT Init Duration: \\d+\\.\\d\\d ms\\tPhase: init\\tStatus: error\\tError Type: ${errorType.replaceAll('.', '\\.')}\\n`));
    }
    const noHandler = JSON.parse((await t.runtime.invoke('no-handler-cjs-process', { payload: '{}' })).payload);
    assert.equal(noHandler.errorMessage, 'no-handler.cjs is undefined or not exported');
    assert.ok(t.logged.some((line) => /^\[throws-at-init-ts-process\] \S+\tundefined\tINFO\tloading$/.test(line)), 'init output has no request id');
  });

  test('a rebuild reaches the environments started after it (hot reload)', async () => {
    const file = join(sources, 'edited.ts');
    writeFileSync(file, "export const handler = async () => 'v1';\n");
    await t.runtime.deploy({ name: 'edited', handler: 'edited.ts', baseDir: sources, isolation: 'process' });
    assert.equal((await t.runtime.invoke('edited', { payload: '' })).payload, '"v1"');
    writeFileSync(file, "export const handler = async () => 'v2';\n");
    assert.deepEqual(await t.runtime.rebuild('edited'), { ok: true });
    const v2 = await t.runtime.invoke('edited', { payload: '' });
    assert.deepEqual([v2.payload, v2.coldStart], ['"v2"', true]);
    assert.deepEqual(t.runtime.watchedFiles('edited'), [file]);
  });
});

describe('isolation in a function spec', () => {
  const base = { name: 'fn', handler: 'a.ts', baseDir: '/app' };

  test("is 'thread' or 'process', for a Node.js function only", () => {
    assert.equal(resolveSpec({ ...base, isolation: 'process' }).isolation, 'process');
    assert.equal(resolveSpec({ ...base, runtime: 'nodejs22.x', isolation: 'thread' }).isolation, 'thread');
    assert.equal('isolation' in resolveSpec(base), false);
    assert.throws(() => resolveSpec({ ...base, isolation: 'fork' as 'process' }), new InvalidFunctionSpecError(`function "fn": isolation must be 'thread' or 'process', got "fork"`));
    assert.throws(
      () => resolveSpec({ ...base, handler: 'app.handler', runtime: 'python3.12', isolation: 'process' }),
      new InvalidFunctionSpecError('function "fn": isolation is a Node.js function\'s choice: a python3.12 function always runs as a process'),
    );
  });

  test("the bootstrap's lines read as the worker's: levels, newlines back, its own error lines not the handler's output", () => {
    const id = '0f1e';
    assert.deepEqual(nodeProcessLine(`2026-01-01T00:00:00.000Z\t${id}\tWARN\ta\rb`), { line: `2026-01-01T00:00:00.000Z\t${id}\tWARN\ta\nb`, output: { level: 'WARN', message: 'a\nb' }, fatal: false });
    const invokeError = nodeProcessLine(`2026-01-01T00:00:00.000Z\t${id}\tERROR\tInvoke Error \t{"errorType":"Error"}`);
    assert.deepEqual([invokeError.output, invokeError.fatal], [undefined, false]);
    const uncaught = nodeProcessLine(`2026-01-01T00:00:00.000Z\t${id}\tERROR\tUncaught Exception \t{"errorType":"Error"}`);
    assert.deepEqual([uncaught.output, uncaught.fatal], [undefined, true]);
    assert.deepEqual(nodeProcessLine('written to stdout'), { line: 'written to stdout', output: { message: 'written to stdout' }, fatal: false });
  });
});
