import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PutItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { eventually } from '../../helpers/eventually.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';

/** Issue 17: "Every trigger, queue mapping, HTTP route, bus target and Invoke works the same whatever the runtime." */
const noPython = spawnSync('python3', ['--version']).status !== 0 && 'python3 is not on the PATH: Python functions cannot run here';
/** A runtime the config leaves out is labelled with the interpreter's version: python3's on the PATH. */
const python3Runtime = `python3.${spawnSync('python3', ['-c', 'import sys; print(sys.version_info[1])'], { encoding: 'utf8' }).stdout?.trim()}`;
const config = fileURLToPath(new URL('./fixtures/python.config.ts', import.meta.url));
const pythonCode = fileURLToPath(new URL('./fixtures/python', import.meta.url));

const lambdaClient = (endpoint: string) => new LambdaClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
const decode = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload!).toString('utf8'));

describe('Python functions from eddy.config.ts, behind every trigger', { skip: noPython }, () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let out: string;

  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'eddy-python-functions-'));
    process.env['PYTHON_FUNCTIONS_OUT'] = out;
    eddy = await startTestEddy({ config, triggers: { retryBaseMs: 20, retryMaxMs: 200 } });
    lambda = lambdaClient(eddy.endpoint);
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
    rmSync(out, { recursive: true, force: true });
  });

  /** What the handlers wrote for `kind`, one value per invocation. */
  const written = (kind: string): unknown[] =>
    readdirSync(out)
      .filter((name) => name.startsWith(`${kind}-`))
      .map((name) => JSON.parse(readFileSync(join(out, name), 'utf8')));

  it('Invoke: the result, the context and the runtime; a raised exception as the Python runtime reports it', async () => {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: 'describe', Payload: JSON.stringify({ orderId: 'o-1', total: 12.5 }), LogType: 'Tail' }));
    assert.equal(answer.FunctionError, undefined);
    const result = decode(answer.Payload);
    assert.deepEqual(result, {
      event: { orderId: 'o-1', total: 12.5 },
      functionName: 'describe',
      requestId: result.requestId,
      memoryLimitInMB: '256',
      executionEnv: 'AWS_Lambda_python3.12',
      pythonMajor: 3,
    });
    const logs = Buffer.from(answer.LogResult!, 'base64').toString('utf8');
    assert.match(logs, new RegExp(`^START RequestId: ${result.requestId} Version: \\$LATEST\n`, 'm'));
    assert.match(logs, new RegExp(`^REPORT RequestId: ${result.requestId}\tDuration: `, 'm'));

    const failed = await lambda.send(new InvokeCommand({ FunctionName: 'fail', Payload: JSON.stringify({ orderId: 'o-9' }) }));
    assert.equal(failed.FunctionError, 'Unhandled');
    const error = decode(failed.Payload);
    assert.deepEqual(Object.keys(error).sort(), ['errorMessage', 'errorType', 'requestId', 'stackTrace']);
    assert.deepEqual([error.errorType, error.errorMessage], ['OrderRejected', 'order o-9 cannot be charged']);
    assert.match(error.stackTrace.at(-1), /triggers\.py", line \d+, in fail\n/);
  });

  it("GetFunctionConfiguration shows the runtime written, and for one the handler named the interpreter's version", async () => {
    for (const [name, handler, runtime] of [['describe', 'triggers.describe', 'python3.12'], ['onOrder', 'triggers.on_order', python3Runtime]]) {
      const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      assert.deepEqual([fn.Runtime, fn.Handler], [runtime, handler]);
    }
    const { Code } = await lambda.send(new GetFunctionCommand({ FunctionName: 'describe' }));
    assert.deepEqual(Code, { RepositoryType: 'Eddy', Location: pathToFileURL(pythonCode).href }); // the code directory, not a file named after the handler
  });

  it('a DynamoDB stream trigger delivers every change once, in the order of the stream', async () => {
    for (const id of ['a', 'b', 'c']) await eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: id }, total: { N: '1' } } }));
    await eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'a' }, total: { N: '2' } } }));
    await eddy.ddb.send(new DeleteItemCommand({ TableName: 'Orders', Key: { id: { S: 'b' } } }));
    type Change = { eventName: string; id: string; eventSource: string; sequenceNumber: string };
    const changes = await eventually('five stream records', () => written('stream').flat() as Change[], { accept: (all) => all.length >= 5 });
    // Files are read in name (request id) order: the stream's order is its sequence numbers'.
    changes.sort((x, y) => (BigInt(x.sequenceNumber) < BigInt(y.sequenceNumber) ? -1 : 1));
    assert.deepEqual(
      changes.map(({ eventName, id, eventSource }) => [eventName, id, eventSource]),
      [['INSERT', 'a'], ['INSERT', 'b'], ['INSERT', 'c'], ['MODIFY', 'a'], ['REMOVE', 'b']].map((change) => [...change, 'aws:dynamodb']),
    );
  });

  it('a queue mapping reads the Python answer: a reported batch item failure goes back, and on to the dead-letter queue', async () => {
    const { QueueUrl } = await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs' }));
    await eddy.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: ['build', 'poison', 'deploy'].map((body, i) => ({ Id: `m${i}`, MessageBody: body })),
      }),
    );
    const { QueueUrl: deadUrl } = await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs-dead' }));
    const dead = await eventually('the poison message on jobs-dead', async () => (await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: deadUrl, MaxNumberOfMessages: 10 }))).Messages, {
      accept: (messages) => messages !== undefined && messages.length > 0,
    });
    assert.deepEqual(dead!.map((message) => message.Body), ['poison']);
    assert.deepEqual(written('queue').flat().sort(), ['build', 'deploy']);
  });

  it('an HTTP route answers with what the Python handler returns', async () => {
    const res = await fetch(`${eddy.httpEndpoint}/hello/ada`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(await res.json(), { hello: 'ada', routeKey: 'GET /hello/{name}' });
  });

  it('a bus rule targets the Python function with the input path applied', async () => {
    const put = await eddy.events.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'app', Source: 'orders.python', DetailType: 'OrderPlaced', Detail: JSON.stringify({ orderId: 'o-7', total: 3 }) },
          { EventBusName: 'app', Source: 'orders.other', DetailType: 'OrderPlaced', Detail: JSON.stringify({ orderId: 'o-8' }) },
        ],
      }),
    );
    assert.equal(put.FailedEntryCount, 0);
    const events = await eventually('the bus delivery', () => written('bus'), { accept: (all) => all.length >= 1 });
    assert.deepEqual(events, [{ orderId: 'o-7', total: 3 }]);
  });
});

