import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentPool } from './environment-pool.js';
import type { InvocationOutcome } from './environment.js';
import { ProcessEnvironment, type ProcessEnvironmentOptions } from './process-environment.js';
import { pythonCommand } from './python-runtime.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const PYTHON_CODE = join(FIXTURES, 'python');
const HANDLERS_PY = join(PYTHON_CODE, 'handlers.py');
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:orders';

/** The interpreter `python3` on the PATH resolves to, or undefined when there is none. */
function interpreter(command: string): string | undefined {
  const found = spawnSync(command, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

const PYTHON = interpreter('python3');
const noPython = PYTHON === undefined && 'python3 is not on the PATH: the Python runtime cannot run here';

interface Logged {
  line: string;
  requestId: string | undefined;
}

function pythonEnvironment(t: TestContext, handler: string, extra: Partial<ProcessEnvironmentOptions> & { python?: string; variables?: Record<string, string> } = {}) {
  const logged: Logged[] = [];
  const environment = new ProcessEnvironment({
    ...pythonCommand(extra.python ?? PYTHON),
    cwd: PYTHON_CODE,
    env: (logStreamName) => lambdaVariables(handler, logStreamName, 'AWS_Lambda_python3.12', extra.variables),
    functionArn: ARN,
    onLog: (line, requestId) => logged.push({ line, requestId }),
    ...extra,
  });
  t.after(() => environment.terminate());
  return { environment, logged };
}

function lambdaVariables(handler: string, logStreamName: string, executionEnv: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    _HANDLER: handler,
    LAMBDA_TASK_ROOT: PYTHON_CODE,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: 'orders',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
    AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/orders',
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    ...(executionEnv !== undefined && { AWS_EXECUTION_ENV: executionEnv }),
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    // Importing the fixtures would leave __pycache__ in the source tree.
    PYTHONDONTWRITEBYTECODE: '1',
    ...extra,
  };
}

function payloadOf(outcome: InvocationOutcome): unknown {
  assert.ok('payload' in outcome, `expected a payload, got ${JSON.stringify(outcome)}`);
  return JSON.parse(outcome.payload);
}

/** The line a Python source file has at `pattern` (1-based), for exact tracebacks. */
function lineOf(file: string, pattern: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(pattern)) + 1;
}

