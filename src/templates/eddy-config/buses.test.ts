import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapTemplate, mappingError } from './fixtures/map-template.js';

describe('template buses, rules and archives', () => {
  it('map a bus, its rules with every kind of target, and an archive', async () => {
    const { config, notices } = await mapTemplate(`
Resources:
  AppBus:
    Type: AWS::Events::EventBus
    Properties: { Name: app, Description: Orders and users }
  Jobs:
    Type: AWS::SQS::Queue
    Properties: { QueueName: jobs.fifo, FifoQueue: true }
  Dlq:
    Type: AWS::SQS::Queue
  Alerts:
    Type: AWS::SNS::Topic
  Orders:
    Type: AWS::Events::Rule
    Properties:
      Name: orders
      EventBusName: !GetAtt AppBus.Arn
      Description: New orders
      EventPattern: '{"source": ["shop"], "detail": {"pk": [{"prefix": "OID#"}]}}'
      Targets:
        - Id: jobs
          Arn: !GetAtt Jobs.Arn
          SqsParameters: { MessageGroupId: orders }
          InputPath: $.detail
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: '600' }
          DeadLetterConfig: { Arn: !GetAtt Dlq.Arn }
        - Id: audit
          Arn: arn:aws:lambda:eu-west-1:111122223333:function:audit:live
          Input: '{"kind": "order"}'
        - Id: alerts
          Arn: !Ref Alerts
          InputTransformer:
            InputPathsMap: { id: $.detail.id }
            InputTemplate: '"order <id>"'
  Forward:
    Type: AWS::Events::Rule
    Properties:
      State: DISABLED
      EventPattern: { source: [legacy] }
      Targets: [{ Id: app, Arn: !GetAtt AppBus.Arn }]
  Nightly:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: cron(0 3 * * ? *)
      Targets: [{ Id: jobs, Arn: !GetAtt Jobs.Arn, SqsParameters: { MessageGroupId: night } }]
  Everything:
    Type: AWS::Events::Archive
    Properties:
      SourceArn: !GetAtt AppBus.Arn
      EventPattern: { source: [shop] }
      RetentionDays: 7
      Description: All shop events
`);
    assert.deepEqual(config.buses, { app: { description: 'Orders and users' } });
    assert.deepEqual(config.rules, {
      orders: {
        bus: 'app',
        pattern: { source: ['shop'], detail: { pk: [{ prefix: 'OID#' }] } },
        description: 'New orders',
        targets: [
          { queue: 'jobs.fifo', messageGroupId: 'orders', inputPath: '$.detail', retryPolicy: { maximumRetryAttempts: 3, maximumEventAge: 600 }, deadLetter: { queue: 'Dlq' } },
          { function: 'audit', input: { kind: 'order' } },
          { topic: 'Alerts', inputTransformer: { inputPaths: { id: '$.detail.id' }, inputTemplate: '"order <id>"' } },
        ],
      },
      Forward: { pattern: { source: ['legacy'] }, enabled: false, targets: [{ bus: 'app' }] },
      Nightly: { schedule: 'cron(0 3 * * ? *)', targets: [{ queue: 'jobs.fifo', messageGroupId: 'night' }] },
    });
    assert.deepEqual(config.archives, { Everything: { bus: 'app', pattern: { source: ['shop'] }, retentionDays: 7, description: 'All shop events' } });
    assert.deepEqual(notices, []);
  });

  it('leave out a target Eddy cannot deliver to, with a notice, and keep the rule', async () => {
    const { config, notices, notEmulated } = await mapTemplate(`
Resources:
  Machine:
    Type: AWS::StepFunctions::StateMachine
  Q:
    Type: AWS::SQS::Queue
  Fanout:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: { source: [shop] }
      Targets:
        - { Id: flow, Arn: !Ref Machine }
        - { Id: stream, Arn: arn:aws:kinesis:us-east-1:000000000000:stream/clicks }
        - { Id: q, Arn: !GetAtt Q.Arn }
`);
    assert.deepEqual(config.rules, { Fanout: { pattern: { source: ['shop'] }, targets: [{ queue: 'Q' }] } });
    assert.deepEqual(notices, [
      'Rule Fanout: target flow left out: Machine (AWS::StepFunctions::StateMachine, not emulated) is not a target Eddy delivers to',
      'Rule Fanout: target stream left out: the Kinesis target arn:aws:kinesis:us-east-1:000000000000:stream/clicks is not a target Eddy delivers to',
    ]);
    assert.deepEqual(notEmulated, [{ logicalId: 'Machine', type: 'AWS::StepFunctions::StateMachine' }]);
  });

  it("map SAM's EventBridgeRule and Schedule events as rules targeting the function", async () => {
    const { config } = await mapTemplate(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Bus:
    Type: AWS::Events::EventBus
    Properties: { Name: app }
  Notify:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: exports.handler = async () => {};
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Signup:
          Type: EventBridgeRule
          Properties:
            EventBusName: !Ref Bus
            Pattern: { detail-type: [UserSignedUp] }
            InputPath: $.detail
            RetryPolicy: { MaximumRetryAttempts: 2 }
            DeadLetterConfig: { Type: SQS }
        Tick:
          Type: Schedule
          Properties: { Schedule: rate(1 hour), Enabled: false, Input: '{"tick": true}' }
`);
    assert.deepEqual(config.rules, {
      NotifySignup: {
        bus: 'app',
        pattern: { 'detail-type': ['UserSignedUp'] },
        targets: [{ function: 'Notify', inputPath: '$.detail', retryPolicy: { maximumRetryAttempts: 2 }, deadLetter: { queue: 'NotifySignupQueue' } }],
      },
      NotifyTick: { schedule: 'rate(1 hour)', enabled: false, targets: [{ function: 'Notify', input: { tick: true } }] },
    });
    assert.deepEqual(config.queues, { NotifySignupQueue: {} });
  });

  it('map a connection and an API destination into an http target', async () => {
    const { config, notices } = await mapTemplate(`
Resources:
  Partner:
    Type: AWS::Events::Connection
    Properties:
      AuthorizationType: API_KEY
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: x-api-key, ApiKeyValue: secret } }
  Crm:
    Type: AWS::Events::ApiDestination
    Properties:
      ConnectionArn: !GetAtt Partner.Arn
      InvocationEndpoint: https://crm.example/orders
      HttpMethod: PUT
      InvocationRateLimitPerSecond: 10
  ToCrm:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: { source: [shop] }
      Targets: [{ Id: crm, Arn: !GetAtt Crm.Arn, InputPath: $.detail, HttpParameters: { HeaderParameters: { x-team: shop } } }]
`);
    assert.deepEqual(config.connections, { Partner: { apiKey: { name: 'x-api-key', value: 'secret' } } });
    assert.deepEqual(config.rules, { ToCrm: { pattern: { source: ['shop'] }, targets: [{ http: { url: 'https://crm.example/orders', method: 'PUT', connection: 'Partner' }, inputPath: '$.detail' }] } });
    assert.deepEqual(notices, [
      "API destination Crm: InvocationRateLimitPerSecond is not kept (Eddy's API destinations made for the config use AWS's default, 300 a second)",
      "Rule ToCrm: target crm: HttpParameters (path parameters, headers, query) are not sent by Eddy's rule targets",
    ]);
  });

  it('refuse two rules of one name (legal on two buses, but the config keys rules by name)', async () => {
    const message = await mappingError(`
Resources:
  A:
    Type: AWS::Events::Rule
    Properties: { Name: orders, EventPattern: { source: [a] } }
  B:
    Type: AWS::Events::Rule
    Properties:
      Name: orders
      EventBusName: app
      EventPattern: { source: [b] }
`);
    assert.equal(
      message,
      "/project/template.yaml:9:7: Resource B (AWS::Events::Rule): a rule named orders is already mapped from A (default bus); Eddy's config holds one rule of a name, so give one of them another Name (at /Resources/B/Properties/Name)",
    );
  });

  it('refuse what the template gets wrong, at its line', async () => {
    const rule = (target: string) => `
Resources:
  R:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: { source: [a] }
      Targets:
        - ${target}
`;
    assert.equal(
      await mappingError(rule(`{ Id: q, Arn: arn:aws:sqs:us-east-1:000000000000:q, Input: 'not json' }`)),
      '/project/template.yaml:8:63: Resource R (AWS::Events::Rule): Input must be valid JSON text, got "not json" (at /Resources/R/Properties/Targets/0/Input)',
    );
    assert.equal(
      await mappingError(rule(`{ Id: q, Arn: arn:aws:sqs:us-east-1:000000000000:q, DeadLetterConfig: { Arn: arn:aws:sns:us-east-1:000000000000:t } }`)),
      '/project/template.yaml:8:83: Resource R (AWS::Events::Rule): Arn must be an SQS queue\'s ARN, got "arn:aws:sns:us-east-1:000000000000:t" (at /Resources/R/Properties/Targets/0/DeadLetterConfig/Arn)',
    );
    assert.equal(
      await mappingError(rule(`{ Id: q, Arn: orders }`)),
      '/project/template.yaml:8:20: Resource R (AWS::Events::Rule): Arn must be the ARN of a function, queue, bus, topic or API destination, got "orders" (at /Resources/R/Properties/Targets/0/Arn)',
    );
    assert.equal(
      await mappingError(`
Resources:
  R:
    Type: AWS::Events::Rule
    Properties:
      Description: neither
`),
      '/project/template.yaml:5:5: Resource R (AWS::Events::Rule): a rule needs an EventPattern, a ScheduleExpression or both (at /Resources/R/Properties)',
    );
    assert.equal(
      await mappingError(`
Resources:
  R:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: '{"source": '
`),
      '/project/template.yaml:6:7: Resource R (AWS::Events::Rule): EventPattern must be a JSON object or its text, got "{\\"source\\": " (at /Resources/R/Properties/EventPattern)',
    );
  });

  it('refuse the default bus declared, a schedule on a custom bus and an archive of something else than a bus', async () => {
    assert.equal(
      await mappingError(`
Resources:
  B:
    Type: AWS::Events::EventBus
    Properties: { Name: default }
`),
      '/project/template.yaml:5:19: Resource B (AWS::Events::EventBus): the default bus always exists: an AWS::Events::EventBus declares a custom bus (at /Resources/B/Properties/Name)',
    );
    assert.equal(
      await mappingError(`
Resources:
  R:
    Type: AWS::Events::Rule
    Properties: { EventBusName: app, ScheduleExpression: rate(1 hour) }
`),
      '/project/template.yaml:5:38: Resource R (AWS::Events::Rule): ScheduleExpression is supported only on the default event bus, and this rule is on app (at /Resources/R/Properties/ScheduleExpression)',
    );
    assert.equal(
      await mappingError(`
Resources:
  A:
    Type: AWS::Events::Archive
    Properties: { SourceArn: arn:aws:sqs:us-east-1:000000000000:q }
`),
      '/project/template.yaml:5:19: Resource A (AWS::Events::Archive): SourceArn must be an event bus\'s ARN, got "arn:aws:sqs:us-east-1:000000000000:q" (at /Resources/A/Properties/SourceArn)',
    );
  });
});
