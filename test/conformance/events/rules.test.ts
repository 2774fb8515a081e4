import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { ACCOUNT, busArnOf, rejectsWith, ruleArnOf, uniqueName } from './events-fixtures.js';

const PATTERN = JSON.stringify({ source: ['com.example.orders'], 'detail-type': ['OrderShipped'] });

describe('EventBridge rules: put, describe, list, enable, disable, delete', () => {
  let eddy: TestEddy;
  let bus: string;
  before(async () => {
    eddy = await startTestEddy();
    bus = uniqueName('rules');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
  });
  after(() => eddy.stop());

  it('puts a rule on a custom bus (by name or ARN) and on the default bus, with their ARNs', async () => {
    const name = uniqueName('shipped');
    const put = await eddy.events.send(new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: PATTERN, Description: 'ships', RoleArn: 'arn:aws:iam::000000000000:role/r' }));
    assert.equal(put.RuleArn, ruleArnOf(bus, name));
    const again = await eddy.events.send(new PutRuleCommand({ Name: name, EventBusName: busArnOf(bus), EventPattern: PATTERN }));
    assert.equal(again.RuleArn, ruleArnOf(bus, name));
    const onDefault = await eddy.events.send(new PutRuleCommand({ Name: name, EventPattern: PATTERN }));
    assert.equal(onDefault.RuleArn, ruleArnOf('default', name));
    const described = await eddy.events.send(new DescribeRuleCommand({ Name: name, EventBusName: bus }));
    const { $metadata, ...rule } = described;
    assert.deepEqual(rule, { Name: name, Arn: ruleArnOf(bus, name), EventPattern: PATTERN, State: 'ENABLED', EventBusName: bus, CreatedBy: ACCOUNT });
  });

  it('replaces a rule on a second put: members left out are gone, targets and tags stay', async () => {
    const name = uniqueName('replace');
    await eddy.events.send(
      new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: PATTERN, Description: 'first', State: 'DISABLED', Tags: [{ Key: 'team', Value: 'a' }] }),
    );
    await eddy.events.send(new PutTargetsCommand({ Rule: name, EventBusName: bus, Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }] }));
    const pattern = JSON.stringify({ source: ['other'] });
    await eddy.events.send(new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: pattern }));
    const rule = await eddy.events.send(new DescribeRuleCommand({ Name: name, EventBusName: bus }));
    assert.equal(rule.EventPattern, pattern);
    assert.equal(rule.State, 'ENABLED');
    assert.equal(rule.Description, undefined);
    const names = await eddy.events.send(new ListRuleNamesByTargetCommand({ TargetArn: 'arn:aws:sqs:us-east-1:000000000000:q', EventBusName: bus }));
    assert.deepEqual(names.RuleNames, [name]);
  });

  it('takes a schedule on the default bus only, and a pattern with it', async () => {
    const name = uniqueName('nightly');
    await eddy.events.send(new PutRuleCommand({ Name: name, ScheduleExpression: 'cron(0 3 * * ? *)', EventPattern: PATTERN }));
    const rule = await eddy.events.send(new DescribeRuleCommand({ Name: name }));
    assert.equal(rule.ScheduleExpression, 'cron(0 3 * * ? *)');
    assert.equal(rule.EventPattern, PATTERN);
    await rejectsWith(
      eddy.events.send(new PutRuleCommand({ Name: name, EventBusName: bus, ScheduleExpression: 'rate(5 minutes)' })),
      'ValidationException',
      'ScheduleExpression is supported only on the default event bus.',
    );
    for (const expression of ['rate(5 minute)', 'rate(1 minutes)', 'cron(0 3 * * * *)', 'every 5 minutes', ' rate(5 minutes)']) {
      await rejectsWith(eddy.events.send(new PutRuleCommand({ Name: name, ScheduleExpression: expression })), 'ValidationException', 'Parameter ScheduleExpression is not valid.');
    }
  });

  it('refuses a rule without pattern and schedule, invalid patterns, bad names and an unknown bus', async () => {
    await rejectsWith(eddy.events.send(new PutRuleCommand({ Name: 'r' })), 'ValidationException', 'Parameter(s) EventPattern or ScheduleExpression must be specified.');
    await rejectsWith(
      eddy.events.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":"orders"}' })),
      'InvalidEventPatternException',
      'Event pattern is not valid. Reason: "source" must be an object or an array',
    );
    await rejectsWith(eddy.events.send(new PutRuleCommand({ Name: 'r', EventPattern: '["orders"]' })), 'InvalidEventPatternException', /^Event pattern is not valid\. Reason: /);
    await rejectsWith(
      eddy.events.send(new PutRuleCommand({ Name: 'no spaces', EventPattern: PATTERN, State: 'PAUSED' as never })),
      'ValidationException',
      "2 validation errors detected: Value 'no spaces' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; " +
        "Value 'PAUSED' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]",
    );
    await rejectsWith(
      eddy.events.send(new PutRuleCommand({ Name: 'r', EventPattern: 'x'.repeat(4097) })),
      'ValidationException',
      /^1 validation error detected: Value 'x+' at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to 4096$/,
    );
    await rejectsWith(eddy.events.send(new PutRuleCommand({ Name: 'r', EventBusName: 'no-such-bus', EventPattern: PATTERN })), 'ResourceNotFoundException', 'Event bus no-such-bus does not exist.');
    await rejectsWith(eddy.events.send(new DescribeRuleCommand({ Name: 'no-such-rule' })), 'ResourceNotFoundException', 'Rule no-such-rule does not exist on EventBus default.');
    await rejectsWith(eddy.events.send(new DescribeRuleCommand({ Name: 'no-such-rule', EventBusName: bus })), 'ResourceNotFoundException', `Rule no-such-rule does not exist on EventBus ${bus}.`);
  });

  it('lists a bus’s rules by name with NamePrefix, Limit and NextToken, without CreatedBy', async () => {
    const listBus = uniqueName('list');
    await eddy.events.send(new CreateEventBusCommand({ Name: listBus }));
    const names = ['r-c', 'r-a', 'r-e', 'r-b', 'other'];
    for (const Name of names) await eddy.events.send(new PutRuleCommand({ Name, EventBusName: listBus, EventPattern: PATTERN }));
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await eddy.events.send(new ListRulesCommand({ EventBusName: listBus, NamePrefix: 'r-', Limit: 3, NextToken }));
      for (const rule of page.Rules ?? []) {
        assert.deepEqual(rule, { Name: rule.Name, Arn: ruleArnOf(listBus, rule.Name!), EventPattern: PATTERN, State: 'ENABLED', EventBusName: listBus });
      }
      seen.push(...(page.Rules ?? []).map((r) => r.Name!));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(seen, ['r-a', 'r-b', 'r-c', 'r-e']);
    assert.equal((await eddy.events.send(new ListRulesCommand({ EventBusName: listBus }))).Rules?.length, 5);
    await rejectsWith(eddy.events.send(new ListRulesCommand({ EventBusName: 'no-such-bus' })), 'ResourceNotFoundException', 'Event bus no-such-bus does not exist.');
  });

  it('disables and enables a rule', async () => {
    const name = uniqueName('toggle');
    await eddy.events.send(new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: PATTERN }));
    await eddy.events.send(new DisableRuleCommand({ Name: name, EventBusName: bus }));
    assert.equal((await eddy.events.send(new DescribeRuleCommand({ Name: name, EventBusName: bus }))).State, 'DISABLED');
    await eddy.events.send(new EnableRuleCommand({ Name: name, EventBusName: bus }));
    assert.equal((await eddy.events.send(new DescribeRuleCommand({ Name: name, EventBusName: bus }))).State, 'ENABLED');
    await rejectsWith(eddy.events.send(new EnableRuleCommand({ Name: 'no-such-rule', EventBusName: bus })), 'ResourceNotFoundException', `Rule no-such-rule does not exist on EventBus ${bus}.`);
    await rejectsWith(eddy.events.send(new DisableRuleCommand({ Name: 'no-such-rule' })), 'ResourceNotFoundException', 'Rule no-such-rule does not exist on EventBus default.');
  });

  it('deletes a rule without targets; a missing rule is no error, a rule with targets is (Force does not change that)', async () => {
    const name = uniqueName('del');
    await eddy.events.send(new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: PATTERN }));
    await eddy.events.send(new PutTargetsCommand({ Rule: name, EventBusName: bus, Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }] }));
    await rejectsWith(eddy.events.send(new DeleteRuleCommand({ Name: name, EventBusName: bus })), 'ValidationException', "Rule can't be deleted since it has targets.");
    await rejectsWith(eddy.events.send(new DeleteRuleCommand({ Name: name, EventBusName: bus, Force: true })), 'ValidationException', "Rule can't be deleted since it has targets.");
    const plain = uniqueName('plain');
    await eddy.events.send(new PutRuleCommand({ Name: plain, EventBusName: bus, EventPattern: PATTERN }));
    await eddy.events.send(new DeleteRuleCommand({ Name: plain, EventBusName: bus }));
    await rejectsWith(eddy.events.send(new DescribeRuleCommand({ Name: plain, EventBusName: bus })), 'ResourceNotFoundException');
    await eddy.events.send(new DeleteRuleCommand({ Name: plain, EventBusName: bus }));
    await rejectsWith(eddy.events.send(new DeleteRuleCommand({ Name: plain, EventBusName: 'no-such-bus' })), 'ResourceNotFoundException', 'Event bus no-such-bus does not exist.');
  });

  it('deleting a bus deletes its rules, so a bus of the same name starts without them', async () => {
    const gone = uniqueName('gone');
    await eddy.events.send(new CreateEventBusCommand({ Name: gone }));
    await eddy.events.send(new PutRuleCommand({ Name: 'kept', EventBusName: gone, EventPattern: PATTERN }));
    await eddy.events.send(new PutTargetsCommand({ Rule: 'kept', EventBusName: gone, Targets: [{ Id: 't', Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }] }));
    await eddy.events.send(new DeleteEventBusCommand({ Name: gone }));
    await eddy.events.send(new CreateEventBusCommand({ Name: gone }));
    assert.deepEqual((await eddy.events.send(new ListRulesCommand({ EventBusName: gone }))).Rules, []);
  });

  it('lists the names of rules with a target of an ARN, by name and page', async () => {
    const target = `arn:aws:lambda:us-east-1:000000000000:function:${uniqueName('fn')}`;
    const names = [uniqueName('b'), uniqueName('a'), uniqueName('c')];
    for (const Name of names) {
      await eddy.events.send(new PutRuleCommand({ Name, EventPattern: PATTERN }));
      await eddy.events.send(new PutTargetsCommand({ Rule: Name, Targets: [{ Id: 'fn', Arn: target }] }));
    }
    const first = await eddy.events.send(new ListRuleNamesByTargetCommand({ TargetArn: target, Limit: 2 }));
    assert.equal(first.RuleNames?.length, 2);
    const second = await eddy.events.send(new ListRuleNamesByTargetCommand({ TargetArn: target, Limit: 2, NextToken: first.NextToken }));
    assert.equal(second.NextToken, undefined);
    assert.deepEqual([...first.RuleNames!, ...second.RuleNames!], [...names].sort());
    assert.deepEqual((await eddy.events.send(new ListRuleNamesByTargetCommand({ TargetArn: target, EventBusName: bus }))).RuleNames, []);
  });
});
