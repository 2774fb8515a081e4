import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipeCommand, DescribePipeCommand, type DescribePipeCommandOutput, type PipesClient } from '@aws-sdk/client-pipes';
import { CreateFunctionCommand, GetFunctionEventInvokeConfigCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { lambdaClient } from '../../helpers/lambda-client.js';
import { runEddyCli } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';
import { makeZip } from '../../helpers/zip.js';
import { pipesClient, queue, ROLE as PIPES_ROLE, streamTable } from '../pipes/pipes-fixtures.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** What DescribePipe says that an import must give back (not its times, state or source ARN). */
const settings = ({ $metadata: _m, CreationTime: _c, LastModifiedTime: _l, Source: _s, CurrentState: _cs, ...rest }: DescribePipeCommandOutput) => rest;

describe('an export carries pipes and the event invoke configs of its functions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-pipes-'));
  const file = join(dir, 'state.jsonl');
  let source: TestEddy;
  let copy: TestEddy;
  let pa: PipesClient;
  let pb: PipesClient;
  let la: LambdaClient;
  let lb: LambdaClient;

  before(async () => {
    source = await startTestEddy();
    pa = pipesClient(source.endpoint);
    la = lambdaClient(source.endpoint);
    await streamTable(source, 'orders');
    const changes = await queue(source, 'changes');
    const failures = await queue(source, 'failures');
    await queue(source, 'inbox');
    await la.send(new CreateFunctionCommand({ FunctionName: 'work', Role: ROLE, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: makeZip({ 'index.mjs': 'export const handler = async () => 1;' }) } }));
    await la.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'work', MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 120, DestinationConfig: { OnFailure: { Destination: failures.arn } } }));
    const { Table } = await source.ddb.send(new DescribeTableCommand({ TableName: 'orders' }));
    await pa.send(
      new CreatePipeCommand({
        Name: 'orders-to-changes',
        Description: 'every order change',
        Source: Table!.LatestStreamArn!,
        RoleArn: PIPES_ROLE,
        Target: changes.arn,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1 } },
        TargetParameters: { InputTemplate: '{"changed": <$.dynamodb.Keys.id.S>}' },
        Tags: { team: 'shop' },
      }),
    );
    await pa.send(new CreatePipeCommand({ Name: 'inbox-to-work', Source: 'arn:aws:sqs:us-east-1:000000000000:inbox', RoleArn: PIPES_ROLE, Target: 'arn:aws:lambda:us-east-1:000000000000:function:work', DesiredState: 'STOPPED' }));
    const cli = runEddyCli(['export', file, '--endpoint', source.endpoint]);
    assert.equal((await cli.exited).code, 0, cli.stderr());
    assert.match(cli.stderr(), /, 1 function, 1 event invoke config, 2 pipes to /);
    copy = await startTestEddy({ import: file });
    pb = pipesClient(copy.endpoint);
    lb = lambdaClient(copy.endpoint);
  });
  after(async () => {
    pa?.destroy();
    pb?.destroy();
    la?.destroy();
    lb?.destroy();
    await source?.stop();
    await copy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a stream source by its table, a queue source by its ARN', () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((text) => JSON.parse(text));
    const pipes = lines.filter((l) => l.type === 'pipe');
    assert.deepEqual(pipes.map((l) => [l.name, l.source]), [['inbox-to-work', { arn: 'arn:aws:sqs:us-east-1:000000000000:inbox' }], ['orders-to-changes', { table: 'orders' }]]);
    assert.equal(pipes[0].create.consumerId, undefined);
    assert.ok(lines.findIndex((l) => l.type === 'eventInvokeConfig') > lines.findIndex((l) => l.type === 'function'));
  });

  it('re-creates the pipes with their settings and state, a stream one on the new stream of its table, and it runs', async () => {
    for (const Name of ['orders-to-changes', 'inbox-to-work']) {
      const [was, now] = await Promise.all([pa, pb].map((c) => c.send(new DescribePipeCommand({ Name }))));
      assert.deepEqual(settings(now!), settings(was!));
      assert.equal(now!.CurrentState, was!.CurrentState);
    }
    const { Table } = await copy.ddb.send(new DescribeTableCommand({ TableName: 'orders' }));
    const { Source } = await pb.send(new DescribePipeCommand({ Name: 'orders-to-changes' }));
    assert.equal(Source, Table!.LatestStreamArn);
    await copy.ddb.send(new PutItemCommand({ TableName: 'orders', Item: { id: { S: 'o-1' } } }));
    const body = await eventually('the pipe to deliver the new item', async () => {
      const { Messages } = await copy.sqs.send(new ReceiveMessageCommand({ QueueUrl: `${copy.endpoint}/000000000000/changes`, WaitTimeSeconds: 1 }));
      return Messages?.[0]?.Body;
    });
    assert.deepEqual(JSON.parse(body!), { changed: 'o-1' });
  });

  it("re-creates the function's event invoke config", async () => {
    const [was, now] = await Promise.all([la, lb].map((c) => c.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'work' }))));
    assert.deepEqual([now!.MaximumRetryAttempts, now!.MaximumEventAgeInSeconds, now!.DestinationConfig], [1, 120, was!.DestinationConfig]);
    assert.equal(now!.DestinationConfig?.OnFailure?.Destination, 'arn:aws:sqs:us-east-1:000000000000:failures');
  });
});