test('a Python handler returning a dict: its result, and the context Lambda gives it', { skip: noPython }, async (t) => {
  const { environment } = pythonEnvironment(t, 'handlers.context_of');
  // Non-ASCII text travels escaped in the header and arrives intact.
  const clientContext = Buffer.from(JSON.stringify({ custom: { tenant: 'acme', city: 'Zürich ✓' } })).toString('base64');
  const { outcome } = await environment.invoke({ requestId: 'req-ctx', payload: '{"orderId":42}', clientContext }, 3);
  assert.equal(outcome.kind, 'success');
  const got = payloadOf(outcome) as Record<string, unknown>;
  assert.match(String(got.trace_id), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  delete got.trace_id;
  assert.deepEqual(got, {
    event: { orderId: 42 },
    aws_request_id: 'req-ctx',
    function_name: 'orders',
    function_version: '$LATEST',
    invoked_function_arn: ARN,
    memory_limit_in_mb: '128',
    log_group_name: '/aws/lambda/orders',
    log_stream_name: environment.logStreamName,
    client_context_custom: { tenant: 'acme', city: 'Zürich ✓' },
    identity: [null, null],
  });
  assert.ok(environment.initDurationMs! > 0);
  if (process.platform === 'linux') assert.ok(environment.memoryUsedMB > 0, 'the peak resident memory is read from /proc');

  const empty = await environment.invoke({ requestId: 'req-empty', payload: '', clientContext: undefined }, 3);
  assert.deepEqual((payloadOf(empty.outcome) as { event: unknown }).event, {}, "an empty payload is the event {}");
});

test('a raised exception is reported as the Python runtime does, and the environment stays warm', { skip: noPython }, async (t) => {
  const { environment, logged } = pythonEnvironment(t, 'handlers.fail');
  const { outcome } = await environment.invoke({ requestId: 'req-fail', payload: '{}', clientContext: undefined }, 3);
  assert.equal(outcome.kind, 'error');
  const line = lineOf(HANDLERS_PY, 'raise PaymentError("card declined")');
  assert.deepEqual(payloadOf(outcome), {
    errorMessage: 'card declined',
    errorType: 'PaymentError',
    requestId: 'req-fail',
    stackTrace: [`  File "${HANDLERS_PY}", line ${line}, in fail\n    raise PaymentError("card declined")\n`],
  });
  assert.deepEqual(
    logged.filter((entry) => entry.requestId === 'req-fail').map((entry) => entry.line),
    ['[ERROR] PaymentError: card declined', 'Traceback (most recent call last):', `\u00a0\u00a0File "${HANDLERS_PY}", line ${line}, in fail`, '\u00a0\u00a0\u00a0\u00a0raise PaymentError("card declined")'],
    'one error, its lines joined by \\r as awslambdaric logs it (read here as lines)',
  );
  assert.equal(environment.alive, true);
  const again = await environment.invoke({ requestId: 'req-fail-2', payload: '{}', clientContext: undefined }, 3);
  assert.equal((payloadOf(again.outcome) as { requestId: string }).requestId, 'req-fail-2');
});

test('a result json cannot serialise is Runtime.MarshalError; Decimal is written as its literal', { skip: noPython }, async (t) => {
  const { environment } = pythonEnvironment(t, 'handlers.unserialisable');
  const { outcome } = await environment.invoke({ requestId: 'req-marshal', payload: '{}', clientContext: undefined }, 3);
  assert.equal(outcome.kind, 'error');
  assert.deepEqual(payloadOf(outcome), {
    errorMessage: 'Unable to marshal response: Object of type datetime is not JSON serializable',
    errorType: 'Runtime.MarshalError',
    requestId: 'req-marshal',
    stackTrace: [],
  });

  const decimals = pythonEnvironment(t, 'handlers.decimals').environment;
  const result = await decimals.invoke({ requestId: 'req-decimal', payload: '{}', clientContext: undefined }, 3);
  assert.deepEqual(result.outcome, { kind: 'success', payload: '{"price": 1.10, "quantity": 3}' });
});

test('a timeout kills the process and its children; the pool replaces the environment and the next invocation runs', { skip: noPython }, async (t) => {
  const logged: Logged[] = [];
  const handlers: Record<string, string> = {};
  let created = 0;
  const pool = new EnvironmentPool<ProcessEnvironment>({
    limit: 1,
    throttled: () => new Error('throttled'),
    create: () => {
      const handler = created++ === 0 ? 'handlers.hang' : 'handlers.counter';
      const environment = new ProcessEnvironment({
        ...pythonCommand(PYTHON),
        cwd: PYTHON_CODE,
        env: (logStreamName) => lambdaVariables(handler, logStreamName, 'AWS_Lambda_python3.12'),
        functionArn: ARN,
        onLog: (line, requestId) => logged.push({ line, requestId }),
      });
      handlers[environment.logStreamName] = handler;
      return environment;
    },
  });
  t.after(() => pool.close(new Error('closed'), true));

  const first = await pool.acquire('wait');
  const timedOut = await first.invoke({ requestId: 'req-hang', payload: '{}', clientContext: undefined }, 1);
  assert.deepEqual(timedOut.outcome, {
    kind: 'timeout',
    error: { errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: req-hang Error: Task timed out after 1.00 seconds' },
  });
  await first.terminate();
  assert.equal(first.alive, false);
  const pids = logged.find((entry) => entry.line.startsWith('pids '));
  assert.equal(pids?.requestId, 'req-hang');
  // The group's SIGKILL is sent at once; a child may take a moment to be gone after the root has exited.
  for (const pid of pids!.line.split(' ').slice(1).map(Number)) await waitFor(() => !running(pid));
  pool.release(first);

  const second = await pool.acquire('wait');
  assert.notEqual(second, first, 'a new environment');
  assert.equal(handlers[second.logStreamName], 'handlers.counter');
  const next = await second.invoke({ requestId: 'req-after', payload: '{}', clientContext: undefined }, 3);
  assert.deepEqual(next.outcome, { kind: 'success', payload: '{"count": 1}' });
  pool.release(second);
});

test('a process exiting during an invocation fails it with Runtime.ExitError and its exit status', { skip: noPython }, async (t) => {
  const { environment } = pythonEnvironment(t, 'handlers.leave');
  const { outcome } = await environment.invoke({ requestId: 'req-exit', payload: '{}', clientContext: undefined }, 3);
  assert.deepEqual(outcome, {
    kind: 'crash',
    error: { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: req-exit Error: Runtime exited with error: exit status 3' },
    exitError: true,
  });
  assert.equal(environment.alive, false);
});

test('a process that exits leaving a daemon holding its output still fails its invocation at once', { skip: noPython }, async (t) => {
  const { environment, logged } = pythonEnvironment(t, 'handlers.daemon_then_exit');
  const { outcome } = await environment.invoke({ requestId: 'req-daemon', payload: '{}', clientContext: undefined }, 30);
  const daemon = Number(logged.find((entry) => entry.line.startsWith('daemon '))?.line.split(' ')[1]);
  t.after(() => process.kill(daemon, 'SIGKILL'));
  assert.deepEqual(outcome, {
    kind: 'crash',
    error: { errorType: 'Runtime.ExitError', errorMessage: 'RequestId: req-daemon Error: Runtime exited with error: exit status 4' },
    exitError: true,
  });
  assert.equal(running(daemon), true, 'a process of its own session is not the environment\'s to kill');
});

test('import errors are init errors with the Python runtime types and messages', { skip: noPython }, async (t) => {
  const syntaxLine = readFileSync(join(PYTHON_CODE, 'syntax_error.py'), 'utf8').split('\n')[0];
  const raiseLine = lineOf(join(PYTHON_CODE, 'raises_at_import.py'), 'raise ValueError');
  const cases: [string, (error: Record<string, unknown>) => void][] = [
    [
      'missing_module.handler',
      (error) =>
        assert.deepEqual(error, {
          errorMessage: "Unable to import module 'missing_module': No module named 'missing_module'",
          errorType: 'Runtime.ImportModuleError',
          requestId: '',
          stackTrace: [],
        }),
    ],
    [
      'handlers.nope',
      (error) =>
        assert.deepEqual(error, { errorMessage: "Handler 'nope' missing on module 'handlers'", errorType: 'Runtime.HandlerNotFound', requestId: '', stackTrace: [] }),
    ],
    [
      'no_dot',
      (error) =>
        assert.deepEqual(error, {
          errorMessage: "Bad handler 'no_dot': not enough values to unpack (expected 2, got 1)",
          errorType: 'Runtime.MalformedHandlerName',
          requestId: '',
          stackTrace: [],
        }),
    ],
    [
      'syntax_error.handler',
      (error) => {
        assert.equal(error.errorType, 'Runtime.UserCodeSyntaxError');
        assert.match(String(error.errorMessage), /^Syntax error in module 'syntax_error': .+ \(syntax_error\.py, line 1\)$/);
        assert.deepEqual(error.stackTrace, [`  File "${join(PYTHON_CODE, 'syntax_error.py')}" Line 1\n    ${syntaxLine}\n`]);
      },
    ],
    [
      'raises_at_import.handler',
      (error) => {
        assert.equal(error.errorType, 'ValueError');
        assert.equal(error.errorMessage, 'no config for orders');
        const trace = error.stackTrace as string[];
        assert.equal(trace.at(-1), `  File "${join(PYTHON_CODE, 'raises_at_import.py')}", line ${raiseLine}, in <module>\n    raise ValueError("no config for orders")\n`);
        assert.ok(trace.every((frame) => !frame.includes('eddy_bootstrap.py')), "the bootstrap's own frames are left out");
      },
    ],
  ];
  for (const [handler, check] of cases) {
    const { environment, logged } = pythonEnvironment(t, handler);
    const { outcome } = await environment.invoke({ requestId: `req-${handler}`, payload: '{}', clientContext: undefined }, 3);
    assert.equal(outcome.kind, 'init-error', handler);
    check((outcome as unknown as { error: Record<string, unknown> }).error);
    const errorType = (outcome as { error: { errorType: string } }).error.errorType;
    assert.ok(
      logged.some((entry) => entry.line.startsWith(`[ERROR] ${errorType}`) && entry.requestId === undefined),
      `${handler}: the error is logged during init`,
    );
    await environment.terminate();
    assert.equal(environment.alive, false);
  }
});

test('a runtime that does not finish init within the limit gets Runtime.InitTimeout', { skip: noPython }, async (t) => {
  const { environment } = pythonEnvironment(t, 'slow_init.handler', { initLimitMs: 500 });
  const { outcome } = await environment.invoke({ requestId: 'req-slow', payload: '{}', clientContext: undefined }, 3);
  assert.deepEqual(outcome, { kind: 'init-error', error: { errorType: 'Runtime.InitTimeout', errorMessage: 'Init phase exceeded 0.5 seconds' } });
  await environment.terminate();
  assert.equal(environment.alive, false);
});

test('stdout and stderr lines are captured with the request id of the invocation that printed them', { skip: noPython }, async (t) => {
  const { environment, logged } = pythonEnvironment(t, 'handlers.chatty');
  for (let n = 0; n < 20; n++) {
    const { outcome } = await environment.invoke({ requestId: `req-${n}`, payload: JSON.stringify({ n }), clientContext: undefined }, 3);
    assert.deepEqual(outcome, { kind: 'success', payload: String(n) });
  }
  assert.deepEqual(logged.find((entry) => entry.line === 'handlers loaded'), { line: 'handlers loaded', requestId: undefined }, 'init output has no request');
  for (let n = 0; n < 20; n++) {
    for (const stream of ['stdout', 'stderr']) {
      assert.deepEqual(logged.filter((entry) => entry.line === `to ${stream} ${n}`), [{ line: `to ${stream} ${n}`, requestId: `req-${n}` }]);
    }
  }
});

test('megabytes printed before returning are all logged with the invocation', { skip: noPython }, async (t) => {
  const { environment, logged } = pythonEnvironment(t, 'handlers.flood');
  const lines = 30_000;
  const { outcome } = await environment.invoke({ requestId: 'req-flood', payload: JSON.stringify({ lines }), clientContext: undefined }, 10);
  assert.deepEqual(outcome, { kind: 'success', payload: String(lines) });
  const printed = logged.filter((entry) => / x{99}$/.test(entry.line));
  assert.equal(printed.length, lines);
  assert.ok(printed.every((entry) => entry.requestId === 'req-flood'), `lines after the answer: ${printed.filter((entry) => entry.requestId !== 'req-flood').length}`);
});

test('warm reuse: module state survives between invocations of one environment', { skip: noPython }, async (t) => {
  const { environment } = pythonEnvironment(t, 'handlers.counter');
  const first = await environment.invoke({ requestId: 'req-c1', payload: '{}', clientContext: undefined }, 3);
  const second = await environment.invoke({ requestId: 'req-c2', payload: '{}', clientContext: undefined }, 3);
  assert.deepEqual([first.outcome, second.outcome], [
    { kind: 'success', payload: '{"count": 1}' },
    { kind: 'success', payload: '{"count": 2}' },
  ]);
  assert.equal(environment.invocations, 2);
});

test('get_remaining_time_in_millis counts down from the timeout', { skip: noPython }, async (t) => {
  const { environment } = pythonEnvironment(t, 'handlers.remaining');
  const { outcome } = await environment.invoke({ requestId: 'req-time', payload: '{}', clientContext: undefined }, 3);
  const [first, second] = payloadOf(outcome) as [number, number];
  assert.ok(first <= 3000 && first > 2000, `first reading ${first}`);
  assert.ok(second < first && second >= first - 1000, `second reading ${second} after ${first}`);
});

/** Every python3 here with boto3 (the PATH's, and Debian's /usr/bin/python3 with its 1.26), once each. */
const BOTO3_PYTHONS = [...new Set([PYTHON, existsSync('/usr/bin/python3') ? interpreter('/usr/bin/python3') : undefined])]
  .filter((python): python is string => python !== undefined)
  .map((python) => ({ python, versions: spawnSync(python, ['-c', 'import boto3, botocore; print(boto3.__version__, botocore.__version__)'], { encoding: 'utf8' }) }))
  .filter(({ versions }) => versions.status === 0)
  .map(({ python, versions }) => ({ python, versions: versions.stdout.trim() }));

test('a boto3 client created with no endpoint reaches AWS_ENDPOINT_URL', { skip: noPython || (BOTO3_PYTHONS.length === 0 && 'no python3 here has boto3 (Debian: python3-boto3)') }, async (t) => {
  const seen: { target: string | undefined; authorization: string | undefined }[] = [];
  const endpoint = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      seen.push({ target: request.headers['x-amz-target'] as string | undefined, authorization: request.headers.authorization });
      response.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' }).end('{"TableNames":["from-eddy"]}');
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  t.after(() => endpoint.close());
  const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
  for (const { python, versions } of BOTO3_PYTHONS) {
    await t.test(`${python} (boto3, botocore ${versions})`, async (t) => {
      seen.length = 0;
      const { environment } = pythonEnvironment(t, 'handlers.list_tables', { python, variables: { AWS_ENDPOINT_URL: url } });
      const { outcome } = await environment.invoke({ requestId: 'req-boto3', payload: '{}', clientContext: undefined }, 10);
      assert.deepEqual(outcome, { kind: 'success', payload: '["from-eddy"]' });
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.target, 'DynamoDB_20120810.ListTables');
      assert.match(seen[0]!.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/us-east-1\/dynamodb\/aws4_request/);
    });
  }
});

test('a custom runtime: an executable bootstrap in another language serves through the same environment', async (t) => {
  const code = join(FIXTURES, 'provided');
  const logged: Logged[] = [];
  const environment = new ProcessEnvironment({
    command: join(code, 'bootstrap'),
    args: [],
    cwd: code,
    env: (logStreamName) => ({ ...lambdaVariables('function.handler', logStreamName, undefined), LAMBDA_TASK_ROOT: code }),
    functionArn: ARN,
    onLog: (line, requestId) => logged.push({ line, requestId }),
  });
  t.after(() => environment.terminate());
  const { outcome } = await environment.invoke({ requestId: 'req-custom', payload: '{"orderId":7}', clientContext: undefined }, 3);
  assert.deepEqual(payloadOf(outcome), { echo: { orderId: 7 }, handler: 'function.handler', requestId: 'req-custom', arn: ARN });
  assert.deepEqual(logged, [{ line: 'custom runtime got req-custom', requestId: 'req-custom' }]);
  const failed = await environment.invoke({ requestId: 'req-custom-fail', payload: '{"fail":true}', clientContext: undefined }, 3);
  assert.deepEqual(failed.outcome, { kind: 'error', payload: '{"errorMessage":"asked to fail","errorType":"CustomError"}' });
  assert.equal(environment.invocations, 2);
});

test('a runtime that exits right after answering: the answer stands, and its last line is logged', { skip: noPython }, async (t) => {
  const code = join(FIXTURES, 'provided-one-shot');
  for (let n = 0; n < 10; n++) {
    const logged: Logged[] = [];
    const environment = new ProcessEnvironment({
      command: join(code, 'bootstrap'),
      args: [],
      cwd: code,
      env: (logStreamName) => lambdaVariables('function.handler', logStreamName, undefined),
      functionArn: ARN,
      onLog: (line, requestId) => logged.push({ line, requestId }),
    });
    t.after(() => environment.terminate());
    const { outcome } = await environment.invoke({ requestId: `req-${n}`, payload: '{}', clientContext: undefined }, 3);
    assert.deepEqual(outcome, { kind: 'success', payload: '"answered"' });
    // It prints after answering, then exits on its own (terminating it could cut the line off).
    await waitFor(() => !environment.alive);
    assert.deepEqual(logged, [{ line: 'answered, exiting', requestId: `req-${n}` }], 'a line printed after the answer belongs to that invocation');
  }
});

test('a bootstrap that cannot be started fails init with Runtime.ExitError', async (t) => {
  const missing = join(FIXTURES, 'provided', 'no-such-bootstrap');
  const environment = new ProcessEnvironment({
    command: missing,
    args: [],
    cwd: join(FIXTURES, 'provided'),
    env: (logStreamName) => lambdaVariables('function.handler', logStreamName, undefined),
    functionArn: ARN,
    onLog: () => {},
  });
  t.after(() => environment.terminate());
  const { outcome } = await environment.invoke({ requestId: 'req-missing', payload: '{}', clientContext: undefined }, 3);
  assert.deepEqual(outcome, {
    kind: 'init-error',
    error: { errorType: 'Runtime.ExitError', errorMessage: `Error: Runtime exited with error: fork/exec ${missing}: no such file or directory` },
  });
  assert.equal(environment.alive, false);
});

/** Resolves once `condition` holds (checked each turn of the event loop), failing after 10 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  const until = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Whether a process runs (a zombie left for a PID 1 that does not reap counts as gone). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
