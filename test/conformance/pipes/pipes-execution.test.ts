import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CreatePipeCommand, DescribePipeCommand, ListPipesCommand, StartPipeCommand, type PipesClient } from '@aws-sdk/client-pipes';
import { DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteQueueCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import type { Logger } from '../../../src/shared/logger.js';
import { ROLE, pipesClient, queue, streamTable } from './pipes-fixtures.js';

const config = fileURLToPath(new URL('./fixtures/execution/eddy.config.ts', import.meta.url));
const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** Eddy's log lines, as a test reads them. */
function recordingLogger(lines: string[]): Logger {
  const keep = (line: string) => void lines.push(line);
  return { info: keep, warn: keep, error: (line) => keep(line), debug: keep };
}

describe('Pipes runtime: the execution limit, stopping on a missing target, LogConfiguration', () => {
  let eddy: TestEddy;
  let pipes: PipesClient;
  const lines: string[] = [];
  before(async () => {
    eddy = await startTestEddy({ config, log: recordingLogger(lines), triggers: { retryBaseMs: 5, retryMaxMs: 20 }, pipes: { executionLimitMs: 300, autoStopAfter: 3 } });
    pipes = pipesClient(eddy.endpoint);
  });
  after(async () => {
    pipes.destroy();
    await eddy.stop();
  });

  it('an execution past the limit is a failure: retried per MaximumRetryAttempts, dead-lettered, logged at ERROR with the records', async () => {
    const stream = (await eddy.ddb.send(new DescribeTableCommand({ TableName: 'Slow' }))).Table!.LatestStreamArn!;
    const seen = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'slow-seen' }))).QueueUrl!;
    const dlq = await queue(eddy, 'slow-dlq');
    await pipes.send(
      new CreatePipeCommand({
        Name: 'slow',
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumRetryAttempts: 1, DeadLetterConfig: { Arn: dlq.arn } } },
        Target: fn('slow'),
        RoleArn: ROLE,
        LogConfiguration: { Level: 'ERROR', IncludeExecutionData: ['ALL'], CloudwatchLogsLogDestination: { LogGroupArn: 'arn:aws:logs:us-east-1:000000000000:log-group:pipes' } },
      }),
    );
    const started = Date.now();
    await eddy.ddb.send(new PutItemCommand({ TableName: 'Slow', Item: { pk: { S: 'slow-1' } } }));
    const dead = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 10 }));
    const record = JSON.parse(dead.Messages![0]!.Body!);
    assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
    assert.equal(record.requestContext.approximateInvokeCount, 2);
    // Two attempts given up at 0.3 s each, not two runs of the function's 3 s.
    assert.ok(Date.now() - started < 3000, `dead-lettered after ${Date.now() - started} ms`);
    const failures = lines.filter((l) => l.startsWith('pipe slow: execution') && l.includes('failed'));
    assert.equal(failures.length, 2, lines.join('\n'));
    assert.match(failures[0]!, /did not end within 0\.3 s/);
    assert.match(failures[0]!, /"slow-1"/);
    // The function was called (it reported the record) and the pipe goes on with the next record.
    await eddy.ddb.send(new PutItemCommand({ TableName: 'Slow', Item: { pk: { S: 'fast-2' } } }));
    const calls: string[][] = [];
    while (!calls.flat().includes('fast-2')) {
      const got = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: seen, WaitTimeSeconds: 10, MaxNumberOfMessages: 10 }));
      assert.ok(got.Messages, `calls so far: ${JSON.stringify(calls)}`);
      calls.push(...got.Messages.map((m) => JSON.parse(m.Body!) as string[]));
    }
    assert.ok(calls.flat().includes('slow-1'));
    // Level ERROR: a success is not logged.
    assert.equal(lines.filter((l) => l.startsWith('pipe slow: execution') && l.includes('succeeded')).length, 0);
  });

  it('a pipe whose target queue is gone stops itself with a StateReason after 3 executions in a row; StartPipe resumes from its checkpoint', async () => {
    const stream = await streamTable(eddy, 'Orphan');
    const target = await queue(eddy, 'orphan-target');
    await pipes.send(
      new CreatePipeCommand({
        Name: 'orphan',
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1 } },
        Target: target.arn,
        RoleArn: ROLE,
        LogConfiguration: { Level: 'INFO', CloudwatchLogsLogDestination: { LogGroupArn: 'arn:aws:logs:us-east-1:000000000000:log-group:pipes' } },
      }),
    );
    await eddy.ddb.send(new PutItemCommand({ TableName: 'Orphan', Item: { id: { S: 'o-1' } } }));
    const first = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: target.url, WaitTimeSeconds: 10 }));
    assert.equal(JSON.parse(first.Messages![0]!.Body!).dynamodb.Keys.id.S, 'o-1');
    assert.ok(lines.some((l) => l.startsWith('pipe orphan: execution') && l.includes('succeeded, 1 record(s)') && !l.includes('o-1')), 'INFO logs a success, without data');

    await eddy.sqs.send(new DeleteQueueCommand({ QueueUrl: target.url }));
    await eddy.ddb.send(new PutItemCommand({ TableName: 'Orphan', Item: { id: { S: 'o-2' } } }));
    const deadline = Date.now() + 10_000;
    let described = await pipes.send(new DescribePipeCommand({ Name: 'orphan' }));
    while (described.CurrentState !== 'STOPPED') {
      assert.ok(Date.now() < deadline, `still ${described.CurrentState}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      described = await pipes.send(new DescribePipeCommand({ Name: 'orphan' }));
    }
    assert.equal(described.DesiredState, 'RUNNING');
    assert.match(described.StateReason!, /^Stopped by Eddy after 3 executions in a row failed: QueueDoesNotExist: /);
    const listed = await pipes.send(new ListPipesCommand({ NamePrefix: 'orphan' }));
    assert.equal(listed.Pipes![0]!.StateReason, described.StateReason);
    assert.equal(lines.filter((l) => l.startsWith('pipe orphan: execution') && l.includes('failed')).length, 3);
    // The admin API (`eddy mappings`) shows it stopped, with its target and why.
    const { mappings } = (await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: { functionName: string; state: string; target: string; stateReason?: string }[] };
    const status = mappings.find((m) => m.functionName === 'pipe orphan')!;
    assert.deepEqual([status.state, status.target, status.stateReason], ['Disabled', 'queue orphan-target', described.StateReason]);

    // The queue back, StartPipe: the record that kept failing is delivered (no retry limit: it was never given up).
    const again = await queue(eddy, 'orphan-target');
    const started = await pipes.send(new StartPipeCommand({ Name: 'orphan' }));
    assert.equal(started.CurrentState, 'STARTING');
    const got = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: again.url, WaitTimeSeconds: 10 }));
    assert.equal(JSON.parse(got.Messages![0]!.Body!).dynamodb.Keys.id.S, 'o-2');
    const after = await pipes.send(new DescribePipeCommand({ Name: 'orphan' }));
    assert.deepEqual([after.CurrentState, after.StateReason], ['RUNNING', undefined]);
  });
});
