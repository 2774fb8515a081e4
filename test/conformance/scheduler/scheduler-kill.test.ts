import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startFreezingNode, type FreezingNode } from '../../helpers/freezing-node-process.js';
import { sqsClient, testCredentials } from '../../helpers/eddy.js';
import { ROLE, queueArnOf } from './scheduler-fixtures.js';

const T0 = Date.UTC(2026, 6, 1, 12, 0, 0); // schedules created at 12:00
const T1 = Date.UTC(2026, 6, 1, 14, 0, 0); // found due at 14:00
const SCHEDULES = 12;
const FREEZE_AFTER = 5;

type Node = FreezingNode;
const startNode = (data: string, clockMs: number, freezeAfter?: number): Promise<Node> => startFreezingNode('scheduler', data, clockMs, freezeAfter);

/** Receives (and deletes) until `count` bodies came or a minute passed; with `count` undefined, what is there now. */
async function receive(sqs: SQSClient, url: string, count?: number): Promise<string[]> {
  const bodies: string[] = [];
  const deadline = Date.now() + 60_000;
  while (count === undefined || (bodies.length < count && Date.now() < deadline)) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: count === undefined ? 0 : 1 }));
    const messages = out.Messages ?? [];
    if (count === undefined && messages.length === 0) break;
    for (const message of messages) bodies.push(message.Body!);
    if (messages.length > 0) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
  }
  return bodies;
}

describe('Scheduler across kill -9', () => {
  it('a fire pass killed after some schedules were taken: the next node runs the executions stored and fires the rest, each due time once', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-scheduler-kill-'));
    let first: Node | undefined;
    let second: Node | undefined;
    try {
      first = await startNode(data, T0, FREEZE_AFTER);
      const scheduler = new SchedulerClient({ endpoint: first.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
      const sqs = sqsClient(first.endpoint);
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'scheduler-kill' }));
      const expected: string[] = [];
      for (let i = 0; i < SCHEDULES; i++) {
        // Half one-time, half every 30 minutes from 12:30: at 14:00 each rate owes 12:30, 13:00, 13:30 and 14:00.
        const rate = i % 2 === 1;
        await scheduler.send(
          new CreateScheduleCommand({
            Name: `s-${i}`,
            ScheduleExpression: rate ? 'rate(30 minutes)' : 'at(2026-07-01T13:00:00)',
            ...(rate && { StartDate: new Date(Date.UTC(2026, 6, 1, 12, 30)) }),
            FlexibleTimeWindow: { Mode: 'OFF' },
            Target: { Arn: queueArnOf('scheduler-kill'), RoleArn: ROLE, Input: `s-${i} <aws.scheduler.scheduled-time>` },
          }),
        );
        const times = rate ? ['12:30', '13:00', '13:30', '14:00'] : ['13:00'];
        expected.push(...times.map((time) => `s-${i} 2026-07-01T${time}:00Z`));
      }
      scheduler.destroy();
      sqs.destroy();

      await first.setClock(T1);
      void fetch(`${first.endpoint}/_eddy/scheduler/fire`, { method: 'POST' }).catch(() => undefined);
      await first.waitFor(/frozen after \d+/);
      first.child.kill('SIGKILL');
      assert.equal((await first.exited).signal, 'SIGKILL');

      const stored = new Database(join(data, 'eddy.sqlite'), { readonly: true });
      const taken = stored.prepare("SELECT count(*) AS n FROM scheduler_documents WHERE kind = 'schedule' AND (due_at IS NULL OR due_at > ?)").get(T1) as { n: number };
      const executions = stored.prepare('SELECT count(*) AS n FROM scheduler_executions').get() as { n: number };
      stored.close();
      assert.equal(taken.n, FREEZE_AFTER); // the schedules it took moved on; the others are still due
      assert.ok(executions.n >= FREEZE_AFTER, `${executions.n} executions stored, none run`);

      second = await startNode(data, T1);
      const sqs2 = sqsClient(second.endpoint);
      const url = (await sqs2.send(new CreateQueueCommand({ QueueName: 'scheduler-kill' }))).QueueUrl!;
      const received = await receive(sqs2, url, expected.length);
      await fetch(`${second.endpoint}/_eddy/scheduler/fire`, { method: 'POST' });
      received.push(...(await receive(sqs2, url)));
      sqs2.destroy();
      assert.deepEqual(received.sort(), expected.sort());
    } finally {
      first?.child.kill('SIGKILL');
      second?.child.kill('SIGTERM');
      await second?.exited;
      rmSync(data, { recursive: true, force: true });
    }
  });
});
