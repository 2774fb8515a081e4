import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fn, locatorOf, resourcesOf, samDocument, TEMPLATE_DIR, withEvent } from './fixtures/sam-documents.js';
import { SamTemplateError } from './sam-template-error.js';
import { transformSam } from './transform.js';
import type { TemplateObject, TemplateResource } from './types.js';

const FN_ARN = { 'Fn::GetAtt': ['Fn', 'Arn'] };

/** Each event type → the resources SAM names `F` + `E` (SEMANTICS.md H.1), exactly. */
const cases: [string, string, TemplateObject, Record<string, TemplateResource>][] = [
  ['DynamoDB copies the ESM fields and strips DestinationConfig.OnFailure.Type', 'DynamoDB', {
    Stream: { 'Fn::GetAtt': ['T', 'StreamArn'] }, StartingPosition: 'TRIM_HORIZON', BatchSize: 5, MaximumBatchingWindowInSeconds: 1,
    MaximumRetryAttempts: 2, BisectBatchOnFunctionError: true, MaximumRecordAgeInSeconds: 60, ParallelizationFactor: 2,
    TumblingWindowInSeconds: 30, FunctionResponseTypes: ['ReportBatchItemFailures'], Enabled: false,
    FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] },
    DestinationConfig: { OnFailure: { Type: 'SQS', Destination: { 'Fn::GetAtt': ['Q', 'Arn'] } } },
  }, { FnEv: { Type: 'AWS::Lambda::EventSourceMapping', Properties: {
    FunctionName: { Ref: 'Fn' }, EventSourceArn: { 'Fn::GetAtt': ['T', 'StreamArn'] }, BatchSize: 5, StartingPosition: 'TRIM_HORIZON',
    Enabled: false, MaximumBatchingWindowInSeconds: 1, MaximumRetryAttempts: 2, BisectBatchOnFunctionError: true,
    MaximumRecordAgeInSeconds: 60, ParallelizationFactor: 2, TumblingWindowInSeconds: 30,
    FunctionResponseTypes: ['ReportBatchItemFailures'], FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] },
    DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Q', 'Arn'] } } },
  } } }],
  ['SQS sets no defaults', 'SQS', { Queue: { 'Fn::GetAtt': ['Q', 'Arn'] } }, { FnEv: { Type: 'AWS::Lambda::EventSourceMapping', Properties: {
    FunctionName: { Ref: 'Fn' }, EventSourceArn: { 'Fn::GetAtt': ['Q', 'Arn'] },
  } } }],
  ['SNS → a lambda subscription', 'SNS', { Topic: { Ref: 'Topic' }, FilterPolicy: { a: ['b'] }, FilterPolicyScope: 'MessageBody' }, {
    FnEv: { Type: 'AWS::SNS::Subscription', Properties: {
      Protocol: 'lambda', Endpoint: FN_ARN, TopicArn: { Ref: 'Topic' }, FilterPolicy: { a: ['b'] }, FilterPolicyScope: 'MessageBody',
    } } }],
  ['SNS with SqsSubscription: true → queue, sqs subscription, ESM (BatchSize 10, Enabled true)', 'SNS', { Topic: 'arn:t', SqsSubscription: true }, {
    FnEvQueue: { Type: 'AWS::SQS::Queue', Properties: {} },
    FnEv: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': ['FnEvQueue', 'Arn'] }, TopicArn: 'arn:t' } },
    FnEvEventSourceMapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: {
      FunctionName: { Ref: 'Fn' }, EventSourceArn: { 'Fn::GetAtt': ['FnEvQueue', 'Arn'] }, BatchSize: 10, Enabled: true,
    } },
  }],
  ['SNS with the SqsSubscription map uses the given queue', 'SNS', { Topic: 'arn:t', SqsSubscription: { QueueArn: 'arn:q', QueueUrl: 'u', BatchSize: 3, Enabled: false } }, {
    FnEv: { Type: 'AWS::SNS::Subscription', Properties: { Protocol: 'sqs', Endpoint: 'arn:q', TopicArn: 'arn:t' } },
    FnEvEventSourceMapping: { Type: 'AWS::Lambda::EventSourceMapping', Properties: {
      FunctionName: { Ref: 'Fn' }, EventSourceArn: 'arn:q', BatchSize: 3, Enabled: false,
    } },
  }],
  ['EventBridgeRule → rule with one target (InputPath, RetryPolicy, Enabled → State)', 'EventBridgeRule', {
    Pattern: { source: ['orders'], detail: { pk: [{ prefix: 'OID#' }] } }, EventBusName: { Ref: 'Bus' }, RuleName: 'r1',
    InputPath: '$.detail', RetryPolicy: { MaximumRetryAttempts: 3 }, Enabled: false, DeadLetterConfig: { Arn: 'arn:dlq' },
  }, { FnEv: { Type: 'AWS::Events::Rule', Properties: {
    EventPattern: { source: ['orders'], detail: { pk: [{ prefix: 'OID#' }] } }, EventBusName: { Ref: 'Bus' }, Name: 'r1', State: 'DISABLED',
    Targets: [{ Arn: FN_ARN, Id: 'FnEvLambdaTarget', InputPath: '$.detail', RetryPolicy: { MaximumRetryAttempts: 3 }, DeadLetterConfig: { Arn: 'arn:dlq' } }],
  } } }],
  ['CloudWatchEvent ≡ EventBridgeRule; InputTransformer, Target.Id, DLQ Type SQS makes FEQueue', 'CloudWatchEvent', {
    Pattern: { source: ['a'] }, State: 'ENABLED', Target: { Id: 'mine' },
    InputTransformer: { InputPathsMap: { id: '$.id' }, InputTemplate: '{"id": <id>}' }, DeadLetterConfig: { Type: 'SQS' },
  }, {
    FnEvQueue: { Type: 'AWS::SQS::Queue', Properties: {} },
    FnEv: { Type: 'AWS::Events::Rule', Properties: {
      EventPattern: { source: ['a'] }, State: 'ENABLED',
      Targets: [{ Arn: FN_ARN, Id: 'mine', InputTransformer: { InputPathsMap: { id: '$.id' }, InputTemplate: '{"id": <id>}' },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['FnEvQueue', 'Arn'] } } }],
    } },
  }],
  ['Schedule → rule with ScheduleExpression, Input, a named DLQ queue', 'Schedule', {
    Schedule: 'rate(5 minutes)', Name: 's', Description: 'd', Enabled: true, Input: '{"a":1}', DeadLetterConfig: { Type: 'SQS', QueueLogicalId: 'MyDlq' },
  }, {
    MyDlq: { Type: 'AWS::SQS::Queue', Properties: {} },
    FnEv: { Type: 'AWS::Events::Rule', Properties: {
      ScheduleExpression: 'rate(5 minutes)', Name: 's', Description: 'd', State: 'ENABLED',
      Targets: [{ Arn: FN_ARN, Id: 'FnEvLambdaTarget', Input: '{"a":1}', DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['MyDlq', 'Arn'] } } }],
    } },
  }],
  ['ScheduleV2 → AWS::Scheduler::Schedule named after the id, FlexibleTimeWindow OFF', 'ScheduleV2', {
    ScheduleExpression: 'cron(0 12 * * ? *)', ScheduleExpressionTimezone: 'Europe/Paris', Input: '{}', RetryPolicy: { MaximumRetryAttempts: 1 },
  }, { FnEv: { Type: 'AWS::Scheduler::Schedule', Properties: {
    ScheduleExpression: 'cron(0 12 * * ? *)', ScheduleExpressionTimezone: 'Europe/Paris', Name: 'FnEv', FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: FN_ARN, RoleArn: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/FnEvRole' }, Input: '{}', RetryPolicy: { MaximumRetryAttempts: 1 } },
  } } }],
  ['ScheduleV2 with a DeadLetterConfig of Type SQS makes FEQueue', 'ScheduleV2', { ScheduleExpression: 'rate(1 hour)', Name: 'n', DeadLetterConfig: { Type: 'SQS' } }, {
    FnEvQueue: { Type: 'AWS::SQS::Queue', Properties: {} },
    FnEv: { Type: 'AWS::Scheduler::Schedule', Properties: {
      ScheduleExpression: 'rate(1 hour)', Name: 'n', FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: FN_ARN, RoleArn: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/FnEvRole' }, DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['FnEvQueue', 'Arn'] } } },
    } },
  }],
  ['Kinesis is a pull event like DynamoDB', 'Kinesis', { Stream: 'arn:k', StartingPosition: 'LATEST' }, {
    FnEv: { Type: 'AWS::Lambda::EventSourceMapping', Properties: { FunctionName: { Ref: 'Fn' }, EventSourceArn: 'arn:k', StartingPosition: 'LATEST' } },
  }],
  ['ScheduleV2 with OmitName and RoleArn', 'ScheduleV2', { ScheduleExpression: 'rate(1 hour)', OmitName: true, RoleArn: 'arn:role' }, {
    FnEv: { Type: 'AWS::Scheduler::Schedule', Properties: {
      ScheduleExpression: 'rate(1 hour)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: FN_ARN, RoleArn: 'arn:role' },
    } } }],
];

