import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfig } from '../../config/validate-config.js';
import { mappingError as failure, mapTemplate as mapped } from './fixtures/map-template.js';

describe('AWS::SNS::Topic', () => {
  it('maps FIFO settings, the attributes SetTopicAttributes takes, delivery status logging and tags; notices what is kept but not applied', async () => {
    const { config, notices } = await mapped(`
Resources:
  Orders:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: orders.fifo
      FifoTopic: true
      ContentBasedDeduplication: 'true'
      DisplayName: Orders
      SignatureVersion: 2
      TracingConfig: Active
      KmsMasterKeyId: alias/aws/sns
      FifoThroughputScope: MessageGroup
      ArchivePolicy: { MessageRetentionPeriod: 30 }
      DeliveryStatusLogging:
        - Protocol: sqs
          SuccessFeedbackRoleArn: arn:aws:iam::000000000000:role/feedback
          SuccessFeedbackSampleRate: 50
      Tags:
        - { Key: team, Value: checkout }
  Plain:
    Type: AWS::SNS::Topic
  Fifo:
    Type: AWS::SNS::Topic
    Properties: { FifoTopic: 'true' }
`);
    assert.deepEqual(config.topics, {
      'orders.fifo': {
        fifo: true,
        contentBasedDeduplication: true,
        displayName: 'Orders',
        attributes: {
          SignatureVersion: '2',
          TracingConfig: 'Active',
          KmsMasterKeyId: 'alias/aws/sns',
          FifoThroughputScope: 'MessageGroup',
          ArchivePolicy: '{"MessageRetentionPeriod":30}',
          SQSSuccessFeedbackRoleArn: 'arn:aws:iam::000000000000:role/feedback',
          SQSSuccessFeedbackSampleRate: '50',
        },
        tags: { team: 'checkout' },
      },
      Plain: {},
      'Fifo.fifo': { fifo: true },
    });
    assert.deepEqual(notices, [
      'Topic Orders: ArchivePolicy is kept but not applied: Eddy does not archive or replay messages',
      'Topic Orders: DeliveryStatusLogging is kept but not applied: Eddy writes no delivery status logs',
    ]);
    // The config takes what the mapping made.
    assert.equal(Object.keys(validateConfig(config, '/project/eddy.config.json').topics ?? {}).length, 3);
  });

  it('maps the inline Subscription list: queues and functions by ARN (the qualifier dropped), URLs, addresses; sms left out with a notice', async () => {
    const { config, notices } = await mapped(`
Resources:
  Signups:
    Type: AWS::SNS::Topic
    Properties:
      Subscription:
        - { Protocol: sqs, Endpoint: !GetAtt CrmSync.Arn }
        - { Protocol: lambda, Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:welcome:live' }
        - { Protocol: https, Endpoint: 'https://hooks.example.com/signup' }
        - { Protocol: email, Endpoint: ops@example.com }
        - { Protocol: email-json, Endpoint: audit@example.com }
        - { Protocol: sms, Endpoint: '+15555550100' }
  CrmSync:
    Type: AWS::SQS::Queue
    Properties: { QueueName: crm-sync }
`);
    assert.deepEqual(config.topics, {
      Signups: {
        subscriptions: [
          { queue: 'crm-sync' },
          { function: 'welcome' },
          { http: 'https://hooks.example.com/signup' },
          { email: 'ops@example.com' },
          { emailJson: 'audit@example.com' },
        ],
      },
    });
    assert.deepEqual(notices, ['Topic Signups, Subscription 5: protocol sms is not emulated, the subscription is left out']);
  });

  it('TopicPolicy and QueuePolicy are listed as not emulated and change nothing', async () => {
    const { config, notEmulated } = await mapped(`
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Queue:
    Type: AWS::SQS::Queue
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: '*', Action: sns:Publish, Resource: !Ref Topic }] }
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: '*', Action: sqs:SendMessage, Resource: !GetAtt Queue.Arn }] }
`);
    assert.deepEqual(config.topics, { Topic: {} });
    assert.deepEqual(notEmulated, [{ logicalId: 'TopicPolicy', type: 'AWS::SNS::TopicPolicy' }, { logicalId: 'QueuePolicy', type: 'AWS::SQS::QueuePolicy' }]);
  });
});

