import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CancelMessageMoveTaskCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { startTestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { createQueue, receive } from './queue-fixtures.js';

describe('SQS message move tasks survive a restart', () => {
  const data = mkdtempSync(join(tmpdir(), 'eddy-move-restart-'));
  after(() => rmSync(data, { recursive: true, force: true }));

  const arnOf = async (sqs: SQSClient, QueueUrl: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const tasks = async (sqs: SQSClient, SourceArn: string) => (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn, MaxResults: 10 }))).Results!;

  it('a running task carries on after the restart, counting on from where it stopped; the list keeps every task', async () => {
    const first = await startTestEddy({ data });
    let dlqArn: string;
    let destinationArn: string;
    try {
      const dlqUrl = await createQueue(first.sqs, 'moves-dlq');
      dlqArn = await arnOf(first.sqs, dlqUrl);
      await createQueue(first.sqs, 'moves-source', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) });
      destinationArn = await arnOf(first.sqs, await createQueue(first.sqs, 'moves-destination'));
      for (const body of ['a', 'b', 'c', 'd']) await first.sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: body }));

      // A first task, cancelled before it moves anything more than its first step.
      const cancelled = await first.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: destinationArn, MaxNumberOfMessagesPerSecond: 1 }));
      await eventually('the first step', async () => ((await tasks(first.sqs, dlqArn))[0]!.ApproximateNumberOfMessagesMoved === 1 ? true : undefined));
      await first.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: cancelled.TaskHandle }));
      await eventually('the cancellation', async () => ((await tasks(first.sqs, dlqArn))[0]!.Status === 'CANCELLED' ? true : undefined));

      // A second task, one message a second: Eddy stops after its first step.
      await first.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: destinationArn, MaxNumberOfMessagesPerSecond: 1 }));
      await eventually('a step of the second task', async () => ((await tasks(first.sqs, dlqArn))[0]!.ApproximateNumberOfMessagesMoved === 1 ? true : undefined));
    } finally {
      await first.stop();
    }

    const second = await startTestEddy({ data });
    try {
      const listed = await tasks(second.sqs, dlqArn!);
      assert.deepEqual(listed.map((t) => t.Status), ['RUNNING', 'CANCELLED']);
      assert.equal(listed[1]!.ApproximateNumberOfMessagesMoved, 1);
      assert.equal(listed[0]!.ApproximateNumberOfMessagesToMove, 3);
      const done = await eventually('the second task to complete', async () => {
        const [latest] = await tasks(second.sqs, dlqArn!);
        return latest!.Status === 'COMPLETED' ? latest : undefined;
      });
      assert.equal(done!.ApproximateNumberOfMessagesMoved, 3);
      const destinationUrl = destinationArn!.replace(/^arn:aws:sqs:([^:]+):(\d+):(.+)$/, `${second.endpoint}/$2/$3`);
      assert.deepEqual((await receive(second.sqs, destinationUrl)).map((m) => m.Body).sort(), ['a', 'b', 'c', 'd']);
    } finally {
      await second.stop();
    }
  });
});
