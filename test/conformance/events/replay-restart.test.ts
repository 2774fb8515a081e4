import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { CreateArchiveCommand, CreateEventBusCommand, DescribeReplayCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { runNodeScript, type CliProcess } from '../../helpers/cli.js';
import { eventsClient, sqsClient } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';

const node = fileURLToPath(new URL('./fixtures/replay-node.ts', import.meta.url));
const BUS_ARN = 'arn:aws:events:us-east-1:000000000000:event-bus/durable';

async function startNode(data: string, mode: 'manual' | 'background'): Promise<CliProcess & { endpoint: string }> {
  const child = runNodeScript(node, [data, mode]);
  const [, endpoint] = await child.waitFor(/ready on (http:\/\/\S+)/);
  return { ...child, endpoint: endpoint! };
}

const stored = <T>(data: string, sql: string): T => {
  const db = new Database(join(data, 'eddy.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
};

describe('replays across kill -9', () => {
  it('a replay whose node was killed between steps, its lease still held, is resumed after the restart from its stored cursor', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-replay-restart-'));
    let second: (CliProcess & { endpoint: string }) | undefined;
    try {
      const first = await startNode(data, 'manual');
      const events = eventsClient(first.endpoint);
      const sqs = sqsClient(first.endpoint);
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'replayed' }));
      await events.send(new CreateEventBusCommand({ Name: 'durable' }));
      const { ArchiveArn } = await events.send(new CreateArchiveCommand({ ArchiveName: 'all', EventSourceArn: BUS_ARN }));
      // Only replayed events reach the queue, each as its id.
      await events.send(new PutRuleCommand({ Name: 'replayed', EventBusName: 'durable', EventPattern: '{"replay-name":[{"exists":true}]}' }));
      await events.send(new PutTargetsCommand({ Rule: 'replayed', EventBusName: 'durable', Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:000000000000:replayed', InputPath: '$.id' }] }));
      const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
      const ids: string[] = [];
      for (let burst = 0; burst < 6; burst++) {
        // 60 events, one every 3 s: three one-minute buckets of 20.
        const Entries = Array.from({ length: 10 }, (_, i) => ({ EventBusName: 'durable', Source: 'restart.test', DetailType: 'T', Detail: '{}', Time: new Date(t0 + (burst * 10 + i) * 3000) }));
        for (const entry of (await events.send(new PutEventsCommand({ Entries }))).Entries!) ids.push(entry.EventId!);
      }
      await events.send(new StartReplayCommand({ ReplayName: 'resumed', EventSourceArn: ArchiveArn, EventStartTime: new Date(t0), EventEndTime: new Date(t0 + 3 * 60_000), Destination: { Arn: BUS_ARN } }));
      const ran = await fetch(`${first.endpoint}/_eddy/bus/replays/run`, { method: 'POST', body: '{"steps":2}' });
      assert.deepEqual(await ran.json(), { steps: 2 });
      first.child.kill('SIGKILL');
      await first.exited;
      events.destroy();
      sqs.destroy();

      const left = stored<{ owner: string | null; definition: string }>(data, "SELECT lease_owner AS owner, definition FROM bus_documents WHERE kind = 'replay' AND name = 'resumed'");
      assert.notEqual(left.owner, null);
      const definition = JSON.parse(left.definition);
      assert.deepEqual([definition.State, definition.EventLastReplayedTime], ['RUNNING', t0 + 39 * 3000]);

      second = await startNode(data, 'background');
      const events2 = eventsClient(second.endpoint);
      const sqs2 = sqsClient(second.endpoint);
      const seen = new Set<string>();
      const deadline = Date.now() + 60_000;
      while (seen.size < ids.length && Date.now() < deadline) {
        const out = await sqs2.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        const messages = out.Messages ?? [];
        for (const message of messages) seen.add(JSON.parse(message.Body!));
        if (messages.length > 0) {
          await sqs2.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
        }
      }
      assert.deepEqual(ids.filter((id) => !seen.has(id)), []);
      const done = await eventually('the replay to complete', async () => {
        const replay = await events2.send(new DescribeReplayCommand({ ReplayName: 'resumed' }));
        return replay.State === 'COMPLETED' ? replay : undefined;
      });
      assert.deepEqual(done!.EventLastReplayedTime, new Date(t0 + 59 * 3000));
      events2.destroy();
      sqs2.destroy();
      // Each event replayed once: the steps before the kill stored their progress, the restart went on from there.
      const { matched } = stored<{ matched: number }>(data, "SELECT matched FROM bus_target_counters WHERE bus = 'durable' AND rule = 'replayed'");
      assert.equal(matched, ids.length);
    } finally {
      if (second) {
        second.child.kill('SIGTERM');
        await second.exited;
      }
      rmSync(data, { recursive: true, force: true });
    }
  });
});