describe('Python functions that cannot run: clear errors naming the function, at start and on every invoke', { skip: noPython }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'eddy-python-broken-'));
    writeFileSync(
      join(dir, 'eddy.config.json'),
      JSON.stringify({
        functions: {
          noFunction: { runtime: 'python3.12', codeDir: pythonCode, handler: 'triggers.nowhere' },
          noModule: { runtime: 'python3.12', codeDir: pythonCode, handler: 'gone.handler' },
          noPython: { runtime: 'python3.12', codeDir: pythonCode, handler: 'triggers.describe', pythonPath: '/nonexistent/python3' },
        },
      }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('eddy start refuses the config, listing each function', async () => {
    const file = join(dir, 'eddy.config.json');
    await assert.rejects(startTestEddy({ config: file }), {
      message: [
        `${file}: functions.noFunction.handler: triggers.py has no function named "nowhere" (its functions: _record, describe, fail, on_order, on_job, hello, on_event)`,
        `${file}: functions.noModule: cannot be built: handler gone.handler: module gone does not exist in ${pythonCode} (no gone.py, no gone/__init__.py)`,
        `${file}: functions.noPython: cannot be built: runtime python3.12: /nonexistent/python3 was not found (install Python 3, or set pythonPath)`,
      ].join('\n'),
    });
  });

  it('eddy dev starts, and every invocation of each fails at once with the Python runtime\'s error type', async () => {
    const eddy = await startTestEddy({ config: join(dir, 'eddy.config.json'), watch: true });
    const lambda = lambdaClient(eddy.endpoint);
    try {
      for (const [name, errorType] of [['noFunction', 'Runtime.HandlerNotFound'], ['noModule', 'Runtime.ImportModuleError'], ['noPython', 'Runtime.ExitError']]) {
        for (let attempt = 0; attempt < 2; attempt++) {
          const answer = await lambda.send(new InvokeCommand({ FunctionName: name }));
          assert.equal(answer.FunctionError, 'Unhandled');
          assert.equal(decode(answer.Payload).errorType, errorType, `${name}, invocation ${attempt + 1}`);
        }
      }
    } finally {
      lambda.destroy();
      await eddy.stop();
    }
  });
});

describe('eddy dev: a Python function reloads when a .py file of its code directory changes', { skip: noPython }, () => {
  it('serves the edited handler and the edited module it imports; a module that does not parse fails until fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-python-hot-'));
    mkdirSync(join(dir, 'handlers'));
    const write = (name: string, text: string) => writeFileSync(join(dir, 'handlers', name), text);
    write('version.py', 'VERSION = "one"\n');
    write('app.py', 'from version import VERSION\n\n\ndef handler(event, context):\n    return {"version": VERSION}\n');
    writeFileSync(
      join(dir, 'eddy.config.json'),
      JSON.stringify({ functions: { hot: { codeDir: 'handlers', handler: 'app.handler', environment: { PYTHONDONTWRITEBYTECODE: '1' } } } }),
    );
    const eddy = await startTestEddy({ config: join(dir, 'eddy.config.json'), watch: true });
    const lambda = lambdaClient(eddy.endpoint);
    const version = async () => {
      const answer = await lambda.send(new InvokeCommand({ FunctionName: 'hot' }));
      const payload = decode(answer.Payload);
      return (answer.FunctionError ? `${answer.FunctionError}: ${payload.errorType}` : payload.version) as string;
    };
    const serves = (want: string) => eventually(`hot to answer ${want}`, version, { accept: (got) => got === want, timeoutMs: 10_000 });
    try {
      assert.equal(await version(), 'one');
      write('version.py', 'VERSION = "two"\n');
      await serves('two');
      write('app.py', 'def handler(event, context:\n    return {}\n');
      await serves('Unhandled: Runtime.UserCodeSyntaxError');
      write('app.py', 'def handler(event, context):\n    return {"version": "three"}\n');
      await serves('three');
    } finally {
      lambda.destroy();
      await eddy.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
