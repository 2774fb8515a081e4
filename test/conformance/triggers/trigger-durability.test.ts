import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startEddyCli } from '../../helpers/cli.js';
import { dynamoClient, sqsClient } from '../../helpers/eddy.js';

const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));

describe('stream triggers across kill -9', () => {
  it('delivers every record at least once when Eddy is killed mid-stream and started again', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-trigger-restart-'));
    const start = () => startEddyCli(['--port', '0', '--data', data, '--config', config]);
    const write = async (endpoint: string, from: number, to: number) => {
      const ddb = dynamoClient(endpoint);
      for (let i = from; i < to; i++) await ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: `k-${i}` } } }));
      ddb.destroy();
    };
    let second;
    try {
      const first = await start();
      await write(first.endpoint, 0, 150);
      first.child.kill('SIGKILL');
      await first.exited;

      second = await start();
      await write(second.endpoint, 150, 250);
      const sqs = sqsClient(second.endpoint);
      const QueueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'seen' }))).QueueUrl!;
      const delivered = new Set<string>();
      const deadline = Date.now() + 30_000;
      while (delivered.size < 250 && Date.now() < deadline) {
        const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        const messages = out.Messages ?? [];
        for (const m of messages) {
          for (const r of (JSON.parse(m.Body!) as { records: { pk: string }[] }).records) delivered.add(r.pk);
        }
        if (messages.length > 0) {
          await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
        }
      }
      sqs.destroy();
      const missing = Array.from({ length: 250 }, (_, i) => `k-${i}`).filter((pk) => !delivered.has(pk));
      assert.deepEqual(missing, []);
    } finally {
      if (second) {
        second.child.kill('SIGTERM');
        await second.exited;
      }
      rmSync(data, { recursive: true, force: true });
    }
  });
});
