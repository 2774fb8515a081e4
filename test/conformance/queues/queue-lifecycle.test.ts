import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  SendMessageCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createQueue, receive, rejectsWith, uniqueQueue } from './queue-fixtures.js';

describe('SQS queues: create, find, list, attributes, tags, purge, delete', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  it('creates a queue at http://HOST:PORT/ACCOUNT/NAME with SQS defaults and its ARN', async () => {
    const name = uniqueQueue('plain');
    const url = await createQueue(eddy.sqs, name);
    assert.equal(url, `${eddy.endpoint}/000000000000/${name}`);
    assert.equal((await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl, url);
    const { Attributes } = await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    const created = String(Math.floor(clock.now() / 1000));
    assert.deepEqual(
      { ...Attributes },
      {
        QueueArn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
        ApproximateNumberOfMessagesDelayed: '0',
        CreatedTimestamp: created,
        LastModifiedTimestamp: created,
        VisibilityTimeout: '30',
        MaximumMessageSize: '1048576',
        MessageRetentionPeriod: '345600',
        DelaySeconds: '0',
        ReceiveMessageWaitTimeSeconds: '0',
        SqsManagedSseEnabled: 'true',
      },
    );
  });

  it('returns the same URL for the same attributes, and QueueNameExists for different ones', async () => {
    const name = uniqueQueue('again');
    const url = await createQueue(eddy.sqs, name, { VisibilityTimeout: '60' });
    assert.equal(await createQueue(eddy.sqs, name, { VisibilityTimeout: '60' }), url);
    await rejectsWith(createQueue(eddy.sqs, name, { VisibilityTimeout: '61' }), 'QueueNameExists');
  });

  it('answers only the attributes asked for, and none without AttributeNames', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('some'), { DelaySeconds: '5' });
    const some = await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['DelaySeconds', 'VisibilityTimeout'] }));
    assert.deepEqual({ ...some.Attributes }, { DelaySeconds: '5', VisibilityTimeout: '30' });
    const none = await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url }));
    assert.equal(none.Attributes, undefined);
    await rejectsWith(
      eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Bogus' as 'All'] })),
      'InvalidAttributeName',
      'Unknown Attribute Bogus.',
    );
  });

  it('counts visible, in-flight and delayed messages', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('counts'));
    for (const body of ['a', 'b', 'c']) await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 60 }));
    assert.equal((await receive(eddy.sqs, url, 1)).length, 1);
    const { Attributes } = await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    assert.deepEqual(
      [Attributes!.ApproximateNumberOfMessages, Attributes!.ApproximateNumberOfMessagesNotVisible, Attributes!.ApproximateNumberOfMessagesDelayed],
      ['2', '1', '1'],
    );
  });

  it('sets attributes and moves LastModifiedTimestamp', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('set'));
    clock.advance(5000);
    await eddy.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '120', MessageRetentionPeriod: '60' } }));
    const { Attributes } = await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    assert.equal(Attributes!.VisibilityTimeout, '120');
    assert.equal(Attributes!.MessageRetentionPeriod, '60');
    assert.equal(Number(Attributes!.LastModifiedTimestamp) - Number(Attributes!.CreatedTimestamp), 5);
    await rejectsWith(
      eddy.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '43201' } })),
      'InvalidAttributeValue',
    );
    await rejectsWith(eddy.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Nope: '1' } as Record<string, string> })), 'InvalidAttributeName');
  });

  it('lists queues by prefix, in pages with NextToken', async () => {
    const prefix = uniqueQueue('listed');
    const names = ['c', 'a', 'b', 'd', 'e'].map((suffix) => `${prefix}-${suffix}`);
    for (const name of names) await createQueue(eddy.sqs, name);
    const all = await eddy.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
    assert.deepEqual(all.QueueUrls, [...names].sort().map((n) => `${eddy.endpoint}/000000000000/${n}`));
    assert.equal(all.NextToken, undefined);
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await eddy.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken }));
      assert.ok(page.QueueUrls!.length <= 2);
      seen.push(...page.QueueUrls!);
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(seen, all.QueueUrls);
  });

  it('tags, untags and lists tags', async () => {
    const url = (await eddy.sqs.send(new CreateQueueCommand({ QueueName: uniqueQueue('tagged'), tags: { team: 'a', env: 'dev' } }))).QueueUrl!;
    await eddy.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { env: 'prod', cost: '7' } }));
    await eddy.sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['team', 'absent'] }));
    assert.deepEqual({ ...(await eddy.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags }, { env: 'prod', cost: '7' });
  });

  it('purges every message, and refuses a second purge within 60 seconds', async () => {
    const url = await createQueue(eddy.sqs, uniqueQueue('purged'));
    await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    await eddy.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    assert.deepEqual(await receive(eddy.sqs, url), []);
    await rejectsWith(eddy.sqs.send(new PurgeQueueCommand({ QueueUrl: url })), 'PurgeQueueInProgress');
    clock.advance(60_000);
    await eddy.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
  });

  it('deletes a queue: QueueDoesNotExist afterwards, for every operation', async () => {
    const name = uniqueQueue('deleted');
    const url = await createQueue(eddy.sqs, name);
    await eddy.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await assert.rejects(eddy.sqs.send(new GetQueueUrlCommand({ QueueName: name })), (error: unknown) => {
      assert.ok(error instanceof QueueDoesNotExist);
      assert.equal(error.message, 'The specified queue does not exist.');
      assert.equal(error.$metadata.httpStatusCode, 400);
      return true;
    });
    await rejectsWith(eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })), 'QueueDoesNotExist');
    await rejectsWith(eddy.sqs.send(new DeleteQueueCommand({ QueueUrl: url })), 'QueueDoesNotExist');
  });

  it('refuses bad queue names and FIFO attributes on the wrong kind of queue', async () => {
    await rejectsWith(createQueue(eddy.sqs, 'has space'), 'InvalidParameterValue');
    await rejectsWith(createQueue(eddy.sqs, 'x'.repeat(81)), 'InvalidParameterValue');
    await rejectsWith(createQueue(eddy.sqs, uniqueQueue('nofifo'), { FifoQueue: 'true' }), 'InvalidParameterValue');
    await rejectsWith(createQueue(eddy.sqs, uniqueQueue('std'), { ContentBasedDeduplication: 'true' }), 'InvalidAttributeName');
  });
});
