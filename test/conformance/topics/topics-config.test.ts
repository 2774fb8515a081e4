import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetSubscriptionAttributesCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, PublishCommand } from '@aws-sdk/client-sns';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { EddyConfig } from '../../../src/config/config-types.js';
import type { Logger } from '../../../src/shared/logger.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { drainMessages, receiveMessages, type TestQueue } from '../events/delivery-fixtures.js';
import { startEndpoint } from '../events/http-endpoint.js';
import { queueArnOf, rejectsWith, snsClient, topicArnOf } from './topics-fixtures.js';

/** The recorder function sends the event it got to the queue bus-seen. */
const HANDLERS = fileURLToPath(new URL('../events/fixtures', import.meta.url));

function project(): { dir: string; write(config: EddyConfig): string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-topics-config-')));
  return {
    dir,
    write(config) {
      const file = join(dir, 'eddy.config.json');
      writeFileSync(file, JSON.stringify(config, null, 2));
      return file;
    },
  };
}

const queueOf = async (eddy: TestEddy, name: string): Promise<TestQueue> => ({ name, url: (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!, arn: queueArnOf(name) });

describe('SNS topics in eddy.config', () => {
  it('creates the topics and subscriptions (http confirmed at once), filters and raw delivery apply, a function gets its SNS event; eddy dev removes what the config drops', async () => {
    const files = project();
    const hook = await startEndpoint();
    const lines: string[] = [];
    const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), debug: () => {} };
    const base = (extra: Partial<EddyConfig>): EddyConfig => ({
      queues: { 'crm-sync': {}, 'bus-seen': {}, 'orders.fifo': { fifo: true, contentBasedDeduplication: true } },
      functions: { recorder: { handler: 'handlers/recorder.ts#handler', codeDir: HANDLERS, events: [{ sns: { topic: 'signups', filterPolicy: { plan: ['free'] } } }] } },
      ...extra,
    });
    const config = files.write(base({
      topics: {
        signups: {
          displayName: 'Sign-ups',
          subscriptions: [
            { queue: 'crm-sync', rawMessageDelivery: true, filterPolicy: { plan: ['pro'] } },
            { http: `${hook.url}/new-user` },
          ],
        },
        'orders.fifo': { fifo: true, contentBasedDeduplication: true, subscriptions: [{ queue: 'orders.fifo' }] },
      },
    }));
    const eddy = await startTestEddy({ config, watch: true, log });
    const sns = snsClient(eddy);
    try {
      assert.deepEqual(eddy.config?.report.created.filter((r) => r.kind === 'topic').map((r) => r.name).sort(), ['orders.fifo', 'signups']);
      assert.deepEqual(eddy.config?.report.created.filter((r) => r.kind === 'subscription').map((r) => r.name).sort(), [
        'orders.fifo → queue orders.fifo', 'signups → function recorder', `signups → http ${hook.url}/new-user`, 'signups → queue crm-sync',
      ]);
      const attributes = (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArnOf('signups') }))).Attributes!;
      assert.equal(attributes['DisplayName'], 'Sign-ups');
      assert.equal(attributes['SubscriptionsConfirmed'], '3');
      assert.equal(attributes['SubscriptionsPending'], '0');
      const fifo = (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArnOf('orders.fifo') }))).Attributes!;
      assert.equal(fifo['FifoTopic'], 'true');
      assert.equal(fifo['ContentBasedDeduplication'], 'true');
      const subscriptions = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArnOf('signups') }))).Subscriptions!;
      const crm = subscriptions.find((s) => s.Protocol === 'sqs')!;
      const crmAttributes = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: crm.SubscriptionArn! }))).Attributes!;
      assert.equal(crmAttributes['RawMessageDelivery'], 'true');
      assert.equal(crmAttributes['FilterPolicy'], '{"plan":["pro"]}');
      assert.deepEqual(subscriptions.map((s) => `${s.Protocol} ${s.Endpoint}`).sort(), [
        'http ' + `${hook.url}/new-user`,
        'lambda arn:aws:lambda:us-east-1:000000000000:function:recorder',
        `sqs ${queueArnOf('crm-sync')}`,
      ]);

      const publish = (plan: string) => sns.send(new PublishCommand({ TopicArn: topicArnOf('signups'), Message: `a ${plan} user`, MessageAttributes: { plan: { DataType: 'String', StringValue: plan } } }));
      await publish('pro');
      await publish('free');
      // crm-sync: the raw message of the pro sign-up only.
      const crmSync = await queueOf(eddy, 'crm-sync');
      assert.deepEqual((await receiveMessages(eddy, crmSync, 1)).map((m) => m.Body), ['a pro user']);
      // The function: the free sign-up's SNS event only.
      const seen = await receiveMessages(eddy, await queueOf(eddy, 'bus-seen'), 1);
      const record = (JSON.parse(seen[0]!.Body!) as { Records: { EventSource: string; Sns: { Message: string; TopicArn: string } }[] }).Records[0]!;
      assert.equal(record.EventSource, 'aws:sns');
      assert.equal(record.Sns.Message, 'a free user');
      assert.equal(record.Sns.TopicArn, topicArnOf('signups'));
      // The http endpoint: no SubscriptionConfirmation, both notifications.
      const posts = await hook.received(2);
      assert.deepEqual(posts.map((p) => p.headers['x-amz-sns-message-type']), ['Notification', 'Notification']);
      assert.deepEqual(posts.map((p) => (JSON.parse(p.body) as { Message: string }).Message).sort(), ['a free user', 'a pro user']);
      assert.deepEqual(await drainMessages(eddy, crmSync), []);

      // eddy dev: the fifo topic, the http subscription and the function's event dropped, the queue's filter changed.
      files.write({ ...base({ topics: { signups: { subscriptions: [{ queue: 'crm-sync', filterPolicy: { plan: ['free'] } }] } } }), functions: { recorder: { handler: 'handlers/recorder.ts#handler', codeDir: HANDLERS } } });
      const summary = await eventually('the summary line', () => lines.find((line) => line.startsWith('config: ') && line.includes('-topic')));
      assert.equal(summary, `config: ~topic signups, ~subscription signups → queue crm-sync, -topic orders.fifo, -subscription signups → http ${hook.url}/new-user, -subscription signups → function recorder`);
      assert.deepEqual((await sns.send(new ListTopicsCommand({}))).Topics!.map((t) => t.TopicArn), [topicArnOf('signups')]);
      const left = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArnOf('signups') }))).Subscriptions!;
      assert.deepEqual(left.map((s) => s.Protocol), ['sqs']);
      const changed = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: left[0]!.SubscriptionArn! }))).Attributes!;
      assert.equal(changed['RawMessageDelivery'], 'false');
      assert.equal(changed['FilterPolicy'], '{"plan":["free"]}');
      assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArnOf('signups') }))).Attributes!['DisplayName'], '');
      await publish('free');
      const [enveloped] = await receiveMessages(eddy, crmSync, 1);
      assert.equal((JSON.parse(enveloped!.Body!) as { Type: string; Message: string }).Message, 'a free user');
      await rejectsWith(sns.send(new GetTopicAttributesCommand({ TopicArn: topicArnOf('orders.fifo') })), 'NotFoundException', 404);
    } finally {
      sns.destroy();
      await eddy.stop();
      await hook.close();
      rmSync(files.dir, { recursive: true, force: true });
    }
  });

  it('a restart on the same data with the same config changes nothing: topics unchanged, one subscription each', async () => {
    const files = project();
    const data = join(files.dir, 'data');
    const config = files.write({
      queues: { 'crm-sync': {} },
      topics: { signups: { displayName: 'Sign-ups', subscriptions: [{ queue: 'crm-sync', filterPolicy: { plan: ['pro'] } }, { email: 'ops@example.com' }] } },
    });
    let eddy = await startTestEddy({ config, data });
    try {
      assert.deepEqual(eddy.config?.report.created.filter((r) => r.kind === 'topic').map((r) => r.name), ['signups']);
      await eddy.stop();
      eddy = await startTestEddy({ config, data });
      assert.deepEqual(eddy.config?.report.unchanged.filter((r) => r.kind === 'topic').map((r) => r.name), ['signups']);
      assert.deepEqual(eddy.config?.report.unchanged.filter((r) => r.kind === 'subscription').map((r) => r.name).sort(), ['signups → email ops@example.com', 'signups → queue crm-sync']);
      const sns = snsClient(eddy);
      const listed = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArnOf('signups') }))).Subscriptions!;
      assert.deepEqual(listed.map((s) => s.Protocol).sort(), ['email', 'sqs']);
      assert.ok(listed.every((s) => s.SubscriptionArn!.startsWith(`${topicArnOf('signups')}:`))); // confirmed, not 'PendingConfirmation'
      sns.destroy();
    } finally {
      await eddy.stop();
      rmSync(files.dir, { recursive: true, force: true });
    }
  });

  it('a rule, a schedule and a pipe of the config target a topic of the config: the event after inputPath, the schedule\'s input, the record\'s template are published', async () => {
    const files = project();
    const config = files.write({
      queues: { 'from-bus': {} },
      topics: { orders: { subscriptions: [{ queue: 'from-bus', rawMessageDelivery: true }] } },
      rules: { placed: { pattern: { source: ['shop'] }, targets: [{ topic: 'orders', inputPath: '$.detail' }] } },
      schedules: { tick: { rate: '1 hour', target: { topic: 'orders' }, input: { tick: 1 } } },
      tables: { Orders: { partitionKey: { name: 'pk', type: 'S' }, stream: 'NEW_IMAGE' } },
      pipes: { changes: { source: { stream: 'Orders' }, target: { topic: 'orders', inputTemplate: '{"pk": <$.dynamodb.Keys.pk.S>}' } } },
    });
    const eddy = await startTestEddy({ config });
    try {
      await eddy.events.send(new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'OrderPlaced', Detail: '{"orderId":"o-9"}' }] }));
      await eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'o-10' } } }));
      // The schedule (a rate without a start) ran when it was created.
      const bodies = (await receiveMessages(eddy, await queueOf(eddy, 'from-bus'), 3)).map((m) => JSON.stringify(JSON.parse(m.Body!))).sort();
      assert.deepEqual(bodies, ['{"orderId":"o-9"}', '{"pk":"o-10"}', '{"tick":1}']);
    } finally {
      await eddy.stop();
      rmSync(files.dir, { recursive: true, force: true });
    }
  });

  it('refuses a config whose subscription names a queue, or whose function or rule names a topic, that exists nowhere', async () => {
    const files = project();
    try {
      const config = files.write({
        topics: { signups: { subscriptions: [{ queue: 'nowhere' }] } },
        tables: { Things: { partitionKey: { name: 'pk', type: 'S' }, stream: 'NEW_IMAGE' } },
        functions: { f: { handler: 'handlers/recorder.ts#handler', codeDir: HANDLERS, events: [{ sns: { topic: 'lost' } }, { stream: { table: 'Things', onFailure: { topic: 'nope' } } }] } },
        rules: { r: { pattern: { source: ['x'] }, targets: [{ topic: 'gone' }] } },
      });
      await assert.rejects(startTestEddy({ config }), (error: Error) => {
        assert.match(error.message, /topics\.signups\.subscriptions\[0\]\.queue: queue nowhere does not exist in this config or in storage/);
        assert.match(error.message, /functions\.f\.events\[0\]\.sns\.topic: topic lost does not exist in this config or in storage/);
        assert.match(error.message, /rules\.r\.targets\[0\]\.topic: topic gone does not exist in this config or in storage/);
        assert.match(error.message, /functions\.f\.events\[1\]\.stream\.onFailure\.topic: topic nope does not exist in this config or in storage/);
        return true;
      });
    } finally {
      rmSync(files.dir, { recursive: true, force: true });
    }
  });
});
