import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateEventBusCommand, ListTagsForResourceCommand, PutRuleCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-eventbridge';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { busArnOf, rejectsWith, ruleArnOf, uniqueName } from './events-fixtures.js';

describe('EventBridge tags on buses and rules', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const tagsOf = async (ResourceARN: string) => (await eddy.events.send(new ListTagsForResourceCommand({ ResourceARN }))).Tags;

  it('tags, retags and untags a bus, the default bus and rules, keeping tags given at creation', async () => {
    const bus = uniqueName('tagged');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus, Tags: [{ Key: 'team', Value: 'orders' }] }));
    const rule = uniqueName('rule');
    await eddy.events.send(new PutRuleCommand({ Name: rule, EventBusName: bus, EventPattern: '{"source":["a"]}', Tags: [{ Key: 'tier', Value: '1' }] }));
    const onDefault = uniqueName('rule');
    await eddy.events.send(new PutRuleCommand({ Name: onDefault, EventPattern: '{"source":["a"]}' }));
    for (const [arn, initial] of [
      [busArnOf(bus), [{ Key: 'team', Value: 'orders' }]],
      [ruleArnOf(bus, rule), [{ Key: 'tier', Value: '1' }]],
      [ruleArnOf('default', onDefault), []],
      [busArnOf('default'), []],
    ] as const) {
      assert.deepEqual(await tagsOf(arn), initial);
      await eddy.events.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'tag1', Value: 'value1' }, { Key: 'tag2', Value: 'value2' }] }));
      await eddy.events.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'tag1', Value: 'changed' }] }));
      assert.deepEqual(await tagsOf(arn), [...initial, { Key: 'tag1', Value: 'changed' }, { Key: 'tag2', Value: 'value2' }]);
      await eddy.events.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['tag2', 'absent'] }));
      assert.deepEqual(await tagsOf(arn), [...initial, { Key: 'tag1', Value: 'changed' }]);
    }
  });

  it('answers errors for unknown resources, duplicate keys and bad tags', async () => {
    const bus = uniqueName('untagged');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
    await rejectsWith(eddy.events.send(new ListTagsForResourceCommand({ ResourceARN: busArnOf('no-such-bus') })), 'ResourceNotFoundException', 'Event bus no-such-bus does not exist.');
    await rejectsWith(
      eddy.events.send(new TagResourceCommand({ ResourceARN: ruleArnOf('default', 'no-such-rule'), Tags: [{ Key: 'k', Value: 'v' }] })),
      'ResourceNotFoundException',
      'Rule no-such-rule does not exist on EventBus default.',
    );
    await rejectsWith(eddy.events.send(new UntagResourceCommand({ ResourceARN: 'arn:aws:sqs:us-east-1:000000000000:q', TagKeys: ['k'] })), 'ValidationException', /^Parameter ResourceARN is not valid\./);
    await rejectsWith(
      eddy.events.send(new TagResourceCommand({ ResourceARN: busArnOf(bus), Tags: [{ Key: 'k', Value: 'a' }, { Key: 'k', Value: 'b' }] })),
      'ValidationException',
      'Invalid parameter: Duplicated keys are not allowed.',
    );
    await rejectsWith(
      eddy.events.send(new TagResourceCommand({ ResourceARN: busArnOf(bus), Tags: [{ Key: '', Value: 'v'.repeat(257) }] })),
      'ValidationException',
      "2 validation errors detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        `Value '${'v'.repeat(257)}' at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
    assert.deepEqual(await tagsOf(busArnOf(bus)), []);
  });
});
