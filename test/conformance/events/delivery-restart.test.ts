import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { CreateEventBusCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteMessageBatchCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startEddyCli } from '../../helpers/cli.js';
import { eventsClient, sqsClient } from '../../helpers/eddy.js';

const config = fileURLToPath(new URL('./fixtures/restart.config.json', import.meta.url));
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:bus-restart-seen';

describe('bus deliveries across kill -9', () => {
  it('delivers every accepted event once Eddy, killed with deliveries pending or in flight, is started again', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-bus-restart-'));
    const start = () => startEddyCli(['--port', '0', '--data', data, '--config', config]);
    const accepted = new Set<string>();
    let second;
    try {
      const first = await start();
      const events = eventsClient(first.endpoint);
      await events.send(new CreateEventBusCommand({ Name: 'durable' }));
      await events.send(new PutRuleCommand({ Name: 'all', EventBusName: 'durable', EventPattern: '{"source":["restart.test"]}' }));
      await events.send(new PutTargetsCommand({ Rule: 'all', EventBusName: 'durable', Targets: [{ Id: 'q', Arn: QUEUE_ARN, InputPath: '$.id' }] }));
      // A burst the runner cannot keep up with, then kill -9 the moment the last PutEvents has answered.
      const put = async () => {
        const Entries = Array.from({ length: 10 }, (_, i) => ({ EventBusName: 'durable', Source: 'restart.test', DetailType: 'T', Detail: `{"i":${i}}` }));
        const out = await events.send(new PutEventsCommand({ Entries }));
        for (const entry of out.Entries ?? []) if (entry.EventId) accepted.add(entry.EventId);
      };
      for (let round = 0; round < 10; round++) await Promise.all(Array.from({ length: 30 }, put));
      first.child.kill('SIGKILL');
      await first.exited;
      events.destroy();
      assert.equal(accepted.size, 3000);
      const stored = new Database(join(data, 'eddy.sqlite'), { readonly: true });
      const { pending } = stored.prepare('SELECT count(*) AS pending FROM bus_deliveries').get() as { pending: number };
      stored.close();
      // Not asserted (the runner may have kept up), but what makes this test worth running.
      console.log(`deliveries pending at kill -9: ${pending} of 3000`);

      second = await start();
      const sqs = sqsClient(second.endpoint);
      const QueueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'bus-restart-seen' }))).QueueUrl!;
      const delivered = new Set<string>();
      const deadline = Date.now() + 60_000;
      while (delivered.size < accepted.size && Date.now() < deadline) {
        const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        const messages = out.Messages ?? [];
        for (const m of messages) delivered.add(JSON.parse(m.Body!));
        if (messages.length > 0) {
          await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
        }
      }
      sqs.destroy();
      assert.deepEqual([...accepted].filter((id) => !delivered.has(id)), []);
    } finally {
      if (second) {
        second.child.kill('SIGTERM');
        await second.exited;
      }
      rmSync(data, { recursive: true, force: true });
    }
  });
});
