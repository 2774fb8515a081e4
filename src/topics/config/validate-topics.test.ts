import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateConfig } from '../../config/validate-config.js';
import { configProblems, CONFIG_FILE } from '../../config/fixtures/config-problems.js';
import { scheduleRequest } from '../../scheduler/config/validate-schedules.js';
import { pipeRequest } from '../../pipes/config/validate-pipes.js';
import { defaultDeployment } from '../../shared/arns.js';

describe('config topics', () => {
  it('normalize the issue\'s example: subscriptions as Subscribe attributes, FIFO options as topic attributes, a function\'s sns event', () => {
    const config = validateConfig(
      {
        queues: { 'crm-sync': {}, dlq: {} },
        topics: {
          signups: {
            displayName: 'Sign-ups',
            tags: { team: 'growth' },
            subscriptions: [
              { queue: 'crm-sync', rawMessageDelivery: true, filterPolicy: { plan: ['pro'] }, deadLetter: { queue: 'dlq' } },
              { http: 'https://hooks.example/new-user', deliveryPolicy: { healthyRetryPolicy: { numRetries: 5 } } },
              { emailJson: 'ops@example.com' },
            ],
          },
          'orders.fifo': { fifo: true, contentBasedDeduplication: true, attributes: { FifoThroughputScope: 'MessageGroup' } },
        },
        functions: { welcome: { handler: 'welcome.ts', events: [{ sns: { topic: 'signups', filterPolicy: { plan: [{ prefix: 'p' }] }, filterPolicyScope: 'MessageBody' } }] } },
      },
      CONFIG_FILE,
    );
    const signups = config.topics!['signups']!;
    assert.deepEqual(signups.attributes, { DisplayName: 'Sign-ups' });
    assert.deepEqual(signups.tags, { team: 'growth' });
    assert.deepEqual(signups.subscriptions[0], {
      kind: 'queue', target: 'crm-sync', protocol: 'sqs', deadLetter: 'dlq',
      attributes: { RawMessageDelivery: 'true', FilterPolicy: '{"plan":["pro"]}', FilterPolicyScope: 'MessageAttributes' },
    });
    assert.equal(signups.subscriptions[1]!.protocol, 'https');
    assert.match(signups.subscriptions[1]!.attributes['DeliveryPolicy']!, /"numRetries":5/);
    assert.deepEqual(signups.subscriptions[2], { kind: 'emailJson', target: 'ops@example.com', protocol: 'email-json', attributes: {} });
    assert.deepEqual(config.topics!['orders.fifo'], { fifo: true, attributes: { FifoThroughputScope: 'MessageGroup', ContentBasedDeduplication: 'true' }, tags: {}, subscriptions: [] });
    assert.deepEqual(config.functions['welcome']!.events[0], { sns: { topic: 'signups', attributes: { FilterPolicy: '{"plan":[{"prefix":"p"}]}', FilterPolicyScope: 'MessageBody' } } });
  });

  it('refuses bad names, options of the wrong kind of topic, bad subscriptions and filter policies, each at its path', () => {
    assert.deepEqual(
      configProblems({
        topics: {
          'orders.fifo': {},
          plain: { fifo: true },
          std: { contentBasedDeduplication: true, attributes: { FifoTopic: 'true', MaximumMessageSize: '10', Nope: 'x' } },
          'fan.fifo': { fifo: true, subscriptions: [{ function: 'f' }] },
          subs: {
            subscriptions: [
              { queue: 'q', http: 'https://x.example' },
              { function: 'f', rawMessageDelivery: true },
              { queue: 'q', filterPolicy: { plan: 'pro' } },
              { http: 'ftp://x.example' },
              { queue: 'jobs.fifo' },
              { email: 'a@b.example', filterPolicyScope: 'MessageBody' },
              { queue: 'q', deadLetter: {} },
              { queue: 'q' },
              { queue: 'q', rawMessageDelivery: false },
            ],
          },
        },
        functions: { f: { handler: 'f.ts', events: [{ sns: { topic: 'signups', rawMessageDelivery: true } }, { sns: { filterPolicy: [] } }] } },
      }),
      [
        'functions.f.events[0].sns.rawMessageDelivery: SNS does not deliver raw messages to functions (Delivery protocol [lambda] does not support raw message delivery)',
        'functions.f.events[1].sns.topic: required',
        'functions.f.events[1].sns.filterPolicy: expected an object, got an array',
        'topics["orders.fifo"]: a FIFO topic\'s name ends in .fifo, and only a FIFO topic\'s (set fifo: true): a topic name (1 to 256 characters: letters, digits, _ -, .fifo at the end of a FIFO topic\'s)',
        'topics.plain: a FIFO topic\'s name ends in .fifo, and only a FIFO topic\'s (set fifo: true): a topic name (1 to 256 characters: letters, digits, _ -, .fifo at the end of a FIFO topic\'s)',
        'topics.std.attributes.FifoTopic: use fifo: true',
        'topics.std.attributes.MaximumMessageSize: Invalid parameter: MaximumMessageSize Reason: must be an integer from 1024 to 262144',
        'topics.std.attributes.Nope: Nope is not an attribute SetTopicAttributes takes on a standard topic',
        'topics.std.contentBasedDeduplication: a FIFO topic\'s only (set fifo: true)',
        'topics["fan.fifo"].subscriptions[0]: expected a queue subscription (only queues subscribe to a FIFO topic), got "function f"',
        'topics.subs.subscriptions[0]: expected exactly one of queue, function, http, email, emailJson, got queue, http',
        'topics.subs.subscriptions[1].rawMessageDelivery: SNS delivers raw messages to queues and http endpoints only (Delivery protocol [lambda] does not support raw message delivery)',
        'topics.subs.subscriptions[2].filterPolicy: ' + problemOf({ plan: 'pro' }),
        'topics.subs.subscriptions[3].http: expected an http:// or https:// URL, got "ftp://x.example"',
        'topics.subs.subscriptions[4].queue: expected a standard queue (FIFO queues subscribe to FIFO topics only), got "jobs.fifo"',
        'topics.subs.subscriptions[5].filterPolicyScope: needs a filterPolicy',
        'topics.subs.subscriptions[6].deadLetter.queue: required',
        'topics.subs.subscriptions[8]: the same queue as subscriptions[7]: a topic has one subscription per endpoint',
      ],
    );
  });

  it('a stream event\'s onFailure names a queue or a topic', () => {
    const config = validateConfig({ functions: { f: { handler: 'f.ts', events: [{ stream: { table: 'Things', onFailure: { topic: 'alerts' } } }] } } }, CONFIG_FILE);
    assert.deepEqual((config.functions['f']!.events[0] as { stream: { onFailure: unknown } }).stream.onFailure, { topic: 'alerts' });
    assert.deepEqual(configProblems({ functions: { f: { handler: 'f.ts', events: [{ stream: { table: 'Things', onFailure: { topic: 'alerts', queue: 'q' } } }, { stream: { table: 'Things', onFailure: { topic: 'a b' } } }] } } }), [
      'functions.f.events[0].stream.onFailure: expected exactly one of queue, topic, got queue, topic',
      'functions.f.events[1].stream.onFailure.topic: expected a topic name (1 to 256 characters: letters, digits, _ -, .fifo at the end of a FIFO topic\'s), got "a b"',
    ]);
  });

  it('a schedule targets a topic: its ARN, a FIFO topic\'s group as SqsParameters', () => {
    const config = validateConfig({ schedules: { s: { rate: '1 hour', target: { topic: 'orders.fifo', messageGroupId: 'g' } } } }, CONFIG_FILE);
    const request = scheduleRequest(config.schedules!['s']!, defaultDeployment);
    assert.equal((request['Target'] as { Arn: string }).Arn, 'arn:aws:sns:us-east-1:000000000000:orders.fifo');
    assert.deepEqual((request['Target'] as { SqsParameters: unknown }).SqsParameters, { MessageGroupId: 'g' });
  });

  it('a pipe targets a topic, or dead-letters to one', () => {
    const config = validateConfig({ pipes: {
      out: { source: { stream: 'Orders', deadLetter: { topic: 'alerts' } }, target: { topic: 'changes.fifo', messageGroupId: '$.eventID' } },
    } }, CONFIG_FILE);
    const request = pipeRequest(config.pipes!['out']!, defaultDeployment);
    assert.equal(request['Target'], 'arn:aws:sns:us-east-1:000000000000:changes.fifo');
    assert.deepEqual(request['TargetParameters'], { SqsQueueParameters: { MessageGroupId: '$.eventID' } });
    assert.deepEqual((request['SourceParameters'] as { DynamoDBStreamParameters: { DeadLetterConfig: unknown } }).DynamoDBStreamParameters.DeadLetterConfig, { Arn: 'arn:aws:sns:us-east-1:000000000000:alerts' });
    assert.deepEqual(configProblems({ pipes: { two: { source: { stream: 'Orders', deadLetter: { topic: 'a', queue: 'q' } }, target: { topic: 'alerts' } } } }), [
      'pipes.two.source.deadLetter: exactly one of queue and topic is needed',
    ]);
  });

  it('rule targets name topics: a FIFO topic needs a messageGroupId, a standard one takes none', () => {
    const config = validateConfig({ rules: { r: { pattern: { source: ['x'] }, targets: [{ topic: 'alerts' }, { topic: 'orders.fifo', messageGroupId: 'g' }] } } }, CONFIG_FILE);
    assert.deepEqual(config.rules['r']!.targets.map((t) => t.id), ['topic-alerts', 'topic-orders.fifo']);
    assert.deepEqual(
      configProblems({ rules: { r: { pattern: { source: ['x'] }, targets: [{ topic: 'orders.fifo' }, { topic: 'alerts', messageGroupId: 'g' }, { topic: 'bad name' }] } } }),
      [
        'rules.r.targets[0].messageGroupId: required: messages published to the FIFO topic orders.fifo need a message group',
        'rules.r.targets[1].messageGroupId: only FIFO topics (names ending in .fifo) take one, and alerts is a standard topic',
        'rules.r.targets[2].topic: expected a topic name (1 to 256 characters: letters, digits, _ -, .fifo at the end of a FIFO topic\'s), got "bad name"',
      ],
    );
  });
});

/** The filter policy checker's own message for a policy (the config reports it as it is). */
function problemOf(policy: object): string {
  const [problem] = configProblems({ topics: { t: { subscriptions: [{ queue: 'q', filterPolicy: policy }] } } });
  return problem!.replace('topics.t.subscriptions[0].filterPolicy: ', '');
}
