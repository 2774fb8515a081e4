import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, ExecuteStatementCommand, ExecuteTransactionCommand, type ParameterizedStatement } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createStreamTable, readOnlyShard, summary, uniqueTable } from '../streams/stream-fixtures.js';
import { get, put, rejectsWith, validation } from './item-fixtures.js';
import { hashTable, tableName } from './table-fixtures.js';

describe('ExecuteTransaction (PartiQL)', () => {
  let eddy: TestEddy;
  /** HASH pk (S). */
  const accounts = tableName('pqt');
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(new CreateTableCommand(hashTable(accounts)));
  });
  after(() => eddy.stop());

  const transact = (TransactStatements: ParameterizedStatement[], extra: { ClientRequestToken?: string } = {}) =>
    eddy.ddb.send(new ExecuteTransactionCommand({ TransactStatements, ...extra }));
  const canceled = async (promise: Promise<unknown>, codes: string[]) => {
    const error = await rejectsWith(
      promise,
      'TransactionCanceledException',
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    );
    return error.CancellationReasons as unknown[];
  };

  it('writes all statements together, stream records included', async () => {
    const table = uniqueTable('pqt-stream');
    const arn = await createStreamTable(eddy.ddb, table);
    await put(eddy.ddb, table, { pk: { S: 'from' }, balance: { N: '10' } });
    await put(eddy.ddb, table, { pk: { S: 'gone' } });
    const out = await transact([
      { Statement: `UPDATE "${table}" SET balance = balance - ? WHERE pk = 'from' AND balance >= ?`, Parameters: [{ N: '4' }, { N: '4' }] },
      { Statement: `INSERT INTO "${table}" VALUE {'pk': 'to', 'balance': 4}` },
      { Statement: `DELETE FROM "${table}" WHERE pk = 'gone'` },
    ]);
    assert.equal(out.Responses, undefined);
    assert.deepEqual(await get(eddy.ddb, table, { pk: { S: 'from' } }), { pk: { S: 'from' }, balance: { N: '6' } });
    assert.deepEqual(await get(eddy.ddb, table, { pk: { S: 'to' } }), { pk: { S: 'to' }, balance: { N: '4' } });
    assert.equal(await get(eddy.ddb, table, { pk: { S: 'gone' } }), undefined);
    assert.deepEqual(summary(await readOnlyShard(eddy.streams, arn)), ['INSERT from', 'INSERT gone', 'MODIFY from', 'INSERT to', 'REMOVE gone']);
  });

  it('writes nothing when one statement fails, with a reason per statement', async () => {
    await put(eddy.ddb, accounts, { pk: { S: 'a' }, balance: { N: '1' } });
    await put(eddy.ddb, accounts, { pk: { S: 'dup' } });
    await put(eddy.ddb, accounts, { pk: { S: 'chk' }, balance: { N: '1' } });
    const reasons = await canceled(
      transact([
        { Statement: `UPDATE "${accounts}" SET balance = 100 WHERE pk = 'a'` },
        { Statement: `INSERT INTO "${accounts}" VALUE {'pk': 'dup'}` },
        { Statement: `UPDATE "${accounts}" SET balance = 0 WHERE pk = 'a2' AND balance > 5`, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
        { Statement: `EXISTS(SELECT * FROM "${accounts}" WHERE pk = 'chk' AND balance = 1)` },
      ]),
      ['None', 'DuplicateItem', 'ConditionalCheckFailed', 'None'],
    );
    assert.deepEqual(reasons, [
      { Code: 'None' },
      { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' },
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
      { Code: 'None' },
    ]);
    assert.deepEqual(await get(eddy.ddb, accounts, { pk: { S: 'a' } }), { pk: { S: 'a' }, balance: { N: '1' } });
  });

  it('checks items with EXISTS, returning the item on ALL_OLD', async () => {
    await put(eddy.ddb, accounts, { pk: { S: 'e' }, state: { S: 'open' } });
    const reasons = await canceled(
      transact([
        { Statement: `EXISTS(SELECT * FROM "${accounts}" WHERE pk = 'e' AND state = 'closed')`, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
        { Statement: `INSERT INTO "${accounts}" VALUE {'pk': 'e2'}` },
      ]),
      ['ConditionalCheckFailed', 'None'],
    );
    assert.deepEqual(reasons[0], { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'e' }, state: { S: 'open' } } });
    assert.equal(await get(eddy.ddb, accounts, { pk: { S: 'e2' } }), undefined);
    await transact([
      { Statement: `EXISTS(SELECT * FROM "${accounts}" WHERE pk = 'e' AND state = 'open')` },
      { Statement: `INSERT INTO "${accounts}" VALUE {'pk': 'e2'}` },
    ]);
    assert.deepEqual(await get(eddy.ddb, accounts, { pk: { S: 'e2' } }), { pk: { S: 'e2' } });
  });

  it('reads items as one snapshot; SELECTs must name the full key', async () => {
    await put(eddy.ddb, accounts, { pk: { S: 'r1' }, v: { N: '1' } });
    const out = await transact([
      { Statement: `SELECT v FROM "${accounts}" WHERE pk = 'r1'` },
      { Statement: `SELECT * FROM "${accounts}" WHERE pk = 'r-absent'` },
    ]);
    assert.deepEqual(out.Responses, [{ Item: { v: { N: '1' } } }, {}]);
    await validation(
      transact([{ Statement: `SELECT * FROM "${accounts}" WHERE pk = 'r1'` }, { Statement: `SELECT * FROM "${accounts}" WHERE v = 1` }]),
      'Validation failed in TransactStatements[1]: Select statements within ExecuteTransaction must specify the primary key in the where clause.',
    );
    const indexed = tableName('pqt-gsi');
    await eddy.ddb.send(
      new CreateTableCommand(
        hashTable(indexed, {
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }],
          GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        }),
      ),
    );
    await validation(
      transact([{ Statement: `SELECT * FROM "${indexed}"."byG" WHERE g = 'x'` }]),
      'Validation failed in TransactStatements[0]: Reads on indices are not supported within transactions.',
    );
    await validation(
      transact([{ Statement: `SELECT * FROM "${accounts}" WHERE` }]),
      "Validation failed in TransactStatements[0]: Statement wasn't well formed, can't be processed: Unexpected term",
    );
    await validation(
      transact([{ Statement: `SELECT * FROM "${accounts}" WHERE pk = 'r1'` }, { Statement: `DELETE FROM "${accounts}" WHERE pk = 'r1'` }]),
      'ExecuteTransaction API does not support both read and write operations in the same request.',
    );
  });

  it('refuses an EXISTS that does not check one item against a condition, in DynamoDB\'s words; nothing is written', async () => {
    await put(eddy.ddb, accounts, { pk: { S: 'x1' }, state: { S: 'open' } });
    const single = 'Validation failed in TransactStatements[1]: EXISTS() must contain a single item read with additional condition';
    for (const where of ["pk = 'x1'", "pk IN ['x1'] AND state = 'open'", "state = 'open'", "pk = 'x1' OR state = 'open'"]) {
      await validation(
        transact([
          { Statement: `INSERT INTO "${accounts}" VALUE {'pk': 'x2'}` },
          { Statement: `EXISTS(SELECT * FROM "${accounts}" WHERE ${where})` },
        ]),
        single,
      );
    }
    assert.equal(await get(eddy.ddb, accounts, { pk: { S: 'x2' } }), undefined);
    await rejectsWith(
      eddy.ddb.send(new ExecuteStatementCommand({ Statement: `EXISTS(SELECT * FROM "${accounts}" WHERE pk = 'x1' AND state = 'open')` })),
      'ValidationException',
      'EXISTS can only be used in ExecuteTransaction write requests.',
    );
  });

  it('refuses RETURNING with DynamoDB\'s message, and checks types with IS in EXISTS', async () => {
    await put(eddy.ddb, accounts, { pk: { S: 'typed' }, n: { N: '1' } });
    await validation(
      transact([
        { Statement: `UPDATE "${accounts}" SET n = 2 WHERE pk = 'other'` },
        { Statement: `UPDATE "${accounts}" SET n = 2 WHERE pk = 'typed' RETURNING ALL NEW *` },
      ]),
      'Validation failed in TransactStatements[1]: RETURNING clause is not supported in ExecuteTransaction.',
    );
    await validation(
      transact([{ Statement: `INSERT INTO "${accounts}" VALUE {'pk': 'ret'} RETURNING ALL OLD *` }]),
      'Validation failed in TransactStatements[0]: RETURNING is not supported in INSERT',
    );
    assert.equal(await get(eddy.ddb, accounts, { pk: { S: 'other' } }), undefined);
    const reasons = await canceled(
      transact([
        { Statement: `EXISTS(SELECT * FROM "${accounts}" WHERE pk = 'typed' AND n IS STRING)` },
        { Statement: `INSERT INTO "${accounts}" VALUE {'pk': 'typed-2'}` },
      ]),
      ['ConditionalCheckFailed', 'None'],
    );
    assert.equal(reasons.length, 2);
    await transact([
      { Statement: `EXISTS(SELECT * FROM "${accounts}" WHERE pk = 'typed' AND n IS DECIMAL AND n IS NOT STRING)` },
      { Statement: `INSERT INTO "${accounts}" VALUE {'pk': 'typed-2'}` },
    ]);
    assert.deepEqual(await get(eddy.ddb, accounts, { pk: { S: 'typed-2' } }), { pk: { S: 'typed-2' } });
  });

  it('cancels with a ValidationError for every statement whose key does not fit the schema, None for the others', async () => {
    // Recorded against AWS (floci #3674): unlike TransactWriteItems, every such statement has its reason.
    const reasons = await canceled(
      transact([
        { Statement: `INSERT INTO "${accounts}" VALUE {'pk': 1}` },
        { Statement: `INSERT INTO "${accounts}" VALUE {'pk': 'fine-key'}` },
        { Statement: `INSERT INTO "${accounts}" VALUE {'other': 'x'}` },
        { Statement: `UPDATE "${accounts}" SET n = 1 WHERE pk = 7` },
        { Statement: `DELETE FROM "${accounts}" WHERE pk = ?`, Parameters: [{ B: new Uint8Array([1]) }] },
      ]),
      ['ValidationError', 'None', 'ValidationError', 'ValidationError', 'ValidationError'],
    );
    assert.deepEqual(reasons, [
      { Code: 'ValidationError', Message: 'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N' },
      { Code: 'None' },
      { Code: 'ValidationError', Message: 'One or more parameter values were invalid: Missing the key pk in the item' },
      { Code: 'ValidationError', Message: 'The provided key element does not match the schema' },
      { Code: 'ValidationError', Message: 'The provided key element does not match the schema' },
    ]);
    assert.equal(await get(eddy.ddb, accounts, { pk: { S: 'fine-key' } }), undefined);
  });

  it('fails the whole request on a fault other than the key, even after a key fault', async () => {
    await validation(
      transact([
        { Statement: `INSERT INTO "${accounts}" VALUE {'pk': 1}` },
        { Statement: `UPDATE "${accounts}" SET n = 1 WHERE n = 'x'` },
      ]),
      'Validation failed in TransactStatements[1]: Where clause does not contain a mandatory equality on all key attributes',
    );
  });

  it('refuses two statements on one item', async () => {
    await validation(
      transact([
        { Statement: `INSERT INTO "${accounts}" VALUE {'pk': 'twice'}` },
        { Statement: `DELETE FROM "${accounts}" WHERE pk = 'twice'` },
      ]),
      'Transaction request cannot include multiple operations on one item',
    );
  });

  it('answers a retry with the same ClientRequestToken without writing again', async () => {
    const statements = [{ Statement: `UPDATE "${accounts}" SET n = n + 1 WHERE pk = 'idem'` }];
    await put(eddy.ddb, accounts, { pk: { S: 'idem' }, n: { N: '0' } });
    await transact(statements, { ClientRequestToken: 'token-1' });
    await transact(statements, { ClientRequestToken: 'token-1' });
    assert.deepEqual(await get(eddy.ddb, accounts, { pk: { S: 'idem' } }), { pk: { S: 'idem' }, n: { N: '1' } });
    await rejectsWith(
      transact([{ Statement: `UPDATE "${accounts}" SET n = n + 2 WHERE pk = 'idem'` }], { ClientRequestToken: 'token-1' }),
      'IdempotentParameterMismatchException',
      'DynamoDB rejected the request because you retried a request with a different payload but with an idempotent token that was already used.',
    );
  });
});