describe('AWS::SNS::Subscription', () => {
  it('joins its topic (declared before or after it) with raw delivery, filter policy (object or JSON text), scope, redrive and delivery policies', async () => {
    const { config, notices } = await mapped(`
Resources:
  Raw:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Signups
      Protocol: sqs
      Endpoint: !GetAtt CrmSync.Arn
      RawMessageDelivery: 'true'
      FilterPolicy: '{"plan":["pro"]}'
      FilterPolicyScope: MessageBody
      RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn }
  Hook:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Signups
      Protocol: http
      Endpoint: http://localhost:9000/hook
      FilterPolicy: { plan: [free] }
      DeliveryPolicy: { healthyRetryPolicy: { numRetries: 5 } }
      ReplayPolicy: { PointType: Timestamp, StartingPoint: '2026-01-01T00:00:00Z' }
  Signups:
    Type: AWS::SNS::Topic
  CrmSync:
    Type: AWS::SQS::Queue
  Dlq:
    Type: AWS::SQS::Queue
`);
    assert.deepEqual(config.topics, {
      Signups: {
        subscriptions: [
          { queue: 'CrmSync', rawMessageDelivery: true, filterPolicy: { plan: ['pro'] }, filterPolicyScope: 'MessageBody', deadLetter: { queue: 'Dlq' } },
          { http: 'http://localhost:9000/hook', filterPolicy: { plan: ['free'] }, deliveryPolicy: { healthyRetryPolicy: { numRetries: 5 } } },
        ],
      },
    });
    assert.deepEqual(notices, ['Subscription Hook: ReplayPolicy is not applied: Eddy does not archive or replay messages']);
    assert.equal(validateConfig(config, '/project/eddy.config.json').topics?.['Signups']?.subscriptions.length, 2);
  });

  it('SAM SNS events: a function subscription, and with SqsSubscription a queue between topic and function', async () => {
    const { config } = await mapped(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Signups:
    Type: AWS::SNS::Topic
  Welcome:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: 'exports.handler = async () => {}'
      Events:
        Direct:
          Type: SNS
          Properties: { Topic: !Ref Signups, FilterPolicy: { plan: [pro] } }
        Queued:
          Type: SNS
          Properties: { Topic: !Ref Signups, SqsSubscription: true }
`);
    assert.deepEqual(config.topics, {
      Signups: { subscriptions: [{ function: 'Welcome', filterPolicy: { plan: ['pro'] } }, { queue: 'WelcomeQueuedQueue' }] },
    });
    assert.deepEqual(config.queues?.['WelcomeQueuedQueue'], {});
  });

  it('the same endpoint twice with the same attributes is one subscription (SNS returns the existing one)', async () => {
    const { config } = await mapped(`
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Subscription: [{ Protocol: sqs, Endpoint: !GetAtt Queue.Arn }]
  Again:
    Type: AWS::SNS::Subscription
    Properties: { TopicArn: !Ref Topic, Protocol: sqs, Endpoint: !GetAtt Queue.Arn }
  Queue:
    Type: AWS::SQS::Queue
`);
    assert.deepEqual(config.topics, { Topic: { subscriptions: [{ queue: 'Queue' }] } });
  });

  describe('errors name the template line', () => {
    it('a topic that is not in the template', async () => {
      assert.equal(await failure(`
Resources:
  Elsewhere:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: arn:aws:sns:us-east-1:000000000000:shared-events
      Protocol: sqs
      Endpoint: !GetAtt Queue.Arn
  Queue:
    Type: AWS::SQS::Queue
`), '/project/template.yaml:6:7: Resource Elsewhere (AWS::SNS::Subscription): arn:aws:sns:us-east-1:000000000000:shared-events is not a topic of this template: Eddy subscribes endpoints to the template\'s own AWS::SNS::Topic resources only (at /Resources/Elsewhere/Properties/TopicArn)');
    });

    it('an endpoint Eddy does not emulate', async () => {
      assert.equal(await failure(`
Resources:
  Topic:
    Type: AWS::SNS::Topic
  ToStream:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Topic
      Protocol: sqs
      Endpoint: !GetAtt Stream.Arn
  Stream:
    Type: AWS::Kinesis::Stream
`), "/project/template.yaml:10:7: Resource ToStream (AWS::SNS::Subscription): Endpoint must be a queue's ARN for protocol sqs, got Stream (AWS::Kinesis::Stream, not emulated) (at /Resources/ToStream/Properties/Endpoint)");
    });

    it('an endpoint of another kind than the protocol', async () => {
      assert.equal(await failure(`
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Subscription:
        - Protocol: lambda
          Endpoint: !GetAtt Queue.Arn
  Queue:
    Type: AWS::SQS::Queue
`), '/project/template.yaml:8:11: Resource Topic (AWS::SNS::Topic): Endpoint must be a function\'s ARN for protocol lambda, got "arn:aws:sqs:us-east-1:000000000000:Queue" (at /Resources/Topic/Properties/Subscription/0/Endpoint)');
      assert.equal(await failure(`
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Hook:
    Type: AWS::SNS::Subscription
    Properties: { TopicArn: !Ref Topic, Protocol: http, Endpoint: 'https://example.com/hook' }
`), '/project/template.yaml:7:57: Resource Hook (AWS::SNS::Subscription): Endpoint must be an http:// URL for protocol http, got "https://example.com/hook" (at /Resources/Hook/Properties/Endpoint)');
    });

    it('an unknown protocol, and a FilterPolicy that is not JSON', async () => {
      assert.equal(await failure(`
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Sub:
    Type: AWS::SNS::Subscription
    Properties: { TopicArn: !Ref Topic, Protocol: SQS, Endpoint: x }
`), '/project/template.yaml:7:41: Resource Sub (AWS::SNS::Subscription): Protocol must be one of sqs, lambda, http, https, email, email-json, sms, application, firehose, got "SQS" (at /Resources/Sub/Properties/Protocol)');
      assert.equal(await failure(`
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Sub:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Topic
      Protocol: email
      Endpoint: ops@example.com
      FilterPolicy: '{plan: pro'
`), '/project/template.yaml:11:7: Resource Sub (AWS::SNS::Subscription): FilterPolicy must be a JSON object or its text, got "{plan: pro" (at /Resources/Sub/Properties/FilterPolicy)');
    });

    it('the same endpoint twice with other attributes', async () => {
      assert.equal(await failure(`
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Subscription: [{ Protocol: sqs, Endpoint: !GetAtt Queue.Arn }]
  Raw:
    Type: AWS::SNS::Subscription
    Properties: { TopicArn: !Ref Topic, Protocol: sqs, Endpoint: !GetAtt Queue.Arn, RawMessageDelivery: true }
  Queue:
    Type: AWS::SQS::Queue
`), '/project/template.yaml:9:5: Resource Raw (AWS::SNS::Subscription): queue Queue is already subscribed to this topic with other attributes (SNS: Subscription already exists with different attributes) (at /Resources/Raw/Properties)');
    });
  });
});
