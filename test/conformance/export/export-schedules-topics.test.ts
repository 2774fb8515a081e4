import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateScheduleCommand, CreateScheduleGroupCommand, GetScheduleCommand, ListScheduleGroupsCommand, ListTagsForResourceCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateTopicCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { runEddyCli } from '../../helpers/cli.js';

const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:000000000000:${resource}`;
const clients = (endpoint: string) => ({
  scheduler: new SchedulerClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 }),
  sns: new SNSClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 }),
});

describe('an export carries Scheduler schedules and groups, topics and subscriptions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-more-'));
  const file = join(dir, 'state.jsonl');
  let source: TestEddy;
  let copy: TestEddy;
  let a: ReturnType<typeof clients>;
  let b: ReturnType<typeof clients>;

  before(async () => {
    source = await startTestEddy();
    a = clients(source.endpoint);
    await source.sqs.send(new CreateQueueCommand({ QueueName: 'inbox' }));
    await a.scheduler.send(new CreateScheduleGroupCommand({ Name: 'reports', Tags: [{ Key: 'team', Value: 'ops' }] }));
    await a.scheduler.send(
      new CreateScheduleCommand({
        Name: 'nightly',
        GroupName: 'reports',
        ScheduleExpression: 'cron(0 3 * * ? *)',
        ScheduleExpressionTimezone: 'Europe/Paris',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: arn('sqs', 'inbox'), RoleArn: 'arn:aws:iam::000000000000:role/scheduler', Input: '{"report":"daily"}' },
        Description: 'the daily report',
      }),
    );
    const { TopicArn } = await a.sns.send(new CreateTopicCommand({ Name: 'orders', Attributes: { DisplayName: 'Orders' }, Tags: [{ Key: 'env', Value: 'dev' }] }));
    await a.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: arn('sqs', 'inbox'), Attributes: { RawMessageDelivery: 'true', FilterPolicy: '{"kind":["paid"]}' } }));
    const cli = runEddyCli(['export', file, '--endpoint', source.endpoint]);
    assert.equal((await cli.exited).code, 0, cli.stderr());
    assert.match(cli.stderr(), /, 1 schedule group, 1 schedule, 1 topic, 1 subscription to /);
    copy = await startTestEddy({ import: file });
    b = clients(copy.endpoint);
  });
  after(async () => {
    for (const c of [a, b]) {
      c?.scheduler.destroy();
      c?.sns.destroy();
    }
    await source?.stop();
    await copy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the group and the schedule after the buses, and the topic with its subscription last', () => {
    const types = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((line) => JSON.parse(line).type);
    assert.deepEqual(types.slice(-4), ['scheduleGroup', 'schedule', 'topic', 'subscription']);
  });

  it('re-creates the schedule group with its tags and the schedule as it was', async () => {
    const groups = await b.scheduler.send(new ListScheduleGroupsCommand({}));
    assert.deepEqual(groups.ScheduleGroups?.map((g) => g.Name).sort(), ['default', 'reports']);
    const tags = await b.scheduler.send(new ListTagsForResourceCommand({ ResourceArn: arn('scheduler', 'schedule-group/reports') }));
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'ops' }]);
    const [was, now] = await Promise.all([a, b].map((c) => c.scheduler.send(new GetScheduleCommand({ Name: 'nightly', GroupName: 'reports' }))));
    const same = ({ CreationDate: _c, LastModificationDate: _m, $metadata: _d, ...rest }: Record<string, unknown>) => rest;
    assert.deepEqual(same(now as never), same(was as never));
    assert.equal(now!.Description, 'the daily report');
  });

  it('re-creates the topic with its attributes and tags, and the subscription with its attributes', async () => {
    const TopicArn = arn('sns', 'orders');
    const { Attributes } = await b.sns.send(new GetTopicAttributesCommand({ TopicArn }));
    assert.equal(Attributes!['DisplayName'], 'Orders');
    const { Subscriptions } = await b.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    assert.deepEqual(Subscriptions?.map((s) => [s.Protocol, s.Endpoint]), [['sqs', arn('sqs', 'inbox')]]);
    const sub = await b.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: Subscriptions![0]!.SubscriptionArn! }));
    assert.equal(sub.Attributes!['RawMessageDelivery'], 'true');
    assert.equal(sub.Attributes!['FilterPolicy'], '{"kind":["paid"]}');
    assert.equal(sub.Attributes!['PendingConfirmation'], 'false');
  });
});
