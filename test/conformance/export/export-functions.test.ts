import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateEventSourceMappingCommand, CreateFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient, ListEventSourceMappingsCommand, ListTagsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { lambdaClient } from '../../helpers/lambda-client.js';
import { createStreamTable } from './stream-table.js';
import { runEddyCli } from '../../helpers/cli.js';
import { makeZip } from '../../helpers/zip.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** What GetFunctionConfiguration says that an import must give back (not ids, times or state). */
const settings = (c: FunctionConfiguration) => ({
  Runtime: c.Runtime,
  Handler: c.Handler,
  Role: c.Role,
  Description: c.Description,
  Timeout: c.Timeout,
  MemorySize: c.MemorySize,
  Environment: c.Environment?.Variables,
  CodeSha256: c.CodeSha256,
  DeadLetterConfig: c.DeadLetterConfig,
});

describe('an export carries the functions made through the Lambda API, with their code', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-functions-'));
  const file = join(dir, 'state.jsonl');
  let source: TestEddy;
  let copy: TestEddy;
  let a: LambdaClient;
  let b: LambdaClient;

  before(async () => {
    source = await startTestEddy();
    a = lambdaClient(source.endpoint);
    await a.send(
      new CreateFunctionCommand({
        FunctionName: 'greet',
        Role: ROLE,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Description: 'says hello',
        Timeout: 7,
        MemorySize: 256,
        Environment: { Variables: { GREETING: 'hello' } },
        DeadLetterConfig: { TargetArn: 'arn:aws:sqs:us-east-1:000000000000:greet-dlq' },
        Tags: { team: 'web' },
        Code: { ZipFile: makeZip({ 'index.mjs': 'export const handler = async (event) => `${process.env.GREETING} ${event.name}`;' }) },
      }),
    );
    const streamArn = await createStreamTable(source.ddb, 'orders');
    await a.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'greet',
        EventSourceArn: streamArn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 5,
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
      }),
    );
    await source.sqs.send(new CreateQueueCommand({ QueueName: 'jobs' }));
    await a.send(new CreateEventSourceMappingCommand({ FunctionName: 'greet', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:jobs', BatchSize: 3, Enabled: false }));
    const cli = runEddyCli(['export', file, '--endpoint', source.endpoint]);
    assert.equal((await cli.exited).code, 0, cli.stderr());
    assert.match(cli.stderr(), /, 1 function, 2 event source mappings to /);
    copy = await startTestEddy({ import: file });
    b = lambdaClient(copy.endpoint);
  });
  after(async () => {
    a?.destroy();
    b?.destroy();
    await source?.stop();
    await copy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the function as its CreateFunction request with the package as base64', () => {
    const line = readFileSync(file, 'utf8').trimEnd().split('\n').map((text) => JSON.parse(text)).find((l) => l.type === 'function');
    assert.equal(line.name, 'greet');
    assert.match(line.create.Code.ZipFile, /^[A-Za-z0-9+/]+=*$/);
  });

  it('re-creates it with the same settings, tags and code, and it runs', async () => {
    const [was, now] = await Promise.all([a, b].map((c) => c.send(new GetFunctionConfigurationCommand({ FunctionName: 'greet' }))));
    assert.deepEqual(settings(now!), settings(was!));
    const { Tags } = await b.send(new ListTagsCommand({ Resource: now!.FunctionArn! }));
    assert.deepEqual(Tags, { team: 'web' });
    const answer = await b.send(new InvokeCommand({ FunctionName: 'greet', Payload: JSON.stringify({ name: 'Ann' }) }));
    assert.equal(answer.FunctionError, undefined);
    assert.equal(JSON.parse(Buffer.from(answer.Payload!).toString()), 'hello Ann');
  });

  it('re-creates the event source mappings: a stream one on the new stream of its table, a queue one disabled as it was', async () => {
    const { Table } = await copy.ddb.send(new DescribeTableCommand({ TableName: 'orders' }));
    const { EventSourceMappings } = await b.send(new ListEventSourceMappingsCommand({ FunctionName: 'greet' }));
    const byArn = new Map(EventSourceMappings!.map((m) => [m.EventSourceArn, m]));
    const stream = byArn.get(Table!.LatestStreamArn!);
    assert.ok(stream, `a mapping on ${Table!.LatestStreamArn}: ${[...byArn.keys()].join(', ')}`);
    assert.deepEqual([stream.BatchSize, stream.StartingPosition, stream.FilterCriteria?.Filters?.[0]?.Pattern], [5, 'TRIM_HORIZON', JSON.stringify({ eventName: ['INSERT'] })]);
    const queue = byArn.get('arn:aws:sqs:us-east-1:000000000000:jobs');
    assert.deepEqual([queue?.BatchSize, queue?.State], [3, 'Disabled']);
  });

  it("skips a mapping whose function is not there at import (a configuration's), and says so", async () => {
    const fixture = join(dir, 'config-mapping.jsonl');
    writeFileSync(
      fixture,
      [
        readFileSync(file, 'utf8').split('\n')[0],
        '{"type":"queue","name":"work","create":{"QueueName":"work","Attributes":{}}}',
        '{"type":"mapping","function":"arn:aws:lambda:us-east-1:000000000000:function:fromConfig","source":{"arn":"arn:aws:sqs:us-east-1:000000000000:work"},"create":{"BatchSize":1,"Enabled":true}}',
      ].join('\n') + '\n',
    );
    const logs: string[] = [];
    const eddy = await startTestEddy({ import: fixture, log: { info: (m) => logs.push(m), warn() {}, error() {}, debug() {} } });
    try {
      const lambda = lambdaClient(eddy.endpoint);
      assert.deepEqual((await lambda.send(new ListEventSourceMappingsCommand({}))).EventSourceMappings, []);
      lambda.destroy();
      assert.ok(logs.some((line) => /not made, their function is not there yet .*: mapping arn:aws:sqs:us-east-1:000000000000:work → arn:aws:lambda:us-east-1:000000000000:function:fromConfig/.test(line)), logs.join('\n'));
    } finally {
      await eddy.stop();
    }
  });
});
