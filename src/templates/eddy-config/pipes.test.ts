import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapTemplate, mappingError } from './fixtures/map-template.js';

const TABLE = `
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }]
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }`;

describe('template pipes', () => {
  it('map a stream source with its parameters, filters, an enrichment and a bus target', async () => {
    const { config, notices } = await mapTemplate(`
Resources:${TABLE}
  Failed:
    Type: AWS::SQS::Queue
  Changes:
    Type: AWS::Pipes::Pipe
    Properties:
      Name: changes
      Description: Order changes to the bus
      RoleArn: arn:aws:iam::000000000000:role/pipes
      Source: !GetAtt Orders.StreamArn
      SourceParameters:
        DynamoDBStreamParameters:
          StartingPosition: LATEST
          BatchSize: 10
          MaximumBatchingWindowInSeconds: 5
          ParallelizationFactor: 2
          MaximumRetryAttempts: 3
          MaximumRecordAgeInSeconds: 3600
          OnPartialBatchItemFailure: AUTOMATIC_BISECT
          DeadLetterConfig: { Arn: !GetAtt Failed.Arn }
        FilterCriteria:
          Filters:
            - Pattern: '{"eventName": ["INSERT"]}'
            - Pattern: '{"dynamodb": {"NewImage": {"pk": {"S": [{"prefix": "OID#"}]}}}}'
      Enrichment: arn:aws:lambda:us-east-1:000000000000:function:lookup
      EnrichmentParameters: { InputTemplate: '{"id": <$.dynamodb.Keys.pk.S>}' }
      Target: arn:aws:events:us-east-1:000000000000:event-bus/app
      TargetParameters:
        EventBridgeEventBusParameters: { Source: shop.orders, DetailType: $.eventName, Resources: [orders], Time: $.time }
      DesiredState: STOPPED
      Tags: { team: shop, version: 2 }
`);
    assert.deepEqual(config.pipes, {
      changes: {
        source: {
          stream: 'orders',
          startingPosition: 'LATEST',
          batchSize: 10,
          maximumBatchingWindow: 5,
          parallelizationFactor: 2,
          maximumRetryAttempts: 3,
          maximumRecordAge: 3600,
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          deadLetter: { queue: 'Failed' },
        },
        target: { bus: 'app', source: 'shop.orders', detailType: '$.eventName', resources: ['orders'], time: '$.time' },
        filter: [{ eventName: ['INSERT'] }, { dynamodb: { NewImage: { pk: { S: [{ prefix: 'OID#' }] } } } }],
        enrichment: { function: 'lookup', inputTemplate: '{"id": <$.dynamodb.Keys.pk.S>}' },
        description: 'Order changes to the bus',
        enabled: false,
        tags: { team: 'shop', version: '2' },
      },
    });
    assert.deepEqual(notices, []);
  });

  it('map queue sources and queue, topic, function and API destination targets', async () => {
    const { config } = await mapTemplate(`
Resources:
  Jobs:
    Type: AWS::SQS::Queue
  Out:
    Type: AWS::SQS::Queue
    Properties: { QueueName: out.fifo, FifoQueue: true }
  Alerts:
    Type: AWS::SNS::Topic
  Partner:
    Type: AWS::Events::Connection
    Properties: { AuthorizationType: BASIC, AuthParameters: { BasicAuthParameters: { Username: u, Password: p } } }
  Crm:
    Type: AWS::Events::ApiDestination
    Properties: { ConnectionArn: !GetAtt Partner.Arn, InvocationEndpoint: 'https://crm.example/*', HttpMethod: POST }
  ToQueue:
    Type: AWS::Pipes::Pipe
    Properties:
      Source: !GetAtt Jobs.Arn
      SourceParameters: { SqsQueueParameters: { BatchSize: 5, MaximumBatchingWindowInSeconds: 2 } }
      Target: !GetAtt Out.Arn
      TargetParameters: { InputTemplate: <$.body>, SqsQueueParameters: { MessageGroupId: $.body.customer, MessageDeduplicationId: $.messageId } }
  ToTopic:
    Type: AWS::Pipes::Pipe
    Properties: { Source: !GetAtt Jobs.Arn, Target: !Ref Alerts }
  ToFunction:
    Type: AWS::Pipes::Pipe
    Properties:
      Source: !GetAtt Jobs.Arn
      Target: arn:aws:lambda:us-east-1:000000000000:function:notify:live
      TargetParameters: { LambdaFunctionParameters: { InvocationType: FIRE_AND_FORGET } }
  ToCrm:
    Type: AWS::Pipes::Pipe
    Properties:
      Source: !GetAtt Jobs.Arn
      SourceParameters: { SqsQueueParameters: { BatchSize: 1 } }
      Target: !GetAtt Crm.Arn
      TargetParameters: { HttpParameters: { PathParameterValues: [orders], HeaderParameters: { x-source: eddy } } }
  ToMade:
    Type: AWS::Pipes::Pipe
    Properties:
      Source: !GetAtt Jobs.Arn
      Target: arn:aws:events:us-east-1:000000000000:api-destination/made-elsewhere/0b4c2a52-1b0e-4a57-9d3f-1f2e3d4c5b6a
`);
    assert.deepEqual(config.pipes, {
      ToQueue: { source: { queue: 'Jobs', batchSize: 5, maximumBatchingWindow: 2 }, target: { queue: 'out.fifo', messageGroupId: '$.body.customer', messageDeduplicationId: '$.messageId', inputTemplate: '<$.body>' } },
      ToTopic: { source: { queue: 'Jobs' }, target: { topic: 'Alerts' } },
      ToFunction: { source: { queue: 'Jobs' }, target: { function: 'notify', invocationType: 'FIRE_AND_FORGET' } },
      ToCrm: {
        source: { queue: 'Jobs', batchSize: 1 },
        target: { http: { url: 'https://crm.example/*', method: 'POST', connection: 'Partner' }, httpParameters: { pathParameterValues: ['orders'], headerParameters: { 'x-source': 'eddy' } } },
      },
      ToMade: { source: { queue: 'Jobs' }, target: { apiDestination: 'made-elsewhere' } },
    });
    assert.deepEqual(config.connections, { Partner: { basic: { username: 'u', password: 'p' } } });
  });

  it('leave out a pipe whose source, enrichment or target Eddy does not run, with a notice', async () => {
    const { config, notices } = await mapTemplate(`
Resources:
  Jobs:
    Type: AWS::SQS::Queue
  Flow:
    Type: AWS::StepFunctions::StateMachine
  FromKinesis:
    Type: AWS::Pipes::Pipe
    Properties: { Source: arn:aws:kinesis:us-east-1:000000000000:stream/clicks, Target: !GetAtt Jobs.Arn }
  ToFlow:
    Type: AWS::Pipes::Pipe
    Properties: { Source: !GetAtt Jobs.Arn, Target: !GetAtt Flow.Arn }
  ThroughFlow:
    Type: AWS::Pipes::Pipe
    Properties: { Source: !GetAtt Jobs.Arn, Enrichment: !GetAtt Flow.Arn, Target: !GetAtt Jobs.Arn }
`);
    assert.equal(config.pipes, undefined);
    assert.deepEqual(notices, [
      'Pipe FromKinesis left out: its source, the Kinesis target arn:aws:kinesis:us-east-1:000000000000:stream/clicks, is not a source Eddy reads',
      'Pipe ToFlow left out: its target, Flow (AWS::StepFunctions::StateMachine, not emulated), is not a target Eddy delivers to',
      'Pipe ThroughFlow left out: its enrichment, Flow (AWS::StepFunctions::StateMachine, not emulated), is not an enrichment Eddy calls',
    ]);
  });

  it('refuse what the template gets wrong, at its line', async () => {
    const pipe = (properties: string) => `
Resources:${TABLE}
  P:
    Type: AWS::Pipes::Pipe
    Properties:
${properties}
`;
    assert.equal(
      await mappingError(pipe(`      Source: !GetAtt Orders.Arn\n      Target: arn:aws:sqs:us-east-1:000000000000:q`)),
      `/project/template.yaml:13:7: Resource P (AWS::Pipes::Pipe): Source must be a DynamoDB stream's or SQS queue's ARN, got "arn:aws:dynamodb:us-east-1:000000000000:table/orders" (at /Resources/P/Properties/Source)`,
    );
    assert.equal(
      await mappingError(pipe(`      Source: !GetAtt Orders.StreamArn\n      Target: arn:aws:sqs:us-east-1:000000000000:q\n      SourceParameters: { FilterCriteria: { Filters: [{ Pattern: 'eventName = INSERT' }] } }`)),
      `/project/template.yaml:15:57: Resource P (AWS::Pipes::Pipe): Pattern must be a JSON object or its text, got "eventName = INSERT" (at /Resources/P/Properties/SourceParameters/FilterCriteria/Filters/0/Pattern)`,
    );
    assert.equal(
      await mappingError(pipe(`      Source: !GetAtt Orders.StreamArn\n      Target: arn:aws:sqs:us-east-1:000000000000:q\n      SourceParameters: { DynamoDBStreamParameters: { StartingPosition: AT_TIMESTAMP } }`)),
      `/project/template.yaml:15:55: Resource P (AWS::Pipes::Pipe): StartingPosition must be one of TRIM_HORIZON, LATEST, got "AT_TIMESTAMP" (at /Resources/P/Properties/SourceParameters/DynamoDBStreamParameters/StartingPosition)`,
    );
  });
});
