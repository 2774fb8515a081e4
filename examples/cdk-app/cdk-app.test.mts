import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../test/helpers/eddy.js';
import { eventually } from '../../test/helpers/eventually.js';

const CDK_OUT = fileURLToPath(new URL('./cdk.out', import.meta.url));
const TABLE = 'OrdersTable315BB997';

describe('example: cdk-app (a synthesized CDK app run as it is: table stream → function → queue → function → table)', () => {
  let eddy: TestEddy;

  before(async () => {
    eddy = await startTestEddy({ cdk: CDK_OUT });
  });
  after(async () => {
    await eddy?.stop();
  });

  it('runs the app\'s stack and prints its outputs as `cdk deploy` names them', () => {
    const template = eddy.config!.template!;
    assert.equal(template.kind, 'cdk');
    assert.equal(template.file, CDK_OUT);
    assert.equal(template.outputs.find((output) => output.name === 'OrdersStack.OrdersTableName')?.value, TABLE);
    assert.ok(template.outputs.every((output) => output.name.startsWith('OrdersStack.')), JSON.stringify(template.outputs));
  });

  it('an order put through the SDK reaches the stream handler (asset code), whose message reaches the queue handler, which writes the receipt', async () => {
    await eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'ORDER#o-1' }, sk: { S: 'ORDER' }, total: { N: '42' } } }));
    const receipt = await eventually('the receipt item', async () => (await eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'RECEIPT#o-1' }, sk: { S: 'RECEIPT' } } }))).Item, {
      timeoutMs: 30_000,
    });
    assert.equal(receipt!.total?.N, '42');
    assert.match(receipt!.messageId?.S ?? '', /^[0-9a-f-]{36}$/);
  });
});
