import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchGetItemCommand,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  UpdateItemCommand,
  type QueryCommandInput,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { putAll, type Item } from './read-fixtures.js';
import { hashTable, rejectsWith, tableName, validationError } from './table-fixtures.js';

/**
 * Filter, condition, update and projection expressions keep their syntax by text (src/table/expressions/parse-cache.ts):
 * the same text must be read with each request's names and values, and a request the text no longer suits
 * must get its own ValidationException, after the text was kept by a valid one, every time.
 */
describe('Filter, condition and update texts reused across requests', () => {
  let eddy: TestEddy;
  const table = tableName('reuse');
  const FILTER = '#f >= :v AND contains(#t, :w)';
  const query = (input: Omit<QueryCommandInput, 'TableName' | 'KeyConditionExpression'>, values: Item) =>
    eddy.ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ...input,
        ExpressionAttributeValues: { ':pk': { S: 'a' }, ...values },
      }),
    );
  const sks = (items: Item[] | undefined) => (items ?? []).map((item) => Number(item['sk']!.N)).sort((a, b) => a - b);

  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(new CreateTableCommand(hashTable(table, {}, true)));
    const items: Item[] = [];
    for (let i = 1; i <= 6; i++) {
      items.push({ pk: { S: 'a' }, sk: { N: String(i) }, n: { N: String(i * 10) }, s: { S: `s${i}` }, tags: { SS: [`t${i % 2}`, 'all'] }, label: { S: `x${i}` } });
    }
    await putAll(eddy.ddb, table, items);
  });
  after(() => eddy.stop());

  it('filters a Query and a Scan with one text by each request names and values', async () => {
    for (let round = 0; round < 2; round++) {
      const byNumber = await query({ FilterExpression: FILTER, ExpressionAttributeNames: { '#f': 'n', '#t': 'tags' } }, { ':v': { N: '40' }, ':w': { S: 't0' } });
      assert.deepEqual(sks(byNumber.Items), [4, 6]);
      const byString = await query({ FilterExpression: FILTER, ExpressionAttributeNames: { '#f': 's', '#t': 'label' } }, { ':v': { S: 's3' }, ':w': { S: 'x' } });
      assert.deepEqual(sks(byString.Items), [3, 4, 5, 6]);
      const scanned = await eddy.ddb.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: FILTER,
          ExpressionAttributeNames: { '#f': 'sk', '#t': 'tags' },
          ExpressionAttributeValues: { ':v': { N: '5' }, ':w': { S: 'all' } },
        }),
      );
      assert.deepEqual(sks(scanned.Items), [5, 6]);
    }
  });

  it('refuses a kept filter text with each request own error, every time, and reads with good values again', async () => {
    const names = { '#f': 'n', '#t': 'tags' };
    assert.deepEqual(sks((await query({ FilterExpression: FILTER, ExpressionAttributeNames: names }, { ':v': { N: '50' }, ':w': { S: 'all' } })).Items), [5, 6]);
    for (let round = 0; round < 2; round++) {
      await validationError(
        query({ FilterExpression: FILTER, ExpressionAttributeNames: names }, { ':v': { L: [] }, ':w': { S: 'all' } }),
        'Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: >=, operand type: L',
      );
      await validationError(
        query({ FilterExpression: FILTER, ExpressionAttributeNames: names }, { ':v': { N: '1' } }),
        'Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :w',
      );
      await validationError(
        query({ FilterExpression: FILTER, ExpressionAttributeNames: { '#f': 'n' } }, { ':v': { N: '1' }, ':w': { S: 'all' } }),
        'Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #t',
      );
    }
    // Operands distinct by their names in one request are one path in another.
    assert.deepEqual(sks((await query({ FilterExpression: 'contains(#f, #t)', ExpressionAttributeNames: { '#f': 'label', '#t': 's' } }, {})).Items), []);
    for (let round = 0; round < 2; round++) {
      await validationError(
        query({ FilterExpression: 'contains(#f, #t)', ExpressionAttributeNames: { '#f': 'tags', '#t': 'tags' } }, {}),
        'Invalid FilterExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [tags]',
      );
    }
    assert.deepEqual(sks((await query({ FilterExpression: FILTER, ExpressionAttributeNames: names }, { ':v': { N: '60' }, ':w': { S: 'all' } })).Items), [6]);
  });

  it('projects GetItem, BatchGetItem and TransactGetItems with one kept text by each request names, and refuses each request own mistake', async () => {
    const PROJECTION = '#a, #b';
    const UNDEFINED_NAME = 'Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #b';
    const UNUSED_NAME = 'Value provided in ExpressionAttributeNames unused in expressions: keys: {#c}';
    const OVERLAP = 'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [n], path two: [n]';
    const Key = { pk: { S: 'a' }, sk: { N: '2' } };
    const get = (names: Record<string, string>) => eddy.ddb.send(new GetItemCommand({ TableName: table, Key, ProjectionExpression: PROJECTION, ExpressionAttributeNames: names }));
    const batchGet = (names: Record<string, string>) =>
      eddy.ddb.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [Key], ProjectionExpression: PROJECTION, ExpressionAttributeNames: names } } }));
    const transactGet = (names: Record<string, string>) =>
      eddy.ddb.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: table, Key, ProjectionExpression: PROJECTION, ExpressionAttributeNames: names } }] }));
    for (let round = 0; round < 2; round++) {
      assert.deepEqual((await get({ '#a': 'n', '#b': 's' })).Item, { n: { N: '20' }, s: { S: 's2' } });
      assert.deepEqual((await get({ '#a': 'label', '#b': 'sk' })).Item, { label: { S: 'x2' }, sk: { N: '2' } });
      assert.deepEqual((await batchGet({ '#a': 'n', '#b': 'label' })).Responses?.[table], [{ n: { N: '20' }, label: { S: 'x2' } }]);
      assert.deepEqual((await transactGet({ '#a': 's', '#b': 'sk' })).Responses?.[0]?.Item, { s: { S: 's2' }, sk: { N: '2' } });
      for (const read of [get, batchGet, transactGet]) {
        await validationError(read({ '#a': 'n' }), UNDEFINED_NAME);
        await validationError(read({ '#a': 'n', '#b': 's', '#c': 'label' }), UNUSED_NAME);
        await validationError(read({ '#a': 'n', '#b': 'n' }), OVERLAP);
      }
    }
  });

  it('names the parameter of each request when a filter text kept by a Query is a PutItem condition', async () => {
    const item = { pk: { S: 'b' }, sk: { N: '1' }, n: { N: '5' }, tags: { SS: ['z'] } };
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: item }));
    const put = (values: Item) =>
      eddy.ddb.send(new PutItemCommand({ TableName: table, Item: item, ConditionExpression: FILTER, ExpressionAttributeNames: { '#f': 'n', '#t': 'tags' }, ExpressionAttributeValues: values }));
    await put({ ':v': { N: '5' }, ':w': { S: 'z' } });
    for (let round = 0; round < 2; round++) {
      await rejectsWith(put({ ':v': { N: '6' }, ':w': { S: 'z' } }), 'ConditionalCheckFailedException', 'The conditional request failed');
      await validationError(
        put({ ':v': { BOOL: true }, ':w': { S: 'z' } }),
        'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: >=, operand type: BOOL',
      );
    }
  });

  it('applies one UpdateExpression and ConditionExpression by each request names and values, and refuses each request own mistake', async () => {
    const key = { pk: { S: 'c' }, sk: { N: '1' } };
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { ...key, hits: { N: '0' }, log: { L: [] }, meta: { M: {} } } }));
    const update = (input: Pick<UpdateItemCommandInput, 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>) =>
      eddy.ddb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key,
          UpdateExpression: 'SET #a = list_append(#a, :l), #m.#k = :v ADD #c :n',
          ConditionExpression: '#c < :max',
          ...input,
        }),
      );
    const names = { '#a': 'log', '#m': 'meta', '#k': 'first', '#c': 'hits' };
    const values = (n: string, v: string, max = '10') => ({ ':l': { L: [{ S: v }] }, ':v': { S: v }, ':n': { N: n }, ':max': { N: max } });
    await update({ ExpressionAttributeNames: names, ExpressionAttributeValues: values('4', 'one') });
    await update({ ExpressionAttributeNames: { ...names, '#k': 'second' }, ExpressionAttributeValues: values('5', 'two') });
    for (let round = 0; round < 2; round++) {
      await rejectsWith(update({ ExpressionAttributeNames: names, ExpressionAttributeValues: values('1', 'no', '9') }), 'ConditionalCheckFailedException', 'The conditional request failed');
      await validationError(
        update({ ExpressionAttributeNames: names, ExpressionAttributeValues: { ...values('1', 'no'), ':n': { S: '1' } } }),
        'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING',
      );
      await validationError(
        update({ ExpressionAttributeNames: names, ExpressionAttributeValues: { ...values('1', 'no'), ':l': { S: 'no' } } }),
        'Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S',
      );
      await validationError(
        update({ ExpressionAttributeNames: { ...names, '#c': 'meta' }, ExpressionAttributeValues: values('1', 'no') }),
        'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [meta, first], path two: [meta]',
      );
    }
    const { Item } = await eddy.ddb.send(new GetItemCommand({ TableName: table, Key: key }));
    assert.deepEqual(Item, { ...key, hits: { N: '9' }, log: { L: [{ S: 'one' }, { S: 'two' }] }, meta: { M: { first: { S: 'one' }, second: { S: 'two' } } } });
  });
});
