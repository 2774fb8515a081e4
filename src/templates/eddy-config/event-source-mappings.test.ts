import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapTemplate, mappingError } from './fixtures/map-template.js';

let dir: string;
const read = (text: string) => mapTemplate(text, dir);
const failure = (text: string) => mappingError(text, dir);

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'eddy-template-mappings-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.py'), 'def handler(event, context):\n    return None\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const TABLE = `
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_IMAGE }
  Jobs:
    Type: AWS::SQS::Queue
  Failures:
    Type: AWS::SQS::Queue
  Alerts:
    Type: AWS::SNS::Topic`;

/** A plain CloudFormation function `Fn` beside TABLE's resources, and `mapping`'s properties on an event source mapping `M`. */
const plain = (mapping: string) => `Resources:${TABLE}
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: app.handler, Runtime: python3.12 }
  M:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
${mapping}`;

describe('AWS::Lambda::EventSourceMapping → function events', () => {
  it("a SAM function's DynamoDB and SQS events, through AutoPublishAlias (the alias names the function)", async () => {
    const { config } = await read(`Transform: AWS::Serverless-2016-10-31
Resources:${TABLE}
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src
      Handler: app.handler
      Runtime: python3.12
      AutoPublishAlias: live
      Events:
        Changes:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Orders.StreamArn
            StartingPosition: LATEST
            BatchSize: 25
            MaximumRetryAttempts: 2
            BisectBatchOnFunctionError: true
            FunctionResponseTypes: [ReportBatchItemFailures]
            DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt Failures.Arn } }
            FilterCriteria:
              Filters:
                - Pattern: '{"eventName": ["INSERT"]}'
        Work:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            BatchSize: 5
            ScalingConfig: { MaximumConcurrency: 4 }
            Enabled: false
`);
    assert.deepEqual(config.functions!['Worker']!.events, [
      {
        stream: {
          table: 'Orders',
          startingPosition: 'LATEST',
          batchSize: 25,
          maximumRetryAttempts: 2,
          bisectBatchOnFunctionError: true,
          onFailure: { queue: 'Failures' },
          filterPatterns: [{ eventName: ['INSERT'] }],
          functionResponseTypes: ['ReportBatchItemFailures'],
        },
      },
      { queue: { name: 'Jobs', batchSize: 5, maximumConcurrency: 4, enabled: false } },
    ]);
  });

  it('plain CloudFormation: every stream setting, a topic on failure, FunctionName as an ARN, numbers as text', async () => {
    const { config } = await read(
      plain(`      FunctionName: !GetAtt Fn.Arn
      EventSourceArn: !GetAtt Orders.StreamArn
      StartingPosition: TRIM_HORIZON
      BatchSize: '100'
      MaximumBatchingWindowInSeconds: 5
      MaximumRecordAgeInSeconds: 3600
      ParallelizationFactor: 2
      TumblingWindowInSeconds: 60
      Enabled: 'true'
      DestinationConfig: { OnFailure: { Destination: !Ref Alerts } }
      FilterCriteria: { Filters: [{ Pattern: { dynamodb: { NewImage: { status: { S: [open] } } } } }] }
      MetricsConfig: { Metrics: [EventCount] }
