import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startTestEddy } from '../../helpers/eddy.js';

const config = fileURLToPath(new URL('../triggers/fixtures/eddy.config.ts', import.meta.url));

/**
 * A jump moves the expiry of every lease held on Eddy's time past: a trigger's shard consumer keeps its
 * shard (its renewals are its own) and goes on delivering, once each record.
 */
describe('time control and stream triggers', () => {
  it('a trigger delivers each record once across a jump of a day', async () => {
    const eddy = await startTestEddy({ config });
    try {
      const seenUrl = (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'seen' }))).QueueUrl!;
      /** The next batch the `configured` function reported (long polls), acknowledged. */
      const nextBatch = async (): Promise<string[] | undefined> => {
        const { Messages } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: seenUrl, WaitTimeSeconds: 5, MaxNumberOfMessages: 1 }));
        const message = Messages?.[0];
        if (!message) return undefined;
        await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: seenUrl, ReceiptHandle: message.ReceiptHandle }));
        return (JSON.parse(message.Body!) as { records: { pk: string }[] }).records.map((r) => r.pk);
      };
      await eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'before' } } }));
      assert.deepEqual(await nextBatch(), ['before']);
      await eddy.admin('/_eddy/time/advance', { by: '1d' });
      await eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'after' } } }));
      assert.deepEqual(await nextBatch(), ['after']);
      await eddy.admin('/_eddy/time/advance', { by: '2m' }); // past any lease, once more
      const { Messages } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: seenUrl, WaitTimeSeconds: 1 }));
      assert.equal(Messages, undefined, 'nothing delivered twice');
    } finally {
      await eddy.stop();
    }
  });
});