describe('events → resources with SAM ids', () => {
  for (const [name, type, properties, expected] of cases) {
    it(name, () => {
      const { Fn: _fn, ...generated } = resourcesOf(withEvent(type, properties));
      assert.deepEqual(generated, expected);
    });
  }

  it('generated resources inherit the function Condition and point at the event in origins', () => {
    const document = samDocument({ Fn: fn({ Events: { Ev: { Type: 'SQS', Properties: { Queue: 'arn:q' } } } }, { Condition: 'On' }) });
    const locate = locatorOf(['/Resources/Fn', '/Resources/Fn/Properties/Events/Ev']);
    const result = transformSam(document, { templateDir: TEMPLATE_DIR, locate });
    assert.equal(result.document.Resources!.FnEv!.Condition, 'On');
    assert.deepEqual(result.origins.get('FnEv'), { path: ['Resources', 'Fn', 'Properties', 'Events', 'Ev'], location: { file: 'template.yaml', line: 2, column: 3 } });
    assert.deepEqual(result.origins.get('Fn')?.location?.line, 1);
  });

  it('a FIFO topic of the template gets a FIFO queue', () => {
    const document = samDocument({
      Topic: { Type: 'AWS::SNS::Topic', Properties: { FifoTopic: true } },
      Fn: fn({ Events: { Ev: { Type: 'SNS', Properties: { Topic: { Ref: 'Topic' }, SqsSubscription: true } } } }),
    });
    assert.deepEqual(resourcesOf(document).FnEvQueue!.Properties, { FifoQueue: true });
  });

  it('an event type Eddy has nothing for is reported, not fatal', () => {
    const result = transformSam(withEvent('S3', { Bucket: { Ref: 'B' }, Events: 's3:ObjectCreated:*' }), { templateDir: TEMPLATE_DIR });
    assert.deepEqual(result.notEmulated.map((n) => [n.logicalId, n.type]), [['FnEv', 'AWS::Serverless::Function event S3']]);
  });
});

