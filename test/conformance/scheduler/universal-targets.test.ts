import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateScheduleCommand, GetScheduleCommand, ValidationException, type SchedulerClient, type Target } from '@aws-sdk/client-scheduler';
import { CreateTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { drainMessages, newQueue } from '../events/delivery-fixtures.js';
import { ROLE, schedulerClient, uniqueName } from './scheduler-fixtures.js';

const universal = (action: string) => `arn:aws:scheduler:::aws-sdk:${action}`;

describe('Scheduler universal targets and targets of services Eddy does not serve', () => {
  let eddy: TestEddy;
  let scheduler: SchedulerClient;
  const clock = new ManualClock(Date.UTC(2026, 5, 1, 9, 0));
  before(async () => {
    eddy = await startTestEddy({ clock });
    scheduler = schedulerClient(eddy);
  });
  after(() => eddy.stop());

  const schedule = (Target: Target) =>
    scheduler.send(new CreateScheduleCommand({ Name: uniqueName('u'), ScheduleExpression: 'at(2026-06-01T09:00:00)', FlexibleTimeWindow: { Mode: 'OFF' }, Target }));
  const fire = () => eddy.admin('/_eddy/scheduler/fire');

  it('sqs:sendMessage and dynamodb:putItem run Eddy\'s own operations with the Input as the request, placeholders filled in', async () => {
    const queue = await newQueue(eddy, 'universal');
    const TableName = uniqueName('universal');
    await eddy.ddb.send(
      new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }),
    );
    await schedule({ Arn: universal('sqs:sendMessage'), RoleArn: ROLE, Input: JSON.stringify({ QueueUrl: queue.url, MessageBody: 'due <aws.scheduler.scheduled-time>' }) });
    await schedule({ Arn: universal('dynamodb:putItem'), RoleArn: ROLE, Input: JSON.stringify({ TableName, Item: { id: { S: 'a' }, try: { N: '<aws.scheduler.attempt-number>' } } }) });
    await fire();
    assert.deepEqual((await drainMessages(eddy, queue)).map((m) => m.Body), ['due 2026-06-01T09:00:00Z']);
    const { Item } = await eddy.ddb.send(new GetItemCommand({ TableName, Key: { id: { S: 'a' } } }));
    assert.deepEqual(Item, { id: { S: 'a' }, try: { N: '1' } });
  });

  it('scheduler:createSchedule writes a schedule through Scheduler\'s own operation (Name in the input, as the SDK takes it)', async () => {
    clock.set(Date.UTC(2026, 5, 1, 9, 0));
    const Name = uniqueName('made-by-schedule');
    const request = { Name, ScheduleExpression: 'rate(1 day)', State: 'DISABLED', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'arn:aws:sqs:us-east-1:000000000000:q', RoleArn: ROLE }, Description: '<aws.scheduler.scheduled-time>' };
    await schedule({ Arn: universal('scheduler:createSchedule'), RoleArn: ROLE, Input: JSON.stringify(request) });
    await fire();
    const made = await scheduler.send(new GetScheduleCommand({ Name }));
    assert.deepEqual([made.State, made.Description], ['DISABLED', '2026-06-01T09:00:00Z']);
  });

  it('refuses read-only actions and malformed universal ARNs at CreateSchedule', async () => {
    for (const Arn of [universal('sqs:receiveMessage'), universal('sqs:getQueueUrl'), universal('dynamodb:query'), universal('dynamodb:batchGetItem'), universal('sqs'), universal('SQS:SendMessage')]) {
      await assert.rejects(schedule({ Arn, RoleArn: ROLE, Input: '{}' }), (error: unknown) => error instanceof ValidationException && error.message.includes(Arn), Arn);
    }
  });

  it('the target API\'s error reaches the DLQ: a missing table, an unknown action, a Step Functions target', async () => {
    clock.set(Date.UTC(2026, 5, 2, 9, 0));
    const dlq = await newQueue(eddy, 'universal-dlq');
    const RetryPolicy = { MaximumRetryAttempts: 0 };
    const DeadLetterConfig = { Arn: dlq.arn };
    const targets: Target[] = [
      { Arn: universal('dynamodb:putItem'), RoleArn: ROLE, Input: '{"TableName":"no-such-table","Item":{"id":{"S":"a"}}}', RetryPolicy, DeadLetterConfig },
      { Arn: universal('sqs:frobnicate'), RoleArn: ROLE, Input: '{}', RetryPolicy, DeadLetterConfig },
      { Arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:orders', RoleArn: ROLE, Input: '{}', RetryPolicy, DeadLetterConfig },
    ];
    for (const target of targets) await schedule({ ...target });
    clock.set(Date.UTC(2026, 5, 3, 9, 0)); // the schedules' at() is in the past: each fires once, at once
    await fire();
    const seen = (await drainMessages(eddy, dlq)).map((m) => [m.MessageAttributes?.['TARGET_ARN']?.StringValue, m.MessageAttributes?.['ERROR_CODE']?.StringValue, m.MessageAttributes?.['EXHAUSTED_RETRY_CONDITION']?.StringValue]);
    assert.deepEqual(seen.sort(), [
      ['arn:aws:scheduler:::aws-sdk:dynamodb:putItem', 'ResourceNotFoundException', 'MaximumRetryAttempts'],
      ['arn:aws:scheduler:::aws-sdk:sqs:frobnicate', 'UnknownOperationException', undefined],
      ['arn:aws:states:us-east-1:000000000000:stateMachine:orders', 'StateMachineDoesNotExist', 'MaximumRetryAttempts'],
    ]);
  });
});
