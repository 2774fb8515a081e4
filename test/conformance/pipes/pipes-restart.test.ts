import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreatePipeCommand } from '@aws-sdk/client-pipes';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { ROLE, pipesClient, queue, streamTable } from './pipes-fixtures.js';

describe('Pipes: a pipe survives a restart', () => {
  const data = mkdtempSync(join(tmpdir(), 'eddy-pipes-restart-'));
  after(() => rmSync(data, { recursive: true, force: true }));

  const receiveAll = async (eddy: TestEddy, url: string, count: number) => {
    const bodies: unknown[] = [];
    while (bodies.length < count) {
      const out = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10, MaxNumberOfMessages: 10 }));
      assert.ok(out.Messages?.length, `received ${bodies.length} of ${count}`);
      for (const message of out.Messages!) {
        bodies.push(JSON.parse(message.Body!));
        await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle! }));
      }
    }
    return bodies;
  };

  it('resumes from its checkpoint: what was delivered is not delivered again, what is written after the restart is', async () => {
    const first = await startTestEddy({ data });
    const pipes = pipesClient(first.endpoint);
    let url: string;
    try {
      const stream = await streamTable(first, 'Durable');
      url = (await queue(first, 'durable-out')).url;
      const out = (await queue(first, 'durable-out')).arn;
      await pipes.send(
        new CreatePipeCommand({
          Name: 'durable',
          Source: stream,
          SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON' } },
          Target: out,
          TargetParameters: { InputTemplate: '{"id": <$.dynamodb.Keys.id.S>}' },
          RoleArn: ROLE,
        }),
      );
      await first.ddb.send(new PutItemCommand({ TableName: 'Durable', Item: { id: { S: 'before' } } }));
      assert.deepEqual(await receiveAll(first, url, 1), [{ id: 'before' }]);
    } finally {
      pipes.destroy();
      await first.stop();
    }
    const second = await startTestEddy({ data });
    try {
      await second.ddb.send(new PutItemCommand({ TableName: 'Durable', Item: { id: { S: 'after' } } }));
      assert.deepEqual(await receiveAll(second, url!, 1), [{ id: 'after' }]);
      const more = await second.sqs.send(new ReceiveMessageCommand({ QueueUrl: url!, WaitTimeSeconds: 1 }));
      assert.equal(more.Messages, undefined, '"before" is not delivered again');
    } finally {
      await second.stop();
    }
  });
});