describe('event errors, with their locations', () => {
  const errors: [string, string, TemplateObject, string, string][] = [
    ['DynamoDB without StartingPosition', 'DynamoDB', { Stream: 'arn:s' },
      'Resource with id [Fn] is invalid. Event with id [Ev] is invalid. StartingPosition is required for Kinesis, DynamoDB and MSK.', '/Resources/Fn/Properties/Events/Ev'],
    ['DynamoDB without Stream', 'DynamoDB', { StartingPosition: 'LATEST' },
      'Resource with id [Fn] is invalid. Event with id [Ev] is invalid. No Queue (for SQS) or Stream (for Kinesis, DynamoDB or MSK) or Broker (for Amazon MQ) provided.',
      '/Resources/Fn/Properties/Events/Ev'],
    ['SQS without Queue', 'SQS', {},
      'Resource with id [Fn] is invalid. Event with id [Ev] is invalid. No Queue (for SQS) or Stream (for Kinesis, DynamoDB or MSK) or Broker (for Amazon MQ) provided.',
      '/Resources/Fn/Properties/Events/Ev'],
    ['FilterCriteria with another key', 'SQS', { Queue: 'arn:q', FilterCriteria: { Patterns: [] } },
      'Resource with id [Fn] is invalid. Event with id [Ev] is invalid. FilterCriteria field has a wrong format', '/Resources/Fn/Properties/Events/Ev/Properties/FilterCriteria'],
    ['State and Enabled', 'EventBridgeRule', { Pattern: {}, State: 'ENABLED', Enabled: true },
      'Resource with id [Fn] is invalid. Event with id [Ev] is invalid. State and Enabled Properties cannot both be specified.', '/Resources/Fn/Properties/Events/Ev'],
    ['DeadLetterConfig with Arn and Type', 'EventBridgeRule', { Pattern: {}, DeadLetterConfig: { Arn: 'a', Type: 'SQS' } },
      "Resource with id [Fn] is invalid. Event with id [Ev] is invalid. You can either define 'Arn' or 'Type' property of DeadLetterConfig.", '/Resources/Fn/Properties/Events/Ev/Properties/DeadLetterConfig'],
    ['DeadLetterConfig with neither', 'Schedule', { Schedule: 'rate(1 day)', DeadLetterConfig: {} },
      "Resource with id [Fn] is invalid. Event with id [Ev] is invalid. No 'Arn' or 'Type' property provided for DeadLetterConfig.", '/Resources/Fn/Properties/Events/Ev/Properties/DeadLetterConfig'],
    ['Api without Path', 'Api', { Method: 'get' },
      "Resource with id [Fn] is invalid. Event with id [Ev] is invalid. Missing required property 'Path'.", '/Resources/Fn/Properties/Events/Ev/Properties'],
  ];
  for (const [name, type, properties, detail, pointer] of errors) {
    it(name, () => {
      const locate = locatorOf(['/Resources/Fn', '/Resources/Fn/Properties/Events/Ev']);
      assert.throws(() => transformSam(withEvent(type, properties), { templateDir: TEMPLATE_DIR, locate }), (error) => {
        assert.ok(error instanceof SamTemplateError);
        assert.equal(error.detail, detail);
        assert.equal(error.path, pointer);
        assert.deepEqual(error.location, { file: 'template.yaml', line: 2, column: 3 });
        assert.equal(error.message, `template.yaml:2:3: ${detail} (at ${pointer})`);
        return true;
      });
    });
  }
});
