import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeEventBusCommand, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eventually } from '../../test/helpers/eventually.js';
import { startTestEddy, type TestEddy } from '../../test/helpers/eddy.js';

const template = fileURLToPath(new URL('./template.yaml', import.meta.url));
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const noPython = spawnSync(python, ['-c', 'import boto3']).status !== 0 && `${python} with boto3 does not run here: the Python handlers cannot run`;

describe('example: sam-stream-to-bus (a SAM template run as it is, Python handlers)', { skip: noPython }, () => {
  let eddy: TestEddy;

  before(async () => {
    eddy = await startTestEddy({ template, parameters: { Stage: 'prod' }, triggers: { retryBaseMs: 20, retryMaxMs: 200 } });
  });
  after(async () => {
    await eddy?.stop();
  });

  it('makes what the template declares, named as it names them, and prints its Outputs', async () => {
    const { Table } = await eddy.ddb.send(new DescribeTableCommand({ TableName: 'my-service-prod' }));
    assert.deepEqual(Table!.KeySchema, [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }]);
    assert.equal(Table!.GlobalSecondaryIndexes?.[0]?.IndexName, 'GSI1');
    assert.equal(Table!.StreamSpecification?.StreamViewType, 'NEW_AND_OLD_IMAGES');
    const bus = await eddy.events.send(new DescribeEventBusCommand({ Name: 'my-service-prod' }));
    const { Rules } = await eddy.events.send(new ListRulesCommand({ EventBusName: 'my-service-prod' }));
    assert.deepEqual(Rules!.map((rule) => rule.Name), ['ChangeRecorderOrdersAndUsers']);
    const summary = eddy.config!.template!;
    assert.equal(summary.kind, 'sam');
    // The outputs are resolved against what Eddy made: the stream ARN is the table's real one.
    assert.deepEqual(summary.outputs.map(({ name, value }) => [name, value]), [
      ['TableName', 'my-service-prod'],
      ['TableStreamArn', Table!.LatestStreamArn],
      ['BusArn', bus.Arn],
    ]);
    assert.deepEqual(summary.notEmulated.map((r) => r.type).sort(), ['AWS::IAM::Policy', 'AWS::IAM::Role']);
  });

  it('a change of an order goes table → stream → StreamProcessor → bus → rule (OID#, InputPath $.detail) → ChangeRecorder', async () => {
    await eddy.doc.send(new PutCommand({ TableName: 'my-service-prod', Item: { PK: 'OID#1', SK: 'OID#1', status: 'new', updatedBy: 'ada' } }));
    // A customer is not an order or a user: the rule does not match it (written before the update, so its
    // record has been on the bus by the time the update's history exists).
    await eddy.doc.send(new PutCommand({ TableName: 'my-service-prod', Item: { PK: 'CID#acme', SK: 'PROFILE', name: 'Acme' } }));
    await eddy.doc.send(new UpdateCommand({
      TableName: 'my-service-prod', Key: { PK: 'OID#1', SK: 'OID#1' },
      UpdateExpression: 'SET #s = :s, updatedBy = :by', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'paid', ':by': 'bob' },
    }));
    const history = await eventually('the order\'s two history items', async () => {
      const { Items = [] } = await eddy.doc.send(new QueryCommand({
        TableName: 'my-service-prod', KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'HIST#OID#1' },
      }));
      return Items;
    }, { accept: (items) => items.length >= 2 });
    assert.equal(history.length, 2);
    assert.deepEqual(history.map((item) => [item['event'], item['changes'], item['GSI1PK']]), [
      ['INSERT', { status: { from: null, to: 'new' } }, 'WHO#ada'],
      ['MODIFY', { status: { from: 'new', to: 'paid' } }, 'WHO#bob'],
    ]);
    const { Items: customers = [] } = await eddy.doc.send(new QueryCommand({
      TableName: 'my-service-prod', KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'HIST#CID#acme' },
    }));
    assert.deepEqual(customers, []);
  });
});
