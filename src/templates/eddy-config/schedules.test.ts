import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapTemplate, mappingError } from './fixtures/map-template.js';

describe('template schedules', () => {
  it('map each expression, target and setting of AWS::Scheduler::Schedule; a ScheduleGroup quietly', async () => {
    const { config, notices, notEmulated } = await mapTemplate(`
Resources:
  Batch:
    Type: AWS::Scheduler::ScheduleGroup
    Properties: { Name: batch }
  Jobs:
    Type: AWS::SQS::Queue
    Properties: { QueueName: jobs.fifo, FifoQueue: true, ContentBasedDeduplication: true }
  Dlq:
    Type: AWS::SQS::Queue
  Remind:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpression: at(2027-01-01T09:00:00)
      ScheduleExpressionTimezone: Europe/Berlin
      ActionAfterCompletion: DELETE
      FlexibleTimeWindow: { Mode: 'OFF' }
      Target:
        Arn: arn:aws:lambda:us-east-1:000000000000:function:remind
        RoleArn: arn:aws:iam::000000000000:role/scheduler
        Input: '{"who": "me"}'
  Nightly:
    Type: AWS::Scheduler::Schedule
    Properties:
      Name: nightly
      GroupName: !Ref Batch
      Description: The nightly batch
      ScheduleExpression: cron(0 3 * * ? *)
      FlexibleTimeWindow: { Mode: FLEXIBLE, MaximumWindowInMinutes: 15 }
      StartDate: '2027-01-01T00:00:00Z'
      EndDate: '2028-01-01T00:00:00Z'
      State: DISABLED
      Target:
        Arn: !GetAtt Jobs.Arn
        RoleArn: arn:aws:iam::000000000000:role/scheduler
        SqsParameters: { MessageGroupId: night }
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 }
        DeadLetterConfig: { Arn: !GetAtt Dlq.Arn }
  Poll:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpression: rate(5 minutes)
      FlexibleTimeWindow: { Mode: OFF }
      Target:
        Arn: arn:aws:events:us-east-1:000000000000:event-bus/app
        RoleArn: arn:aws:iam::000000000000:role/scheduler
        EventBridgeParameters: { Source: my-app.poller, DetailType: Poll }
`);
    assert.deepEqual(config.schedules, {
      Remind: { at: '2027-01-01T09:00:00', timezone: 'Europe/Berlin', target: { function: 'remind' }, input: '{"who": "me"}', deleteAfterCompletion: true },
      nightly: {
        cron: '0 3 * * ? *',
        target: { queue: 'jobs.fifo', messageGroupId: 'night' },
        group: 'batch',
        description: 'The nightly batch',
        enabled: false,
        start: '2027-01-01T00:00:00Z',
        end: '2028-01-01T00:00:00Z',
        flexibleWindow: 15,
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
        deadLetter: { queue: 'Dlq' },
      },
      Poll: { rate: '5 minutes', target: { bus: 'app', source: 'my-app.poller', detailType: 'Poll' } },
    });
    assert.deepEqual(notices, []);
    assert.deepEqual(notEmulated, []);
  });

  it("map SAM's ScheduleV2 event as a schedule invoking the function", async () => {
    const { config } = await mapTemplate(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Report:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: exports.handler = async () => {};
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Weekly:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: cron(0 8 ? * MON *)
            ScheduleExpressionTimezone: Europe/Paris
            Input: '{"period": "week"}'
            RetryPolicy: { MaximumRetryAttempts: 1 }
`);
    assert.deepEqual(config.schedules, {
      ReportWeekly: { cron: '0 8 ? * MON *', target: { function: 'Report' }, timezone: 'Europe/Paris', input: '{"period": "week"}', retryPolicy: { maximumRetryAttempts: 1 } },
    });
  });

  it('leave out a schedule whose target Eddy does not run (universal targets, Step Functions), with a notice', async () => {
    const { config, notices } = await mapTemplate(`
Resources:
  Cleanup:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpression: rate(1 day)
      FlexibleTimeWindow: { Mode: 'OFF' }
      Target: { Arn: 'arn:aws:scheduler:::aws-sdk:dynamodb:deleteTable', RoleArn: r, Input: '{}' }
`);
    assert.equal(config.schedules, undefined);
    assert.deepEqual(notices, ['Schedule Cleanup left out: the Scheduler universal target arn:aws:scheduler:::aws-sdk:dynamodb:deleteTable is not a target Eddy runs']);
  });

  it('refuse what the template gets wrong, and two schedules of one name in two groups, at their line', async () => {
    const schedule = (properties: string) => `
Resources:
  S:
    Type: AWS::Scheduler::Schedule
    Properties:
${properties}
`;
    assert.equal(
      await mappingError(schedule(`      ScheduleExpression: every day\n      FlexibleTimeWindow: { Mode: 'OFF' }\n      Target: { Arn: arn:aws:sqs:us-east-1:000000000000:q, RoleArn: r }`)),
      '/project/template.yaml:6:7: Resource S (AWS::Scheduler::Schedule): ScheduleExpression must be at(…), rate(…) or cron(…), got "every day" (at /Resources/S/Properties/ScheduleExpression)',
    );
    assert.equal(
      await mappingError(schedule(`      ScheduleExpression: rate(1 hour)\n      Target: { Arn: arn:aws:sqs:us-east-1:000000000000:q, RoleArn: r }`)),
      '/project/template.yaml:5:5: Resource S (AWS::Scheduler::Schedule): FlexibleTimeWindow is required ({Mode: OFF} or {Mode: FLEXIBLE, MaximumWindowInMinutes}) (at /Resources/S/Properties/FlexibleTimeWindow)',
    );
    assert.equal(
      await mappingError(schedule(`      ScheduleExpression: rate(1 hour)\n      FlexibleTimeWindow: { Mode: FLEXIBLE }\n      Target: { Arn: arn:aws:sqs:us-east-1:000000000000:q, RoleArn: r }`)),
      '/project/template.yaml:7:7: Resource S (AWS::Scheduler::Schedule): MaximumWindowInMinutes is required with Mode FLEXIBLE (at /Resources/S/Properties/FlexibleTimeWindow/MaximumWindowInMinutes)',
    );
    assert.equal(
      await mappingError(`
Resources:
  A:
    Type: AWS::Scheduler::Schedule
    Properties: { Name: tick, ScheduleExpression: rate(1 hour), FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: arn:aws:sqs:us-east-1:000000000000:q, RoleArn: r } }
  B:
    Type: AWS::Scheduler::Schedule
    Properties: { Name: tick, GroupName: other, ScheduleExpression: rate(2 hours), FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: arn:aws:sqs:us-east-1:000000000000:q, RoleArn: r } }
`),
      "/project/template.yaml:8:19: Resource B (AWS::Scheduler::Schedule): a schedule named tick is already mapped from A (group default); Eddy's config holds one schedule of a name, so give one of them another Name (at /Resources/B/Properties/Name)",
    );
  });
});
