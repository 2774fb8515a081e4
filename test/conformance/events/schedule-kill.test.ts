import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PutRuleCommand, PutTargetsCommand, type Target } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startFreezingNode, type FreezingNode } from '../../helpers/freezing-node-process.js';
import { eventsClient, sqsClient } from '../../helpers/eddy.js';
import { queueArnOf } from './delivery-fixtures.js';
import { ruleArnOf } from './events-fixtures.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 6, 1, 12, 0, 30); // the rules are put at 12:00:30
const T1 = Date.UTC(2026, 6, 1, 14, 0, 0); // and found due two hours later

type Node = FreezingNode;
const startNode = (data: string, clockMs: number, freezeAfter?: number): Promise<Node> => startFreezingNode('rules', data, clockMs, freezeAfter);

const at = (hh: number, mm: number): string => `2026-07-01T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00Z`;
/** Every `step` minutes from hh:mm (included) to 14:00 (included), as event times. */
function every(step: number, hh: number, mm: number): string[] {
  const times: string[] = [];
  for (let t = Date.UTC(2026, 6, 1, hh, mm); t <= T1; t += step * MINUTE) times.push(new Date(t).toISOString().replace('.000Z', 'Z'));
  return times;
}

/**
 * What each schedule owes at 14:00, put at 12:00:30 (rate() counts from the minute it was put): every
 * firing since, but of a rate(1 minute) rule's 120 only the latest 60 (the catch-up policy, missed-firings.ts).
 */
const SCHEDULES: readonly (readonly [expression: string, owed: readonly string[]])[] = [
  ['rate(1 minute)', every(1, 13, 1)],
  ['rate(5 minutes)', every(5, 12, 5)],
  ['rate(1 hour)', [at(13, 0), at(14, 0)]],
  ['cron(0/10 * * * ? *)', every(10, 12, 10)],
  ['cron(15,45 12-13 * * ? *)', [at(12, 15), at(12, 45), at(13, 15), at(13, 45)]],
  ['cron(0 13 * * ? *)', [at(13, 0)]],
];
const RULES = 24;
const FREEZE_AFTER = 10;

/**
 * Receives (and deletes) from `url` until `count` messages came or a minute passed — or, with `count`
 * undefined, what is there now, not waiting; the bodies, in arrival order.
 */
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

/** Each Scheduled Event as `<rule ARN> <scheduled time>`: which firing it is. */
const firingsOf = (bodies: string[]): string[] =>
  bodies.map((body) => JSON.parse(body) as { resources: string[]; time: string }).map((event) => `${event.resources[0]} ${event.time}`).sort();

describe('scheduled rules across kill -9', () => {
  it('a fire pass killed after some rules were taken: the second node fires the rest on start, and every owed firing reaches its queues once', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-schedule-kill-'));
    let first: Node | undefined;
    let second: Node | undefined;
    try {
      first = await startNode(data, T0, FREEZE_AFTER);
      const events = eventsClient(first.endpoint);
      const sqs = sqsClient(first.endpoint);
      // FIFO queues with content-based deduplication: a delivery the killed node had sent but not yet
      // settled is sent again after the restart (deliveries are at least once, as AWS's) and folded into
      // the first (same event, same body); a firing taken twice would be a second Scheduled Event, with
      // another id, and arrive twice.
      const queues = ['a', 'b'].map((name) => `schedule-kill-${name}.fifo`);
      const urls: string[] = [];
      for (const QueueName of queues) {
        const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName, Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } }));
        urls.push(QueueUrl!);
      }
      const expected: string[][] = [[], []];
      for (let i = 0; i < RULES; i++) {
        const [ScheduleExpression, owed] = SCHEDULES[i % SCHEDULES.length]!;
        const Name = `every-${i}`;
        const to = i % 3 === 0 ? [0, 1] : [i % 2];
        await events.send(new PutRuleCommand({ Name, ScheduleExpression }));
        const Targets: Target[] = to.map((q) => ({ Id: `q${q}`, Arn: queueArnOf(queues[q]!), SqsParameters: { MessageGroupId: Name } }));
        await events.send(new PutTargetsCommand({ Rule: Name, Targets }));
        for (const q of to) expected[q]!.push(...owed.map((time) => `${ruleArnOf('default', Name)} ${time}`));
      }
      events.destroy();
      sqs.destroy();

      // Two hours on, a fire pass; the node stops in it once it has fired FREEZE_AFTER rules, and is killed there.
      await first.setClock(T1);
      void fetch(`${first.endpoint}/_eddy/bus/schedules/fire`, { method: 'POST' }).catch(() => undefined);
      await first.waitFor(/frozen after \d+/);
      first.child.kill('SIGKILL');
      assert.equal((await first.exited).signal, 'SIGKILL');

      const stored = new Database(join(data, 'eddy.sqlite'), { readonly: true });
      const rules = stored.prepare("SELECT due_at > ? AS taken, count(*) AS n FROM bus_documents WHERE kind = 'rule' GROUP BY 1 ORDER BY 1").all(T1);
      const { leased, pending } = stored.prepare('SELECT count(lease_owner) AS leased, count(*) AS pending FROM bus_deliveries').get() as { leased: number; pending: number };
      stored.close();
      // Killed mid-pass: the rules it took moved on to their next firing, the others are still due.
      assert.deepEqual(rules, [{ taken: 0, n: RULES - FREEZE_AFTER }, { taken: 1, n: FREEZE_AFTER }]);
      // Not asserted (the runner may or may not have got to them), but what the restart finds.
      console.log(`at kill -9: ${pending} deliveries of the taken firings pending, ${leased} of them in flight`);

      second = await startNode(data, T1);
      const sqs2 = sqsClient(second.endpoint);
      const received: string[][] = [];
      for (const [q, url] of urls.entries()) received.push(await receive(sqs2, url, expected[q]!.length));
      // Everything stored has been attempted and settled; nothing more arrives.
      await fetch(`${second.endpoint}/_eddy/bus/deliver`, { method: 'POST' });
      for (const [q, url] of urls.entries()) received[q]!.push(...(await receive(sqs2, url)));
      sqs2.destroy();
      for (const q of [0, 1]) assert.deepEqual(firingsOf(received[q]!), expected[q]!.sort(), `firings on ${queues[q]}`);

      // Each firing was taken once: matched (counted as its deliveries were stored) equals what was owed.
      const status = (await (await fetch(`${second.endpoint}/_eddy/bus/rules`)).json()) as { rules: { name: string; counts: { matched: number; delivered: number; pending: number } }[] };
      const counts = Object.fromEntries(status.rules.map((rule) => [rule.name, rule.counts]));
      for (let i = 0; i < RULES; i++) {
        const owed = SCHEDULES[i % SCHEDULES.length]![1].length * (i % 3 === 0 ? 2 : 1);
        assert.deepEqual(counts[`every-${i}`], { ...counts[`every-${i}`], matched: owed, delivered: owed, pending: 0 }, `every-${i}`);
      }
    } finally {
      first?.child.kill('SIGKILL');
      if (second) {
        second.child.kill('SIGTERM');
        await second.exited;
      }
      rmSync(data, { recursive: true, force: true });
    }
  });
});
