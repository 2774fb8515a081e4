import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreatePipeCommand, type PipesClient } from '@aws-sdk/client-pipes';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { MappingStatus } from '../../../src/triggers/mapping-status.js';
import { signedHeaders, startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { ROLE, pipesClient, queue, streamTable } from '../pipes/pipes-fixtures.js';

describe('mapping actions on a pipe with a stream source', () => {
  let eddy: TestEddy;
  let pipes: PipesClient;
  before(async () => {
    // A minute's backoff: the batch waits unless asked.
    eddy = await startTestEddy({ triggers: { retryBaseMs: 60_000, retryMaxMs: 60_000 } });
    pipes = pipesClient(eddy.endpoint);
  });
  after(async () => {
    pipes.destroy();
    await eddy.stop();
  });

  const shardOf = async (arn: string) => {
    const { mappings } = (await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: MappingStatus[] };
    return mappings.find((m) => m.uuid === arn)?.shards[0];
  };
  async function post(action: string, body: object) {
    const url = `${eddy.endpoint}/_eddy/mappings/${action}`;
    const text = JSON.stringify(body);
    const res = await fetch(url, { method: 'POST', headers: signedHeaders('POST', url, {}, text, 'eddy'), body: text });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('skip sends the blocking batch to the dead-letter queue; rewind delivers it again', async () => {
    const stream = await streamTable(eddy, 'Refused');
    // A FIFO queue takes no message without a group id: every delivery is refused.
    const fifoUrl = (await eddy.sqs.send(new CreateQueueCommand({ QueueName: 'refusing.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }))).QueueUrl!;
    const fifoArn = (await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: fifoUrl, AttributeNames: ['QueueArn'] }))).Attributes!['QueueArn']!;
    const dlq = await queue(eddy, 'pipe-dlq');
    const { Arn } = await pipes.send(
      new CreatePipeCommand({
        Name: 'refused',
        Source: stream,
        SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', DeadLetterConfig: { Arn: dlq.arn } } },
        Target: fifoArn,
        RoleArn: ROLE,
      }),
    );
    await eddy.ddb.send(new PutItemCommand({ TableName: 'Refused', Item: { id: { S: 'r-1' } } }));
    const blocked = await eventually('the pipe to block', () => shardOf(Arn!), { accept: (s) => s?.blockingBatch !== undefined });
    assert.deepEqual(blocked!.blockingBatch!.records.keys, [{ id: { S: 'r-1' } }]);
    const sequence = blocked!.blockingBatch!.records.firstSequence;

    const skipped = await post('skip', { uuid: 'refused' });
    assert.equal(skipped.status, 200);
    assert.equal(skipped.json['uuid'], Arn);
    const got = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 10 }));
    const record = JSON.parse(got.Messages![0]!.Body!);
    assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
    assert.equal(record.requestContext.functionArn, Arn);
    assert.equal(record.DDBStreamBatchInfo.startSequenceNumber, sequence);
    await eventually('the checkpoint past the record', () => shardOf(Arn!), { accept: (s) => s?.checkpoint === sequence && s.blockingBatch === undefined });

    const rewound = await post('rewind', { uuid: Arn, sequenceNumber: sequence });
    assert.equal(rewound.status, 200);
    await eventually('the record to block the pipe again', () => shardOf(Arn!), { accept: (s) => s?.blockingBatch?.records.firstSequence === sequence });

    // Disable and enable: StopPipe and StartPipe.
    assert.deepEqual(await post('disable', { uuid: 'refused' }), { status: 200, json: { uuid: Arn, state: 'STOPPING' } });
    const statusOf = async () => ((await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: MappingStatus[] }).mappings.find((m) => m.uuid === Arn);
    // Disabling until its consumer has let the shard go, then Disabled.
    assert.equal((await eventually('the pipe stopped', statusOf, { accept: (s) => s?.state !== 'Disabling' }))?.state, 'Disabled');
    assert.deepEqual(await post('enable', { uuid: Arn }), { status: 200, json: { uuid: Arn, state: 'STARTING' } });
    assert.equal((await statusOf())?.state, 'Enabled');
  });
});
