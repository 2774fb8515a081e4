import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createQueue, receive, rejectsWith, uniqueQueue } from './queue-fixtures.js';

describe('SQS dead-letter queues: redrive and moving messages back', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  const arnOf = async (QueueUrl: string) =>
    (await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;

  async function pair(prefix: string, maxReceiveCount = 2) {
    const dlqUrl = await createQueue(eddy.sqs, uniqueQueue(`${prefix}-dlq`));
    const dlqArn = await arnOf(dlqUrl);
    const url = await createQueue(eddy.sqs, uniqueQueue(prefix), {
      VisibilityTimeout: '10',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }),
    });
    return { url, dlqUrl, dlqArn, arn: await arnOf(url) };
  }

  it('moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
    const { url, dlqUrl, arn } = await pair('redrive', 2);
    const sent = await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    for (let i = 1; i <= 2; i++) {
      const [message] = await receive(eddy.sqs, url);
      assert.equal(message!.Attributes!.ApproximateReceiveCount, String(i));
      clock.advance(10_000);
    }
    // The third receive would exceed maxReceiveCount: the message goes to the DLQ instead.
    assert.deepEqual(await receive(eddy.sqs, url), []);
    const [dead] = await receive(eddy.sqs, dlqUrl);
    assert.equal(dead!.MessageId, sent.MessageId);
    assert.equal(dead!.Body, 'poison');
    assert.equal(dead!.Attributes!.DeadLetterQueueSourceArn, arn);
  });

  it('lists the source queues of a dead-letter queue', async () => {
    const { url, dlqUrl, dlqArn } = await pair('sources');
    const other = await createQueue(eddy.sqs, uniqueQueue('sources-other'));
    await eddy.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: other, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }) } }),
    );
    const out = await eddy.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }));
    assert.deepEqual([...out.queueUrls!].sort(), [url, other].sort());
  });

  it('refuses a RedrivePolicy whose dead-letter queue does not exist', async () => {
    await rejectsWith(
      createQueue(eddy.sqs, uniqueQueue('nodlq'), {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:missing', maxReceiveCount: 3 }),
      }),
      'InvalidParameterValue',
    );
  });

  it("honours the dead-letter queue's RedriveAllowPolicy", async () => {
    const denyUrl = await createQueue(eddy.sqs, uniqueQueue('deny'), { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'denyAll' }) });
    const policy = async (dlqUrl: string) => JSON.stringify({ deadLetterTargetArn: await arnOf(dlqUrl), maxReceiveCount: 3 });
    await rejectsWith(createQueue(eddy.sqs, uniqueQueue('denied'), { RedrivePolicy: await policy(denyUrl) }), 'InvalidParameterValue');
    const allowedName = uniqueQueue('allowed');
    const allowedArn = `arn:aws:sqs:us-east-1:000000000000:${allowedName}`;
    const byQueueUrl = await createQueue(eddy.sqs, uniqueQueue('byqueue'), {
      RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [allowedArn] }),
    });
    await createQueue(eddy.sqs, allowedName, { RedrivePolicy: await policy(byQueueUrl) });
    await rejectsWith(createQueue(eddy.sqs, uniqueQueue('other'), { RedrivePolicy: await policy(byQueueUrl) }), 'InvalidParameterValue');
  });

  it('moves messages back to their source queue with StartMessageMoveTask', async () => {
    const { url, dlqUrl, dlqArn } = await pair('moveback', 1);
    for (const body of ['m1', 'm2', 'm3']) await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    assert.equal((await receive(eddy.sqs, url)).length, 3);
    clock.advance(10_000);
    assert.deepEqual(await receive(eddy.sqs, url), []);
    const { TaskHandle } = await eddy.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    assert.ok(TaskHandle);
    let status: string | undefined;
    for (let i = 0; i < 200 && status !== 'COMPLETED'; i++) {
      const { Results } = await eddy.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }));
      status = Results![0]!.Status;
      if (status === 'COMPLETED') {
        assert.equal(Results![0]!.ApproximateNumberOfMessagesMoved, 3);
        assert.equal(Results![0]!.ApproximateNumberOfMessagesToMove, 3);
      } else await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(status, 'COMPLETED');
    const back = await receive(eddy.sqs, url);
    assert.deepEqual(back.map((m) => m.Body).sort(), ['m1', 'm2', 'm3']);
    assert.ok(back.every((m) => m.Attributes!.ApproximateReceiveCount === '1'));
    assert.deepEqual(await receive(eddy.sqs, dlqUrl), []);
  });

  it('refuses a move task from a queue that is no dead-letter queue', async () => {
    const plain = await createQueue(eddy.sqs, uniqueQueue('notdlq'));
    await rejectsWith(eddy.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: await arnOf(plain) })), 'InvalidParameterValue');
    await rejectsWith(
      eddy.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: 'arn:aws:sqs:us-east-1:000000000000:nope' })),
      'ResourceNotFoundException',
    );
  });
});
