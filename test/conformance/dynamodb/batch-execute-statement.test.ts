import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchExecuteStatementCommand, CreateTableCommand, type BatchStatementRequest } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createStreamTable, readOnlyShard, summary, uniqueTable } from '../streams/stream-fixtures.js';
import { get, put, validation } from './item-fixtures.js';
import { hashTable, tableName } from './table-fixtures.js';

describe('BatchExecuteStatement (PartiQL)', () => {
  let eddy: TestEddy;
  /** HASH pk (S), RANGE sk (N). */
  const orders = tableName('pqb');
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(new CreateTableCommand(hashTable(orders, {}, true)));
  });
  after(() => eddy.stop());

  const batch = (Statements: BatchStatementRequest[], extra: { ReturnConsumedCapacity?: 'TOTAL' } = {}) =>
    eddy.ddb.send(new BatchExecuteStatementCommand({ Statements, ...extra }));

  it('reads items by their full keys; an absent item is an entry without Item', async () => {
    await put(eddy.ddb, orders, { pk: { S: 'r' }, sk: { N: '1' }, v: { S: 'one' } });
    await put(eddy.ddb, orders, { pk: { S: 'r' }, sk: { N: '2' }, v: { S: 'two' } });
    const out = await batch([
      { Statement: `SELECT v FROM "${orders}" WHERE pk = 'r' AND sk = 1` },
      { Statement: `SELECT * FROM "${orders}" WHERE pk = ? AND sk = ?`, Parameters: [{ S: 'r' }, { N: '2' }] },
      { Statement: `SELECT * FROM "${orders}" WHERE pk = 'r' AND sk = 3` },
    ]);
    assert.deepEqual(out.Responses, [
      { TableName: orders, Item: { v: { S: 'one' } } },
      { TableName: orders, Item: { pk: { S: 'r' }, sk: { N: '2' }, v: { S: 'two' } } },
      { TableName: orders },
    ]);
  });

  it('runs each write alone: failed statements answer their own Error, the others are written', async () => {
    const table = uniqueTable('pqb-stream');
    const arn = await createStreamTable(eddy.ddb, table);
    await put(eddy.ddb, table, { pk: { S: 'taken' }, n: { N: '1' } });
    const out = await batch([
      { Statement: `INSERT INTO "${table}" VALUE {'pk': 'new'}` },
      { Statement: `INSERT INTO "${table}" VALUE {'pk': 'taken'}` },
      { Statement: `UPDATE "${table}" SET n = 2 WHERE pk = 'taken' AND n = 5`, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
      { Statement: `UPDATE "${table}" SET n = 3 WHERE pk = 'taken'` },
      { Statement: `DELETE FROM "${table}" WHERE n = 1` },
      { Statement: `SELEC * FROM "${table}"` },
      { Statement: `DELETE FROM "no-such-table" WHERE pk = 'a'` },
    ]);
    assert.deepEqual(out.Responses, [
      { TableName: table },
      { TableName: table, Error: { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' } },
      { TableName: table, Error: { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'taken' }, n: { N: '1' } } } },
      { TableName: table },
      { TableName: table, Error: { Code: 'ValidationError', Message: 'Where clause does not contain a mandatory equality on all key attributes' } },
      { Error: { Code: 'ValidationError', Message: "Statement wasn't well formed, can't be processed: Expected data manipulation" } },
      { TableName: 'no-such-table', Error: { Code: 'ResourceNotFound', Message: 'Requested resource not found' } },
    ]);
    assert.deepEqual(await get(eddy.ddb, table, { pk: { S: 'taken' } }), { pk: { S: 'taken' }, n: { N: '3' } });
    assert.deepEqual(summary(await readOnlyShard(eddy.streams, arn)), ['INSERT taken', 'INSERT new', 'MODIFY taken']);
  });

  it('refuses a batch that mixes reads and writes, and SELECTs that do not pin one item', async () => {
    await validation(
      batch([{ Statement: `SELECT * FROM "${orders}" WHERE pk = 'r' AND sk = 1` }, { Statement: `INSERT INTO "${orders}" VALUE {'pk': 'm', 'sk': 1}` }]),
      'Statements in a batch must be either all reads or all writes',
    );
    const out = await batch([{ Statement: `SELECT * FROM "${orders}" WHERE pk = 'r'` }]);
    assert.equal(out.Responses![0]!.Error!.Code, 'ValidationError');
  });

  it('answers IS <type> conditions, unknown functions and RETURNING on INSERT statement by statement', async () => {
    await put(eddy.ddb, orders, { pk: { S: 't' }, sk: { N: '1' }, v: { S: 'x' } });
    const where = `WHERE pk = 't' AND sk = 1`;
    const upper = `UPDATE "${orders}" SET v = upper(v) ${where}`;
    const out = await batch([
      { Statement: `UPDATE "${orders}" SET w = 1 ${where} AND v IS DECIMAL` },
      { Statement: `UPDATE "${orders}" SET w = 2 ${where} AND v IS STRING AND w IS NOT DECIMAL` },
      { Statement: upper },
      { Statement: `INSERT INTO "${orders}" VALUE {'pk': 't', 'sk': 2} RETURNING ALL NEW *` },
    ]);
    assert.deepEqual(out.Responses, [
      { TableName: orders, Error: { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' } },
      { TableName: orders },
      { TableName: orders, Error: { Code: 'ValidationError', Message: `Unrecognized function: upper at 1:${upper.indexOf('upper') + 1}:5` } },
      { Error: { Code: 'ValidationError', Message: 'RETURNING is not supported in INSERT' } },
    ]);
    assert.deepEqual(await get(eddy.ddb, orders, { pk: { S: 't' }, sk: { N: '1' } }), { pk: { S: 't' }, sk: { N: '1' }, v: { S: 'x' }, w: { N: '2' } });
    assert.equal(await get(eddy.ddb, orders, { pk: { S: 't' }, sk: { N: '2' } }), undefined);
  });

  it('answers a member\'s RETURNING item on its entry', async () => {
    await put(eddy.ddb, orders, { pk: { S: 'ret' }, sk: { N: '1' }, v: { S: 'old' } });
    await put(eddy.ddb, orders, { pk: { S: 'ret' }, sk: { N: '2' }, v: { S: 'gone' } });
    const out = await batch([
      { Statement: `UPDATE "${orders}" SET v = 'new' WHERE pk = 'ret' AND sk = 1 RETURNING MODIFIED NEW *` },
      { Statement: `DELETE FROM "${orders}" WHERE pk = 'ret' AND sk = 2 RETURNING ALL OLD *` },
      { Statement: `UPDATE "${orders}" REMOVE w WHERE pk = 'ret' AND sk = 1 RETURNING MODIFIED NEW *` },
    ]);
    assert.deepEqual(out.Responses, [
      { TableName: orders, Item: { v: { S: 'new' } } },
      { TableName: orders, Item: { pk: { S: 'ret' }, sk: { N: '2' }, v: { S: 'gone' } } },
      { TableName: orders },
    ]);
  });

  it('sums ConsumedCapacity per table', async () => {
    const out = await batch(
      [{ Statement: `INSERT INTO "${orders}" VALUE {'pk': 'c', 'sk': 1}` }, { Statement: `INSERT INTO "${orders}" VALUE {'pk': 'c', 'sk': 2}` }],
      { ReturnConsumedCapacity: 'TOTAL' },
    );
    assert.deepEqual(out.ConsumedCapacity, [{ TableName: orders, CapacityUnits: 2, WriteCapacityUnits: 2 }]);
  });
});