`),
    );
    assert.deepEqual(config.functions!['Fn']!.events, [
      {
        stream: {
          table: 'Orders',
          startingPosition: 'TRIM_HORIZON',
          batchSize: 100,
          maximumBatchingWindow: 5,
          maximumRecordAge: 3600,
          parallelizationFactor: 2,
          tumblingWindow: 60,
          onFailure: { topic: 'Alerts' },
          filterPatterns: [{ dynamodb: { NewImage: { status: { S: ['open'] } } } }],
          enabled: true,
        },
      },
    ]);
  });

  it('a mapping declared before its function, naming it by a qualified name, reaches it', async () => {
    const { config } = await read(`Resources:
  M:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { FunctionName: 'Fn:live', EventSourceArn: !GetAtt Jobs.Arn }${TABLE}
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: app.handler, Runtime: python3.12 }
`);
    assert.deepEqual(config.functions!['Fn']!.events, [{ queue: { name: 'Jobs' } }]);
  });

  it('a source Eddy does not emulate (Kinesis, a placeholder, S3 on failure) is skipped with a notice; the rest runs', async () => {
    const { config, notices } = await read(`Resources:${TABLE}
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: app.handler, Runtime: python3.12 }
  Stream:
    Type: AWS::Kinesis::Stream
    Properties: { ShardCount: 1 }
  FromKinesis:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Stream.Arn, StartingPosition: LATEST }
  FromKafka:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { FunctionName: !Ref Fn, EventSourceArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/c/1', Topics: [t], StartingPosition: LATEST }
  FromOrders:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Orders.StreamArn
      StartingPosition: LATEST
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::failed-batches' } }
`);
    assert.deepEqual(notices, [
      'Event source mapping FromKinesis is skipped: its source (AWS::Kinesis::Stream) is not emulated',
      'Event source mapping FromKafka is skipped: Amazon MSK (Kafka) is not emulated',
      'Event source mapping FromOrders: S3 on-failure destinations are not emulated; discarded batches are dropped',
    ]);
    assert.deepEqual(config.functions!['Fn']!.events, [{ stream: { table: 'Orders', startingPosition: 'LATEST' } }]);
  });
});

describe('AWS::Lambda::EventSourceMapping: errors at the line', () => {
  const at = (line: number, detail: string, path: string) => `${dir}/template.yaml:${line}:7: Resource M (AWS::Lambda::EventSourceMapping): ${detail} (at /Resources/M/Properties/${path})`;

  it('a function not of this template', async () => {
    assert.equal(
      await failure(plain("      FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:elsewhere'\n      EventSourceArn: !GetAtt Jobs.Arn\n")),
      at(20, 'arn:aws:lambda:us-east-1:000000000000:function:elsewhere is not a function of this template', 'FunctionName'),
    );
  });

  it("a stream mapping without StartingPosition, or AT_TIMESTAMP; a table's ARN; a table without a stream", async () => {
    assert.equal(
      await failure(plain('      FunctionName: !Ref Fn\n      EventSourceArn: !GetAtt Orders.StreamArn\n')),
      `${dir}/template.yaml:19:5: Resource M (AWS::Lambda::EventSourceMapping): StartingPosition is required for DynamoDB stream event sources (TRIM_HORIZON or LATEST) (at /Resources/M/Properties/StartingPosition)`,
    );
    assert.equal(
      await failure(plain('      FunctionName: !Ref Fn\n      EventSourceArn: !GetAtt Orders.StreamArn\n      StartingPosition: AT_TIMESTAMP\n')),
      at(22, 'Unsupported starting position for DynamoDB streams: AT_TIMESTAMP', 'StartingPosition'),
    );
    assert.equal(
      await failure(plain('      FunctionName: !Ref Fn\n      EventSourceArn: !GetAtt Orders.Arn\n      StartingPosition: LATEST\n')),
      at(21, "EventSourceArn must be a table's stream ARN (!GetAtt Table.StreamArn), got arn:aws:dynamodb:us-east-1:000000000000:table/Orders", 'EventSourceArn'),
    );
    assert.equal(
      await failure(plain('      FunctionName: !Ref Fn\n      EventSourceArn: arn:aws:dynamodb:us-east-1:000000000000:table/Jobs2/stream/2024\n      StartingPosition: LATEST\n').replace('  Jobs:\n', '  Jobs2:\n    Type: AWS::DynamoDB::Table\n    Properties: { AttributeDefinitions: [{ AttributeName: id, AttributeType: S }], KeySchema: [{ AttributeName: id, KeyType: HASH }] }\n  Jobs:\n')),
      at(24, 'table Jobs2 has no stream (its StreamSpecification sets none)', 'EventSourceArn'),
    );
  });

  it("an SQS mapping with a stream's settings gets Lambda's answers; a filter pattern that is not JSON", async () => {
    assert.equal(
      await failure(plain('      FunctionName: !Ref Fn\n      EventSourceArn: !GetAtt Jobs.Arn\n      StartingPosition: LATEST\n')),
      at(22, 'StartingPosition is not valid for SQS event sources.', 'StartingPosition'),
    );
    assert.equal(
      await failure(plain('      FunctionName: !Ref Fn\n      EventSourceArn: !GetAtt Jobs.Arn\n      MaximumRetryAttempts: 3\n')),
      at(22, 'Unsupported MaximumRetryAttempts parameter for given event source mapping type.', 'MaximumRetryAttempts'),
    );
    assert.equal(
      await failure(plain('      FunctionName: !Ref Fn\n      EventSourceArn: !GetAtt Jobs.Arn\n      DestinationConfig: { OnFailure: { Destination: !GetAtt Failures.Arn } }\n')),
      at(22, "Unsupported DestinationConfig parameter for given event source mapping type. (An SQS queue's failed messages go to its RedrivePolicy's dead-letter queue.)", 'DestinationConfig'),
    );
    assert.equal(
      await failure(plain("      FunctionName: !Ref Fn\n      EventSourceArn: !GetAtt Jobs.Arn\n      FilterCriteria: { Filters: [{ Pattern: '{body: 1}' }] }\n")),
      `${dir}/template.yaml:22:37: Resource M (AWS::Lambda::EventSourceMapping): Pattern must be a JSON object: ${jsonError('{body: 1}')} (at /Resources/M/Properties/FilterCriteria/Filters/0/Pattern)`,
    );
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}
