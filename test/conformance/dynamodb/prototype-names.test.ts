import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createItemTables, tables, unique } from './item-fixtures.js';

/**
 * Attribute names that are also members of JavaScript's Object.prototype (`__proto__`, `constructor`,
 * `hasOwnProperty`) are ordinary names to DynamoDB. Requests go out as raw JSON text: the SDK and
 * object literals would themselves treat `__proto__` specially.
 */
describe('attribute names that are Object.prototype members', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
    await createItemTables(eddy.ddb);
  });
  after(() => eddy.stop());

  /** Sends a request written as JSON text; returns the parsed answer (JSON.parse keeps `__proto__` as an own key). */
  async function call(target: string, json: string): Promise<any> {
    const res = await eddy.raw(target, json);
    assert.equal(res.status, 200, res.text);
    return res.json;
  }
  const parse = (json: string) => JSON.parse(json);
  const users = JSON.stringify(tables.users);

  /** Stores a user item with prototype-named attributes at the top level and nested; returns its key JSON. */
  async function seed(): Promise<string> {
    const key = `{"userId":{"S":"${unique('proto')}"}}`;
    const item = `{${key.slice(1, -1)},"__proto__":{"S":"p"},"constructor":{"N":"1.50"},"hasOwnProperty":{"BOOL":true},` +
      `"m":{"M":{"__proto__":{"S":"inner"},"constructor":{"L":[{"S":"c"}]}}}}`;
    await call('PutItem', `{"TableName":${users},"Item":${item}}`);
    return key;
  }
  const getItem = async (key: string, extra = '') =>
    (await call('GetItem', `{"TableName":${users},"Key":${key},"ConsistentRead":true${extra}}`)).Item;

  it('PutItem stores them and GetItem returns them', async () => {
    const key = await seed();
    assert.deepEqual(
      await getItem(key),
      parse(`{${key.slice(1, -1)},"__proto__":{"S":"p"},"constructor":{"N":"1.5"},"hasOwnProperty":{"BOOL":true},` +
        `"m":{"M":{"__proto__":{"S":"inner"},"constructor":{"L":[{"S":"c"}]}}}}`),
    );
  });

  it('ProjectionExpression and AttributesToGet select them', async () => {
    const key = await seed();
    assert.deepEqual(
      await getItem(key, ',"ProjectionExpression":"#p, m.#p, #c","ExpressionAttributeNames":{"#p":"__proto__","#c":"constructor"}'),
      parse('{"__proto__":{"S":"p"},"m":{"M":{"__proto__":{"S":"inner"}}},"constructor":{"N":"1.5"}}'),
    );
    assert.deepEqual(
      await getItem(key, ',"AttributesToGet":["__proto__","hasOwnProperty"]'),
      parse('{"__proto__":{"S":"p"},"hasOwnProperty":{"BOOL":true}}'),
    );
  });

  it('a projection of names the item lacks returns an empty Item', async () => {
    const key = `{"userId":{"S":"${unique('proto')}"}}`;
    await call('PutItem', `{"TableName":${users},"Item":${key}}`);
    assert.deepEqual(await getItem(key, ',"AttributesToGet":["constructor","__proto__"]'), {});
  });

  it('UpdateItem SETs and REMOVEs them, top level and nested', async () => {
    const key = await seed();
    const res = await eddy.raw(
      'UpdateItem',
      `{"TableName":${users},"Key":${key},"ReturnValues":"ALL_NEW",` +
        `"UpdateExpression":"SET #p = :v, m.#c = :w REMOVE #h, m.#p, #c",` +
        `"ExpressionAttributeNames":{"#p":"__proto__","#c":"constructor","#h":"hasOwnProperty"},` +
        `"ExpressionAttributeValues":{":v":{"S":"new"},":w":{"N":"2"}}}`,
    );
    assert.equal(res.status, 200, res.text);
    const expected = parse(`{${key.slice(1, -1)},"__proto__":{"S":"new"},"m":{"M":{"constructor":{"N":"2"}}}}`);
    assert.deepEqual(res.json.Attributes, expected);
    assert.deepEqual(await getItem(key), expected);
  });

  it('UpdateItem UPDATED_OLD / UPDATED_NEW return them', async () => {
    const key = await seed();
    const update = (returnValues: string) =>
      call(
        'UpdateItem',
        `{"TableName":${users},"Key":${key},"ReturnValues":"${returnValues}","UpdateExpression":"SET m.#p = :v",` +
          `"ExpressionAttributeNames":{"#p":"__proto__"},"ExpressionAttributeValues":{":v":{"S":"x"}}}`,
      );
    assert.deepEqual((await update('UPDATED_OLD')).Attributes, parse('{"m":{"M":{"__proto__":{"S":"inner"}}}}'));
    assert.deepEqual((await update('UPDATED_NEW')).Attributes, parse('{"m":{"M":{"__proto__":{"S":"x"}}}}'));
  });

  it('conditions and SET see them only when the item has them', async () => {
    const key = `{"userId":{"S":"${unique('proto')}"}}`;
    await call('PutItem', `{"TableName":${users},"Item":{${key.slice(1, -1)},"m":{"M":{}}}}`);
    // The item has no attribute "constructor" or "__proto__", whatever JavaScript objects inherit.
    await call(
      'UpdateItem',
      `{"TableName":${users},"Key":${key},"UpdateExpression":"SET #c = if_not_exists(#c, :v), #p = :v, m.#p = :v, m.#h = :v",` +
        `"ConditionExpression":"attribute_not_exists(#c) AND attribute_not_exists(#p) AND attribute_not_exists(m.#h)",` +
        `"ExpressionAttributeNames":{"#c":"constructor","#p":"__proto__","#h":"hasOwnProperty"},"ExpressionAttributeValues":{":v":{"N":"7"}}}`,
    );
    assert.deepEqual(
      await getItem(key),
      parse(`{${key.slice(1, -1)},"m":{"M":{"__proto__":{"N":"7"},"hasOwnProperty":{"N":"7"}}},"constructor":{"N":"7"},"__proto__":{"N":"7"}}`),
    );
  });

  it('legacy AttributeUpdates and Expected name them', async () => {
    const key = `{"userId":{"S":"${unique('proto')}"}}`;
    await call(
      'UpdateItem',
      `{"TableName":${users},"Key":${key},"Expected":{"__proto__":{"Exists":false}},` +
        `"AttributeUpdates":{"__proto__":{"Action":"PUT","Value":{"S":"a"}},"constructor":{"Action":"ADD","Value":{"N":"2"}}}}`,
    );
    assert.deepEqual(await getItem(key), parse(`{${key.slice(1, -1)},"__proto__":{"S":"a"},"constructor":{"N":"2"}}`));
    const res = await eddy.raw(
      'PutItem',
      `{"TableName":${users},"Item":${key},"Expected":{"__proto__":{"Exists":false}}}`,
    );
    assert.equal(res.json.__type, 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException');
  });

  it('a key attribute named constructor must be present', async () => {
    const table = `Ctor-${unique()}`;
    await eddy.ddb.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'constructor', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'constructor', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const missing = await eddy.raw('PutItem', `{"TableName":"${table}","Item":{"a":{"S":"x"}}}`);
    assert.equal(missing.status, 400);
    assert.equal(missing.json.message, 'One or more parameter values were invalid: Missing the key constructor in the item');
    await call('PutItem', `{"TableName":"${table}","Item":{"constructor":{"S":"c"},"__proto__":{"S":"p"}}}`);
    assert.deepEqual(
      (await call('GetItem', `{"TableName":"${table}","Key":{"constructor":{"S":"c"}}}`)).Item,
      parse('{"constructor":{"S":"c"},"__proto__":{"S":"p"}}'),
    );
  });
});
