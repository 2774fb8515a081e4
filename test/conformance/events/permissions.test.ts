import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateEventBusCommand, DescribeEventBusCommand, PutPermissionCommand, RemovePermissionCommand } from '@aws-sdk/client-eventbridge';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { busArnOf, rejectsWith, uniqueName } from './events-fixtures.js';

describe('EventBridge bus permissions: PutPermission and RemovePermission, shown by DescribeEventBus', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const policyOf = async (Name?: string) => {
    const { Policy } = await eddy.events.send(new DescribeEventBusCommand({ Name }));
    return Policy === undefined ? undefined : JSON.parse(Policy);
  };

  it('adds one statement per StatementId, as AWS writes them, replacing one with the same id', async () => {
    const bus = uniqueName('perm');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
    await eddy.events.send(new PutPermissionCommand({ EventBusName: bus, Action: 'events:PutEvents', Principal: '111122223333', StatementId: 'analytics' }));
    await eddy.events.send(new PutPermissionCommand({ EventBusName: bus, Action: 'events:PutEvents', Principal: '444455556666', StatementId: 'billing' }));
    await eddy.events.send(
      new PutPermissionCommand({
        EventBusName: bus,
        Action: 'events:PutEvents',
        Principal: '*',
        StatementId: 'org',
        Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: 'o-1234567890' },
      }),
    );
    await eddy.events.send(new PutPermissionCommand({ EventBusName: bus, Action: 'events:PutEvents', Principal: '777788889999', StatementId: 'billing' }));
    const resource = busArnOf(bus);
    assert.deepEqual(await policyOf(bus), {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'analytics', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'events:PutEvents', Resource: resource },
        { Sid: 'billing', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::777788889999:root' }, Action: 'events:PutEvents', Resource: resource },
        {
          Sid: 'org',
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: resource,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1234567890' } },
        },
      ],
    });
    await eddy.events.send(new RemovePermissionCommand({ EventBusName: bus, StatementId: 'analytics' }));
    assert.deepEqual((await policyOf(bus)).Statement.map((s: { Sid: string }) => s.Sid), ['billing', 'org']);
    await eddy.events.send(new RemovePermissionCommand({ EventBusName: bus, RemoveAllPermissions: true }));
    assert.equal(await policyOf(bus), undefined);
  });

  it('takes a whole policy on the default bus, replacing what was there', async () => {
    await eddy.events.send(new PutPermissionCommand({ Action: 'events:PutEvents', Principal: '111122223333', StatementId: 'first' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'rules', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'events:ListRules', Resource: '*' }],
    };
    await eddy.events.send(new PutPermissionCommand({ Policy: JSON.stringify(policy) }));
    assert.deepEqual(await policyOf(), policy);
    await eddy.events.send(new RemovePermissionCommand({ StatementId: 'rules' }));
    assert.equal(await policyOf(), undefined);
  });

  it('answers AWS errors: unknown bus, unknown statement, no policy, unsupported or missing parameters', async () => {
    const bus = uniqueName('perm-errors');
    await eddy.events.send(new CreateEventBusCommand({ Name: bus }));
    await rejectsWith(
      eddy.events.send(new PutPermissionCommand({ EventBusName: 'no-such-bus', Action: 'events:PutEvents', Principal: '*', StatementId: 's' })),
      'ResourceNotFoundException',
      'Event bus no-such-bus does not exist.',
    );
    await rejectsWith(eddy.events.send(new RemovePermissionCommand({ EventBusName: bus, StatementId: 'missing' })), 'ResourceNotFoundException', 'Statement with the provided id does not exist.');
    await eddy.events.send(new PutPermissionCommand({ EventBusName: bus, Action: 'events:PutEvents', Principal: '111122223333', StatementId: 'kept' }));
    await rejectsWith(eddy.events.send(new RemovePermissionCommand({ EventBusName: bus, StatementId: 'missing' })), 'ResourceNotFoundException', 'Statement with the provided id does not exist.');
    await eddy.events.send(new RemovePermissionCommand({ EventBusName: bus, RemoveAllPermissions: true }));
    await rejectsWith(eddy.events.send(new RemovePermissionCommand({ EventBusName: bus, RemoveAllPermissions: true })), 'ResourceNotFoundException', 'EventBus does not have a policy.');
    await rejectsWith(
      eddy.events.send(new PutPermissionCommand({ EventBusName: bus, Action: 'events:PutRule', Principal: '111122223333', StatementId: 's' })),
      'ValidationException',
      "Provided value in parameter 'action' is not supported.",
    );
    await rejectsWith(
      eddy.events.send(new PutPermissionCommand({ EventBusName: bus, Action: 'events:PutEvents', StatementId: 's' })),
      'ValidationException',
      'Parameter Principal must be specified.',
    );
    await rejectsWith(
      eddy.events.send(
        new PutPermissionCommand({ EventBusName: bus, Action: 'events:PutEvents', Principal: '111122223333', StatementId: 's', Condition: { Type: 'StringEquals', Key: 'k', Value: 'v' } }),
      ),
      'ValidationException',
      "Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.",
    );
    await rejectsWith(
      eddy.events.send(new PutPermissionCommand({ EventBusName: bus, Action: 'events:PutEvents', Principal: '1234', StatementId: 'bad id!' })),
      'ValidationException',
      "2 validation errors detected: Value '1234' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\d{12}|\\*); " +
        "Value 'bad id!' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+",
    );
    await rejectsWith(eddy.events.send(new PutPermissionCommand({ EventBusName: bus, Policy: '{not json' })), 'ValidationException', 'This policy contains invalid Json');
    assert.equal(await policyOf(bus), undefined);
  });
});
