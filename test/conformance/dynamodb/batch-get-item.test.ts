import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchGetItemCommand, PutItemCommand, type BatchGetItemCommandInput } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { arnOf, createItemTables, notFound, put, tables, unique, validation } from './item-fixtures.js';

describe('BatchGetItem', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
    await createItemTables(eddy.ddb);
  });
  after(() => eddy.stop());

  const send = (RequestItems: BatchGetItemCommandInput['RequestItems'], extra: Partial<BatchGetItemCommandInput> = {}) =>
    eddy.ddb.send(new BatchGetItemCommand({ RequestItems, ...extra }));
  const userKey = (id: string) => ({ userId: { S: id } });

  it('reads items of several tables; absent keys are left out', async () => {
    const a = unique('bg');
    const b = unique('bg');
    const pk = unique('bg');
    await put(eddy.ddb, tables.users, { ...userKey(a), n: { N: '1' } });
    await put(eddy.ddb, tables.users, { ...userKey(b), n: { N: '2' } });
    await put(eddy.ddb, tables.events, { pk: { S: pk }, sk: { N: '5' }, v: { S: 'x' } });
    const out = await send({
      [tables.users]: { Keys: [userKey(a), userKey('missing'), userKey(b)] },
      [tables.events]: { Keys: [{ pk: { S: pk }, sk: { N: '5.0' } }] },
    });
    const users = out.Responses![tables.users]!.sort((x, y) => x.n!.N!.localeCompare(y.n!.N!));
    assert.deepEqual(users, [
      { ...userKey(a), n: { N: '1' } },
      { ...userKey(b), n: { N: '2' } },
    ]);
    assert.deepEqual(out.Responses![tables.events], [{ pk: { S: pk }, sk: { N: '5' }, v: { S: 'x' } }]);
    assert.deepEqual(out.UnprocessedKeys, {});
  });

  it('answers an empty list for a table with no item found, and UnprocessedKeys {}', async () => {
    const res = await eddy.raw('BatchGetItem', { RequestItems: { [tables.users]: { Keys: [userKey('nobody')] } } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { Responses: { [tables.users]: [] }, UnprocessedKeys: {} });
  });

  it('projects with ProjectionExpression and ExpressionAttributeNames, and with AttributesToGet', async () => {
    const id = unique('bg');
    await put(eddy.ddb, tables.users, { ...userKey(id), a: { S: 'A' }, b: { M: { c: { N: '3' }, d: { N: '4' } } }, e: { S: 'E' } });
    const out = await send({
      [tables.users]: { Keys: [userKey(id)], ProjectionExpression: '#a, b.c', ExpressionAttributeNames: { '#a': 'a' } },
    });
    assert.deepEqual(out.Responses![tables.users], [{ a: { S: 'A' }, b: { M: { c: { N: '3' } } } }]);
    const legacy = await send({ [tables.users]: { Keys: [userKey(id)], AttributesToGet: ['e', 'userId'] } });
    assert.deepEqual(legacy.Responses![tables.users], [{ e: { S: 'E' }, userId: { S: id } }]);
  });

  it('accepts a table ARN and answers under it', async () => {
    const id = unique('bg');
    await put(eddy.ddb, tables.users, userKey(id));
    const out = await send({ [arnOf(tables.users)]: { Keys: [userKey(id)] } });
    assert.deepEqual(out.Responses, { [arnOf(tables.users)]: [userKey(id)] });
  });

  it('works through the document client', async () => {
    const id = unique('bg');
    await put(eddy.ddb, tables.users, { ...userKey(id), n: { N: '7' } });
    const out = await eddy.doc.send(new BatchGetCommand({ RequestItems: { [tables.users]: { Keys: [{ userId: id }] } } }));
    assert.deepEqual(out.Responses, { [tables.users]: [{ userId: id, n: 7 }] });
  });

  it('reports ConsumedCapacity per table', async () => {
    const id = unique('bg');
    await put(eddy.ddb, tables.users, userKey(id));
    const out = await send(
      { [tables.users]: { Keys: [userKey(id), userKey('absent')], ConsistentRead: true } },
      { ReturnConsumedCapacity: 'TOTAL' },
    );
    assert.deepEqual(out.ConsumedCapacity, [{ TableName: tables.users, CapacityUnits: 2, ReadCapacityUnits: 2 }]);
  });

  it('answers past 16 MB with UnprocessedKeys carrying the table settings', async () => {
    const big = 'x'.repeat(400_000);
    const ids = Array.from({ length: 45 }, () => unique('big'));
    for (const id of ids) await eddy.ddb.send(new PutItemCommand({ TableName: tables.users, Item: { ...userKey(id), big: { S: big } } }));
    const out = await send({
      [tables.users]: { Keys: ids.map(userKey), ConsistentRead: true, ProjectionExpression: 'userId' },
    });
    const got = out.Responses![tables.users]!.map((item) => item.userId!.S!);
    const left = out.UnprocessedKeys![tables.users]!;
    // 41 items of 400,0xx bytes fit in 16 MiB, the 42nd would not.
    assert.equal(got.length, 41);
    assert.deepEqual(
      [...got, ...left.Keys!.map((key) => key.userId!.S!)].sort(),
      [...ids].sort(),
    );
    assert.equal(left.ConsistentRead, true);
    assert.equal(left.ProjectionExpression, 'userId');
    const rest = await send({ [tables.users]: left });
    assert.equal(rest.Responses![tables.users]!.length, 4);
    assert.deepEqual(rest.UnprocessedKeys, {});
  });

  describe('validation', () => {
    it('refuses duplicate keys', async () => {
      await validation(send({ [tables.users]: { Keys: [userKey('d'), userKey('d')] } }), 'Provided list of item keys contains duplicates');
      await validation(
        send({ [tables.events]: { Keys: [{ pk: { S: 'p' }, sk: { N: '1' } }, { pk: { S: 'p' }, sk: { N: '1.00' } }] } }),
        'Provided list of item keys contains duplicates',
      );
    });

    it('refuses the same key named through the table name and its ARN', async () => {
      await validation(
        send({ [tables.users]: { Keys: [userKey('d')] }, [arnOf(tables.users)]: { Keys: [userKey('d')] } }),
        'Provided list of item keys contains duplicates',
      );
    });

    it('refuses more than 100 keys for one table', async () => {
      const keys = Array.from({ length: 101 }, (_, i) => userKey(`k${i}`));
      const shown = `[${keys.map((key) => JSON.stringify(key)).join(', ')}]`;
      await validation(
        send({ [tables.users]: { Keys: keys } }),
        `1 validation error detected: Value '${shown}' at 'requestItems.${tables.users}.member.keys' failed to satisfy constraint: Member must have length less than or equal to 100`,
      );
    });

    it('refuses more than 100 keys over all tables', async () => {
      const users = Array.from({ length: 60 }, (_, i) => userKey(`k${i}`));
      const events = Array.from({ length: 41 }, (_, i) => ({ pk: { S: 'p' }, sk: { N: String(i) } }));
      await validation(
        send({ [tables.users]: { Keys: users }, [tables.events]: { Keys: events } }),
        'Too many items requested for the BatchGetItem call',
      );
    });

    it('refuses an empty RequestItems and an empty Keys list', async () => {
      await validation(send({}), 'The requestItems parameter is required for BatchGetItem');
      const res = await eddy.raw('BatchGetItem', { RequestItems: { [tables.users]: { Keys: [] } } });
      assert.equal(res.json.message, `1 validation error detected: Value '[]' at 'requestItems.${tables.users}.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    });

    it('refuses a missing RequestItems', async () => {
      const res = await eddy.raw('BatchGetItem', {});
      assert.equal(res.status, 400);
      assert.equal(res.json.message, "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null");
    });

    it('refuses a bad table name', async () => {
      const res = await eddy.raw('BatchGetItem', { RequestItems: { ab: { Keys: [userKey('a')] } } });
      assert.equal(
        res.json.message,
        "1 validation error detected: Value '{\"ab\":{\"Keys\":[{\"userId\":{\"S\":\"a\"}}]}}' at 'requestItems' failed to satisfy constraint: " +
          'Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, ' +
          'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]',
      );
    });

    it('refuses a key that does not match the schema, and a missing table', async () => {
      await validation(send({ [tables.users]: { Keys: [{ other: { S: 'x' } }] } }), 'The provided key element does not match the schema');
      await notFound(send({ NoSuchTable: { Keys: [userKey('x')] } }));
    });

    it('refuses mixing AttributesToGet with ProjectionExpression, and unused names', async () => {
      await validation(
        send({ [tables.users]: { Keys: [userKey('x')], AttributesToGet: ['a'], ProjectionExpression: 'a' } }),
        'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}',
      );
      await validation(
        send({ [tables.users]: { Keys: [userKey('x')], ExpressionAttributeNames: { '#a': 'a' } } }),
        'ExpressionAttributeNames can only be specified when using expressions',
      );
      await validation(
        send({ [tables.users]: { Keys: [userKey('x')], ProjectionExpression: 'a', ExpressionAttributeNames: { '#a': 'a' } } }),
        'Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}',
      );
    });
  });
});
