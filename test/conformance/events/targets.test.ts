import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateEventBusCommand, ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand, type Target } from '@aws-sdk/client-eventbridge';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { rejectsWith, uniqueName } from './events-fixtures.js';

const PATTERN = JSON.stringify({ source: ['com.example.orders'] });
const queue = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;

describe('EventBridge targets: put, list, remove', () => {
  let eddy: TestEddy;
  let bus: string;
  before(async () => {
    eddy = await startTestEddy();
    bus = uniqueName('targets');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
  });
  after(() => eddy.stop());

  const newRule = async (EventBusName?: string) => {
    const Name = uniqueName('rule');
    await eddy.events.send(new PutRuleCommand({ Name, EventBusName, EventPattern: PATTERN }));
    return Name;
  };
  const targetsOf = async (Rule: string, EventBusName?: string) => (await eddy.events.send(new ListTargetsByRuleCommand({ Rule, EventBusName }))).Targets ?? [];

  it('stores targets as sent and lists them verbatim; a re-put Id replaces its target in place', async () => {
    const rule = await newRule(bus);
    const full: Target = {
      Id: 'audit',
      Arn: 'arn:aws:lambda:us-east-1:000000000000:function:audit',
      InputTransformer: { InputPathsMap: { order: '$.detail.orderId', nowhere: '$.detail.missing' }, InputTemplate: '{"order": <order>}' },
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
      DeadLetterConfig: { Arn: queue('bus-dlq') },
    };
    const fifo: Target = { Id: 'counts', Arn: queue('counts.fifo'), SqsParameters: { MessageGroupId: 'customers' }, InputPath: '$.detail' };
    const put = await eddy.events.send(new PutTargetsCommand({ Rule: rule, EventBusName: bus, Targets: [full, fifo] }));
    assert.equal(put.FailedEntryCount, 0);
    assert.deepEqual(put.FailedEntries, []);
    assert.deepEqual(await targetsOf(rule, bus), [full, fifo]);
    const replaced: Target = { Id: 'audit', Arn: queue('audit'), Input: '{"constant":true}' };
    await eddy.events.send(new PutTargetsCommand({ Rule: rule, EventBusName: bus, Targets: [replaced, { Id: 'third', Arn: queue('third') }] }));
    assert.deepEqual(await targetsOf(rule, bus), [replaced, fifo, { Id: 'third', Arn: queue('third') }]);
  });

  it('holds at most 5 targets a rule: more fails the whole request and changes nothing', async () => {
    const rule = await newRule();
    const targets = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ Id: `t${from + i}`, Arn: queue(`q${from + i}`) }));
    await eddy.events.send(new PutTargetsCommand({ Rule: rule, Targets: targets(0, 4) }));
    await rejectsWith(eddy.events.send(new PutTargetsCommand({ Rule: rule, Targets: targets(4, 2) })), 'LimitExceededException', 'The requested resource exceeds the maximum number allowed.');
    assert.equal((await targetsOf(rule)).length, 4);
    // Replacing existing Ids does not count twice.
    await eddy.events.send(new PutTargetsCommand({ Rule: rule, Targets: [...targets(0, 4), ...targets(4, 1)] }));
    assert.equal((await targetsOf(rule)).length, 5);
    const other = await newRule();
    await rejectsWith(eddy.events.send(new PutTargetsCommand({ Rule: other, Targets: targets(0, 7) })), 'LimitExceededException');
    assert.deepEqual(await targetsOf(other), []);
  });

  it('pages targets in their order with Limit and NextToken', async () => {
    const rule = await newRule();
    await eddy.events.send(new PutTargetsCommand({ Rule: rule, Targets: ['e', 'a', 'c', 'b', 'd'].map((id) => ({ Id: id, Arn: queue(id) })) }));
    const first = await eddy.events.send(new ListTargetsByRuleCommand({ Rule: rule, Limit: 3 }));
    assert.deepEqual(first.Targets?.map((t) => t.Id), ['e', 'a', 'c']);
    const second = await eddy.events.send(new ListTargetsByRuleCommand({ Rule: rule, Limit: 3, NextToken: first.NextToken }));
    assert.deepEqual(second.Targets?.map((t) => t.Id), ['b', 'd']);
    assert.equal(second.NextToken, undefined);
  });

  it('removes targets by Id; an Id the rule does not have is a failed entry and the rest are removed', async () => {
    const rule = await newRule(bus);
    await eddy.events.send(new PutTargetsCommand({ Rule: rule, EventBusName: bus, Targets: [{ Id: 'a', Arn: queue('a') }, { Id: 'b', Arn: queue('b') }] }));
    const removed = await eddy.events.send(new RemoveTargetsCommand({ Rule: rule, EventBusName: bus, Ids: ['a', 'ghost'] }));
    assert.equal(removed.FailedEntryCount, 1);
    assert.deepEqual(removed.FailedEntries, [{ TargetId: 'ghost', ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Rule '${rule}' does not have a target with the Id 'ghost'.` }]);
    assert.deepEqual((await targetsOf(rule, bus)).map((t) => t.Id), ['b']);
    const clean = await eddy.events.send(new RemoveTargetsCommand({ Rule: rule, EventBusName: bus, Ids: ['b'] }));
    assert.deepEqual({ count: clean.FailedEntryCount, entries: clean.FailedEntries }, { count: 0, entries: [] });
    assert.deepEqual(await targetsOf(rule, bus), []);
  });

  it('refuses targets AWS refuses, for the whole request', async () => {
    const rule = await newRule();
    await rejectsWith(
      eddy.events.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: '!@#$@!#$', Arn: queue('q') }] })),
      'ValidationException',
      "1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    );
    await rejectsWith(
      eddy.events.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'ok', Arn: queue('q') }, { Id: 'x'.repeat(65), Arn: queue('q'), RetryPolicy: { MaximumRetryAttempts: 186 } }] })),
      'ValidationException',
      `2 validation errors detected: Value '${'x'.repeat(65)}' at 'targets.2.member.id' failed to satisfy constraint: Member must have length less than or equal to 64; ` +
        "Value '186' at 'targets.2.member.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185",
    );
    await rejectsWith(
      eddy.events.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'both', Arn: queue('q'), Input: '{}', InputPath: '$.detail' }] })),
      'ValidationException',
      'Only one of Input, InputPath, or InputTransformer must be provided for target both.',
    );
    await rejectsWith(
      eddy.events.send(
        new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 't', Arn: queue('q'), InputTransformer: { InputPathsMap: { id: '$.id' }, InputTemplate: '{"a": <missing>}' } }] }),
      ),
      'ValidationException',
      'InputTemplate for target t contains invalid placeholder missing.',
    );
    await rejectsWith(eddy.events.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 't', Arn: queue('q'), Input: 'env:dev' }] })), 'ValidationException', /^JSON syntax error in input for target t: /);
    await rejectsWith(
      eddy.events.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'fifo', Arn: queue('jobs.fifo') }] })),
      'ValidationException',
      'Parameter(s) SqsParameters must be specified for target: fifo.',
    );
    await rejectsWith(
      eddy.events.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'ok', Arn: queue('q') }, { Id: 'bad', Arn: 'not-an-arn' }] })),
      'ValidationException',
      'Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.',
    );
    await rejectsWith(
      eddy.events.send(new PutTargetsCommand({ Rule: rule, Targets: [] })),
      'ValidationException',
      "1 validation error detected: Value '[]' at 'targets' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    assert.deepEqual(await targetsOf(rule), []);
  });

  it('answers ResourceNotFoundException for an unknown rule or bus; a rule ARN is not a rule name', async () => {
    await rejectsWith(eddy.events.send(new PutTargetsCommand({ Rule: 'no-such-rule', Targets: [{ Id: 't', Arn: queue('q') }] })), 'ResourceNotFoundException', 'Rule no-such-rule does not exist on EventBus default.');
    await rejectsWith(eddy.events.send(new RemoveTargetsCommand({ Rule: 'no-such-rule', EventBusName: bus, Ids: ['t'] })), 'ResourceNotFoundException', `Rule no-such-rule does not exist on EventBus ${bus}.`);
    await rejectsWith(eddy.events.send(new ListTargetsByRuleCommand({ Rule: 'no-such-rule' })), 'ResourceNotFoundException', 'Rule no-such-rule does not exist on EventBus default.');
    await rejectsWith(eddy.events.send(new ListTargetsByRuleCommand({ Rule: 'r', EventBusName: 'no-such-bus' })), 'ResourceNotFoundException', 'Event bus no-such-bus does not exist.');
    const arn = 'arn:aws:events:us-east-1:000000000000:rule/r';
    await rejectsWith(
      eddy.events.send(new PutTargetsCommand({ Rule: arn, Targets: [{ Id: 't', Arn: queue('q') }] })),
      'ValidationException',
      `1 validation error detected: Value '${arn}' at 'rule' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+`,
    );
  });
});
