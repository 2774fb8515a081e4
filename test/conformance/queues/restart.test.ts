import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy } from '../../helpers/eddy.js';
import { createQueue, receive } from './queue-fixtures.js';

describe('SQS durability', () => {
  it('keeps queues, messages, in-flight state and receive counts across a restart', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-queues-'));
    const clock = new ManualClock(Date.UTC(2026, 6, 1, 12));
    try {
      let eddy = await startTestEddy({ data, clock });
      const url = await createQueue(eddy.sqs, 'durable', { VisibilityTimeout: '30' });
      for (const body of ['one', 'two', 'three']) await eddy.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
      const [first] = await receive(eddy.sqs, url, 1);
      await eddy.stop();

      eddy = await startTestEddy({ data, clock });
      const url2 = await createQueue(eddy.sqs, 'durable', { VisibilityTimeout: '30' });
      assert.equal(new URL(url2).pathname, new URL(url).pathname);
      // "one" is still in flight; its receipt handle still deletes it.
      assert.deepEqual((await receive(eddy.sqs, url2)).map((m) => m.Body), ['two', 'three']);
      await eddy.sqs.send(new DeleteMessageCommand({ QueueUrl: url2, ReceiptHandle: first!.ReceiptHandle }));
      clock.advance(30_000);
      const again = await receive(eddy.sqs, url2);
      assert.deepEqual(again.map((m) => [m.Body, m.Attributes!.ApproximateReceiveCount]), [['two', '2'], ['three', '2']]);
      await eddy.stop();
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
