import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DeleteTableCommand, ListTablesCommand, paginateListTables } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable } from './table-fixtures.js';

describe('ListTables', () => {
  let eddy: TestEddy;
  const names = ['Alpha', 'alpha', 'beta', 'Beta.2', 'gamma', 'delta-1', 'Zeta_9'];
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const list = (input: { Limit?: number; ExclusiveStartTableName?: string } = {}) => eddy.ddb.send(new ListTablesCommand(input));

  it('lists nothing on a fresh server', async () => {
    const out = await list();
    assert.deepEqual(out.TableNames, []);
    assert.equal(out.LastEvaluatedTableName, undefined);
  });

  it('lists all tables in byte order', async () => {
    for (const name of names) await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    const out = await list();
    assert.deepEqual(out.TableNames, ['Alpha', 'Beta.2', 'Zeta_9', 'alpha', 'beta', 'delta-1', 'gamma']);
    assert.equal(out.LastEvaluatedTableName, undefined);
  });

  it('pages with Limit and ExclusiveStartTableName', async () => {
    const first = await list({ Limit: 3 });
    assert.deepEqual(first.TableNames, ['Alpha', 'Beta.2', 'Zeta_9']);
    assert.equal(first.LastEvaluatedTableName, 'Zeta_9');
    const second = await list({ Limit: 3, ExclusiveStartTableName: first.LastEvaluatedTableName });
    assert.deepEqual(second.TableNames, ['alpha', 'beta', 'delta-1']);
    const third = await list({ Limit: 3, ExclusiveStartTableName: second.LastEvaluatedTableName });
    assert.deepEqual(third.TableNames, ['gamma']);
    assert.equal(third.LastEvaluatedTableName, undefined);
  });

  it('starts after a name that is not a table', async () => {
    assert.deepEqual((await list({ ExclusiveStartTableName: 'bb.' })).TableNames, ['beta', 'delta-1', 'gamma']);
  });

  it('works with the SDK paginator', async () => {
    const seen: string[] = [];
    for await (const page of paginateListTables({ client: eddy.ddb, pageSize: 2 }, {})) seen.push(...(page.TableNames ?? []));
    assert.deepEqual(seen, ['Alpha', 'Beta.2', 'Zeta_9', 'alpha', 'beta', 'delta-1', 'gamma']);
  });

  it('forgets deleted tables', async () => {
    await eddy.ddb.send(new DeleteTableCommand({ TableName: 'gamma' }));
    assert.deepEqual((await list({ ExclusiveStartTableName: 'beta' })).TableNames, ['delta-1']);
  });

  it('validates Limit and ExclusiveStartTableName', async () => {
    assertRawError(
      await eddy.raw('ListTables', { Limit: 0 }),
      'ValidationException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    assertRawError(
      await eddy.raw('ListTables', { Limit: 101, ExclusiveStartTableName: 'a' }),
      'ValidationException',
      "2 validation errors detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100; " +
        "Value 'a' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    );
  });

  it('rejects a Limit of the wrong JSON type', async () => {
    assertRawError(await eddy.raw('ListTables', { Limit: '5' }), 'SerializationException', 'STRING_VALUE cannot be converted to Integer');
  });
});
