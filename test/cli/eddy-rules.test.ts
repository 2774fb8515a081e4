import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateEventBusCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import type { RuleStatus } from '../../src/bus/rule-status.js';
import { eventsClient, sqsClient } from '../helpers/eddy.js';
import { runEddyCli, startEddyCli, type CliProcess } from '../helpers/cli.js';

const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:000000000000:${resource}`;

describe('eddy rules', () => {
  let server: CliProcess & { endpoint: string };
  let events: ReturnType<typeof eventsClient>;
  const rules = async (...args: string[]) => {
    const cli = runEddyCli(['rules', ...args, '--endpoint', server.endpoint]);
    assert.equal((await cli.exited).code, 0, cli.stderr());
    return cli.stdout();
  };
  /** The table's row of a rule's target: its cells, split on the column gaps. */
  const row = (table: string, target: string) =>
    table
      .split('\n')
      .find((line) => line.split(/ {2,}/).includes(target))
      ?.trim()
      .split(/ {2,}/);

  before(async () => {
    server = await startEddyCli(['--port', '0', '--memory']);
    events = eventsClient(server.endpoint);
    const sqs = sqsClient(server.endpoint);
    for (const QueueName of ['counts-queue', 'bus-dlq']) await sqs.send(new CreateQueueCommand({ QueueName }));
    sqs.destroy();
    await events.send(new CreateEventBusCommand({ Name: 'app' }));
    const pattern = JSON.stringify({ source: ['my-service.database'] });
    await events.send(new PutRuleCommand({ Name: 'customerCounts', EventBusName: 'app', EventPattern: pattern }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'customerCounts',
        EventBusName: 'app',
        Targets: [
          { Id: 'counts-queue', Arn: arn('sqs', 'counts-queue') },
          // Queues that do not exist: one dead-letters its deliveries, the other (no DLQ) drops them.
          { Id: 'missing', Arn: arn('sqs', 'missing-queue'), DeadLetterConfig: { Arn: arn('sqs', 'bus-dlq') } },
          { Id: 'lost', Arn: arn('sqs', 'lost-queue') },
        ],
      }),
    );
    await events.send(new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'cron(0 3 * * ? *)', State: 'DISABLED' }));
  });
  after(async () => {
    events.destroy();
    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('shows each rule with its targets and counters, which move as events are matched and delivered', async () => {
    const before = await rules('app');
    assert.match(before, /^BUS {2}RULE {12}STATE {4}TARGET {8}MATCHED {2}DELIVERED {2}PENDING {2}RETRYING {2}FAILED {2}DEAD-LETTERED {2}MATCHES\n/);
    assert.deepEqual(row(before, 'counts-queue'), ['app', 'customerCounts', 'ENABLED', 'counts-queue', '0', '0', '0', '0', '0', '0', '{"source":["my-service.database"]}']);
    for (let i = 0; i < 2; i++) {
      const put = runEddyCli(['events', 'put', '--endpoint', server.endpoint, '--bus', 'app', '--source', 'my-service.database', '--detail-type', 'INSERT']);
      assert.equal((await put.exited).code, 0, put.stderr());
    }
    // Waits for every delivery due to be made and settled.
    assert.equal((await fetch(`${server.endpoint}/_eddy/bus/deliver`, { method: 'POST' })).status, 200);
    const after = await rules('app');
    assert.deepEqual(row(after, 'counts-queue'), ['app', 'customerCounts', 'ENABLED', 'counts-queue', '2', '2', '0', '0', '0', '0', '{"source":["my-service.database"]}']);
    assert.deepEqual(row(after, 'missing'), ['missing', '2', '0', '0', '0', '0', '2']);
    assert.deepEqual(row(after, 'lost'), ['lost', '2', '0', '0', '0', '2', '0']);
    assert.doesNotMatch(after, /nightly/, 'a rule of another bus');

    const json = JSON.parse(await rules('app', '--json')) as RuleStatus[];
    assert.equal(json.length, 1);
    assert.deepEqual(json[0]!.counts, { matched: 6, delivered: 2, pending: 0, retrying: 0, failed: 2, deadLettered: 2 });
    assert.deepEqual(json[0]!.targets.map((t) => [t.id, t.arn, t.deadLetterArn]), [
      ['counts-queue', arn('sqs', 'counts-queue'), undefined],
      ['missing', arn('sqs', 'missing-queue'), arn('sqs', 'bus-dlq')],
      ['lost', arn('sqs', 'lost-queue'), undefined],
    ]);
  });

  it('without a bus, every bus: a scheduled rule shows its schedule, a rule without targets dashes', async () => {
    const all = await rules();
    assert.match(all, /^default {2}nightly {9}DISABLED {2}- +(?:- +){5}- {2}cron\(0 3 \* \* \? \*\)$/m);
    assert.match(all, /^app {6}customerCounts {2}ENABLED /m);
    const none = runEddyCli(['rules', 'nowhere', '--endpoint', server.endpoint]);
    assert.equal((await none.exited).code, 1);
    assert.equal(none.stderr(), 'eddy rules: Event bus nowhere does not exist.\n');
  });
});
