import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BatchExecuteStatementCommand, CreateTableCommand, ExecuteStatementCommand, type ExecuteStatementCommandInput } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { get, put, rejectsWith, validation } from './item-fixtures.js';
import { hashTable, ordersTable, tableName } from './table-fixtures.js';

/**
 * ExecuteStatement's refusals, each in the words AWS is recorded answering (see
 * src/table/partiql/partiql-errors.ts for where each wording comes from); a refused statement runs
 * nothing.
 */
describe('ExecuteStatement (PartiQL) refusals', () => {
  let eddy: TestEddy;
  /** HASH pk (S), RANGE sk (N), GSI byEmail (email). */
  const orders = tableName('pqe');
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(
      new CreateTableCommand(ordersTable(orders)),
    );
    for (let sk = 1; sk <= 2; sk++) await put(eddy.ddb, orders, { pk: { S: 'c#1' }, sk: { N: String(sk) }, qty: { N: String(sk * 10) } });
    await put(eddy.ddb, orders, { pk: { S: 'c#2' }, sk: { N: '1' }, qty: { N: '99' } });
  });
  after(() => eddy.stop());

  const run = (Statement: string, extra: Partial<ExecuteStatementCommandInput> = {}) =>
    eddy.ddb.send(new ExecuteStatementCommand({ Statement, ...extra }));

  it('refuses any read of a global index with a multi-attribute key, as AWS is recorded doing; the table and its other indexes still read', async () => {
    const table = tableName('pq-multi');
    await eddy.ddb.send(
      new CreateTableCommand(
        hashTable(table, {
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'tournament', AttributeType: 'S' },
            { AttributeName: 'region', AttributeType: 'S' },
            { AttributeName: 'round', AttributeType: 'N' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byTournament',
              KeySchema: [
                { AttributeName: 'tournament', KeyType: 'HASH' },
                { AttributeName: 'region', KeyType: 'HASH' },
                { AttributeName: 'round', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
            { IndexName: 'byRegion', KeySchema: [{ AttributeName: 'region', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
          ],
        }),
      ),
    );
    await put(eddy.ddb, table, { pk: { S: 'm1' }, tournament: { S: 'winter' }, region: { S: 'eu' }, round: { N: '2' } });
    const refused = 'PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute RANGE keys.';
    const index = `"${table}"."byTournament"`;
    // Ahead of the key types, the WHERE clause's requirements and ORDER BY.
    for (const where of ["WHERE tournament = 'winter' AND region = 'eu' AND round >= 1", 'WHERE tournament = 5', "WHERE pk = 'm1'", '']) {
      await validation(run(`SELECT pk FROM ${index} ${where}`), refused);
    }
    await validation(run(`SELECT pk FROM ${index} WHERE tournament = 'winter' AND region = 'eu' ORDER BY round DESC`), refused);
    // Behind the syntax.
    await assert.rejects(run(`SELECT pk FROM ${index} WHERE`), (e: Error) => e.name === 'ValidationException' && e.message.startsWith("Statement wasn't well formed"));
    const batch = await eddy.ddb.send(
      new BatchExecuteStatementCommand({
        Statements: [
          { Statement: `SELECT * FROM ${index} WHERE tournament = 'winter' AND region = 'eu' AND round = 2` },
          { Statement: `SELECT * FROM "${table}"."byRegion" WHERE region = 'eu'` },
          { Statement: `SELECT pk FROM "${table}" WHERE pk = 'm1'` },
        ],
      }),
    );
    assert.deepEqual(batch.Responses, [
      { TableName: table, Error: { Code: 'ValidationError', Message: refused } },
      { TableName: table, Error: { Code: 'ValidationError', Message: 'Select statements within BatchExecuteStatement must specify the primary key in the where clause.' } },
      { TableName: table, Item: { pk: { S: 'm1' } } },
    ]);
    assert.deepEqual((await run(`SELECT pk FROM "${table}"."byRegion" WHERE region = 'eu'`)).Items, [{ pk: { S: 'm1' } }]);
    assert.deepEqual((await run(`SELECT pk FROM "${table}" WHERE pk = 'm1'`)).Items, [{ pk: { S: 'm1' } }]);
  });

  it('answers an index it cannot read, a strongly consistent GSI read and odd FROM paths in PartiQL\'s words', async () => {
    await validation(run(`SELECT * FROM "${orders}"."noSuchIndex" WHERE pk = 'c#1'`), 'The table does not have the specified index');
    await validation(run(`SELECT * FROM "${orders}"."${orders}" WHERE pk = 'c#1'`), 'The table does not have the specified index');
    await validation(
      run(`SELECT * FROM "${orders}"."byEmail" WHERE email = 'x'`, { ConsistentRead: true }),
      'Strongly consistent read is not supported on Global Secondary Indexes',
    );
    await validation(run(`SELECT * FROM "${orders}"."byEmail"."extra" WHERE pk = 'c#1'`), 'A path may contain at most 2 components in the FROM clause');
    await validation(run(`SELECT * FROM "${orders}"."" WHERE pk = 'c#1'`), 'Path component cannot be an empty string');
    await validation(run(`SELECT * FROM "" WHERE pk = 'c#1'`), 'Path component cannot be an empty string');
  });

  it('refuses attributes an index does not project, in the WHERE clause and in a global index\'s select list', async () => {
    const table = tableName('pqe-proj');
    await eddy.ddb.send(
      new CreateTableCommand(
        hashTable(
          table,
          {
            AttributeDefinitions: [
              { AttributeName: 'pk', AttributeType: 'S' },
              { AttributeName: 'sk', AttributeType: 'N' },
              { AttributeName: 'g', AttributeType: 'S' },
              { AttributeName: 'l', AttributeType: 'S' },
            ],
            GlobalSecondaryIndexes: [
              { IndexName: 'inc', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['kept'] } },
            ],
            LocalSecondaryIndexes: [
              {
                IndexName: 'keys',
                KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }],
                Projection: { ProjectionType: 'KEYS_ONLY' },
              },
            ],
          },
          true,
        ),
      ),
    );
    await put(eddy.ddb, table, { pk: { S: 'p' }, sk: { N: '1' }, g: { S: 'y' }, l: { S: 'x' }, kept: { S: 'k' }, other: { S: 'o' } });
    const invalid = 'One or more parameter values were invalid: ';
    await validation(run(`SELECT pk FROM "${table}"."inc" WHERE g = 'y' AND other = 'o'`), `${invalid}Secondary index inc does not project one or more filter attributes: [other]`);
    await validation(run(`SELECT pk FROM "${table}"."keys" WHERE pk = 'p' AND other = 'o'`), `${invalid}Secondary index keys does not project one or more filter attributes: [other]`);
    await validation(run(`SELECT other FROM "${table}"."inc" WHERE g = 'y'`), `${invalid}Global secondary index inc does not project [other]`);
    assert.deepEqual((await run(`SELECT pk, kept FROM "${table}"."inc" WHERE g = 'y' AND kept = 'k' AND sk = 1`)).Items, [{ pk: { S: 'p' }, kept: { S: 'k' } }]);
  });

  it('refuses ORDER BY DynamoDB cannot serve, in its words', async () => {
    await validation(run(`SELECT sk FROM "${orders}" ORDER BY sk`), 'Must have WHERE clause in the statement when using ORDER BY clause.');
    await validation(run(`SELECT sk FROM "${orders}" WHERE pk = 'c#1' ORDER BY qty DESC`), 'Attribute qty in ORDER BY clause must be part of the primary key');
    await validation(
      run(`SELECT sk FROM "${orders}" WHERE pk > 'c' ORDER BY sk`),
      'Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.',
    );
    await validation(
      run(`SELECT sk FROM "${orders}" WHERE pk IN ['c#1', 'c#2'] ORDER BY sk DESC`),
      'Must have hash key in ORDER BY clause when more than one hash key condition specified in WHERE clause.',
    );
    await validation(run(`SELECT sk FROM "${orders}" WHERE pk = 'c#1' ORDER BY sk, qty`), 'Attribute qty in ORDER BY clause must be part of the primary key');
  });

  it('refuses OR branches that overlap on the sort key, and runs those whose sort-key condition is negated, as recorded', async () => {
    await validation(
      run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND qty = 10 OR pk = 'c#1' AND sk = 2`),
      'Overlapping conditions with range keys are not supported in where clause',
    );
    const out = await run(`SELECT sk FROM "${orders}" WHERE pk = 'c#1' AND NOT sk = 1 OR pk = 'c#1' AND sk = 2`);
    assert.deepEqual(out.Items, [{ sk: { N: '2' } }]);
  });

  it('refuses a function DynamoDB\'s PartiQL does not have with its Unrecognized function answer', async () => {
    const statement = `SELECT * FROM "${orders}" WHERE pk = 'c#1' AND attribute_typo(qty)`;
    await validation(run(statement), `Unrecognized function: attribute_typo at 1:${statement.indexOf('attribute_typo') + 1}:14`);
    const multiline = `SELECT * FROM "${orders}"\nWHERE pk = 'c#1'\n  AND EXISTS(qty)`;
    await validation(run(multiline), 'Unrecognized function: exists at 3:7:6');
    const update = `UPDATE "${orders}" SET qty = upper(qty) WHERE pk = 'c#1' AND sk = 1`;
    await validation(run(update), `Unrecognized function: upper at 1:${update.indexOf('upper') + 1}:5`);
  });

  it('checks function operands and set_add / set_delete arguments in AWS\'s recorded words; nothing is written', async () => {
    await put(eddy.ddb, orders, { pk: { S: 'fn' }, sk: { N: '1' }, ss: { SS: ['a', 'b'] }, s: { S: 'str' } });
    const where = (condition: string) => `SELECT * FROM "${orders}" WHERE pk = 'fn' AND ${condition}`;
    const count = (fn: string, n: number) =>
      `Incorrect number of operands for operator or function; operator or function: ${fn}, number of operands: ${n}`;
    await validation(run(where('attribute_exists()')), count('attribute_exists', 0));
    await validation(run(where('attribute_exists(ss, s)')), count('attribute_exists', 2));
    await validation(run(where("begins_with(s)")), count('begins_with', 1));
    await validation(run(where('size(s, ss) > 1')), count('size', 2));
    const path = 'Operator or function requires a document path; operator or function: attribute_exists';
    await validation(run(where("attribute_exists('ss')")), path);
    await validation(run(where('attribute_exists(?)'), { Parameters: [{ S: 'ss' }] }), path);
    await validation(run(where("attribute_type(s, 'X')")), 'Invalid attribute type name found; type: X, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}');
    assert.equal((await run(where('attribute_exists(ss) = true'))).Items!.length, 1);
    await validation(run(where('s < ?'), { Parameters: [{ BOOL: true }] }), 'Incorrect operand type for operator or function; operator or function: <, operand type: BOOL');
    await validation(run(`SELECT attribute_exists(ss) FROM "${orders}" WHERE pk = 'fn'`), 'Unexpected path component at 1:8:16');

    const update = (set: string) => `UPDATE "${orders}" SET ${set} WHERE pk = 'fn' AND sk = 1`;
    const at = (statement: string, token: string, from = 0) => `1:${statement.indexOf(token, from) + 1}:${token.length}`;
    for (const [set, message] of [
      ["t = set_add(ss, <<'x'>>)", (s: string) => `The first argument to SET_ADD must equal the assignment value at ${at(s, 'set_add')}`],
      ["ss = set_add(<<'a'>>, <<'b'>>)", (s: string) => `The first argument to SET_ADD must equal the assignment value at ${at(s, 'set_add')}`],
      ["ss = set_add(ss, 'x')", (s: string) => `The second argument to SET_ADD must be a value with type SET at ${at(s, 'ss', s.indexOf('set_add('))}`],
      ["ss = set_add(ss, ['x'])", (s: string) => `The second argument to SET_ADD must be a value with type SET at ${at(s, 'ss', s.indexOf('set_add('))}`],
      ['ss = set_add(ss)', (s: string) => `SET_ADD must have exactly two arguments at ${at(s, 'set_add')}`],
      ["ss = set_add(ss, <<'x'>>, <<'y'>>)", (s: string) => `SET_ADD must have exactly two arguments at ${at(s, 'set_add')}`],
      ["t = set_delete(ss, <<'a'>>)", (s: string) => `The first argument to SET_DELETE must equal the assignment value at ${at(s, 'set_delete')}`],
      ["ss = set_delete(ss, 'a')", (s: string) => `The second argument to SET_DELETE must be a value with type SET at ${at(s, 'ss', s.indexOf('set_delete('))}`],
      ['ss = set_add(ss, <<>>)', () => 'Empty bags are not supported'],
      ["ss = set_add(ss, <<'x', 'x'>>)", () => 'One or more parameter values were invalid: Input collection [x, x] contains duplicates.'],
    ] as const) {
      const statement = update(set);
      await validation(run(statement), message(statement));
    }
    assert.deepEqual(await get(eddy.ddb, orders, { pk: { S: 'fn' }, sk: { N: '1' } }), { pk: { S: 'fn' }, sk: { N: '1' }, ss: { SS: ['a', 'b'] }, s: { S: 'str' } });
  });

  it('refuses RETURNING on INSERT, and any DELETE RETURNING but ALL OLD *, with DynamoDB\'s messages; nothing is written', async () => {
    await validation(run(`INSERT INTO "${orders}" VALUE {'pk': 'ret', 'sk': 1} RETURNING ALL NEW *`), 'RETURNING is not supported in INSERT');
    await validation(run(`INSERT INTO "${orders}" VALUE {'pk': 'ret', 'sk': 1} RETURNING ALL OLD *`), 'RETURNING is not supported in INSERT');
    assert.equal(await get(eddy.ddb, orders, { pk: { S: 'ret' }, sk: { N: '1' } }), undefined);
    await put(eddy.ddb, orders, { pk: { S: 'ret' }, sk: { N: '2' } });
    for (const clause of ['RETURNING MODIFIED OLD *', 'RETURNING ALL NEW *', 'RETURNING MODIFIED NEW *']) {
      await validation(
        run(`DELETE FROM "${orders}" WHERE pk = 'ret' AND sk = 2 ${clause}`),
        `Invalid returning clause: ${clause}. Only RETURNING ALL OLD * is allowed in DELETE statements.`,
      );
    }
    assert.notEqual(await get(eddy.ddb, orders, { pk: { S: 'ret' }, sk: { N: '2' } }), undefined);
  });

  it('answers DynamoDB\'s errors: malformed statements, parameters, unknown tables', async () => {
    await validation(run('UPSERT INTO t VALUE {}'), "Statement wasn't well formed, can't be processed: Expected data manipulation");
    await validation(run(`SELECT * FROM "${orders}" WHERE pk = ?`), "Number of parameters in request and statement don't match.");
    await validation(
      run(`SELECT * FROM "${orders}"`, { Parameters: [] }),
      "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    await rejectsWith(run(`SELECT * FROM "no-such-table" WHERE pk = 'a'`), 'ResourceNotFoundException', 'Requested resource not found');
  });

  it('refuses a token left over and an alias in AWS\'s recorded words; nothing runs', async () => {
    const leftover = "Statement wasn't well formed, can't be processed: Unexpected token after expression";
    await put(eddy.ddb, orders, { pk: { S: 'gram' }, sk: { N: '1' } });
    await validation(run(`SELECT * FROM "${orders}" WHERE pk = 'gram' foo`), leftover);
    await validation(run(`SELECT * FROM "${orders}" WHERE pk = 'gram')`), leftover);
    await validation(run(`SELECT * FROM "${orders}" ORDER BY sk WHERE pk = 'gram'`), leftover);
    await validation(run(`DELETE FROM "${orders}" WHERE pk = 'gram' AND sk = 1 ORDER BY pk`), leftover);
    await validation(run(`INSERT INTO "${orders}" VALUE {'pk': 'gram', 'sk': 2} foo`), leftover);
    await validation(run(`INSERT INTO "${orders}" t VALUE {'pk': 'gram', 'sk': 3}`), leftover);
    await validation(run(`SELECT * FROM "${orders}" t WHERE pk = 'gram'`), 'Aliasing is not supported');
    await validation(run(`SELECT * FROM "${orders}" AS t WHERE pk = 'gram'`), 'Aliasing is not supported');
    await validation(run(`UPDATE "${orders}" t SET a = 3 WHERE pk = 'gram' AND sk = 1`), 'Aliasing is not supported');
    await validation(run(`DELETE FROM "${orders}" t WHERE pk = 'gram' AND sk = 1`), 'Aliasing is not supported');
    const bare = "Statement wasn't well formed, can't be processed: ";
    await validation(run(`DELETE FROM "${orders}" WHERE pk = 'gram' AND sk = 1 # note`), bare);
    await validation(run(`DELETE FROM "${orders}" WHERE pk = 'gram' AND sk = 1 /* note`), bare);
    assert.equal((await run(`/* a */ SELECT * FROM "${orders}" /* b */ WHERE pk = 'gram' /* c */`)).Items!.length, 1);
    assert.deepEqual(await get(eddy.ddb, orders, { pk: { S: 'gram' }, sk: { N: '1' } }), { pk: { S: 'gram' }, sk: { N: '1' } });
    for (const sk of ['2', '3']) assert.equal(await get(eddy.ddb, orders, { pk: { S: 'gram' }, sk: { N: sk } }), undefined);
  });

  it('names what is missing or misplaced in AWS\'s words', async () => {
    const detail = (d: string) => `Statement wasn't well formed, can't be processed: ${d}`;
    await validation(run(`SELECT * FROM "${orders}" WHERE`), detail('Unexpected term'));
    await validation(run(`DELETE FROM "${orders}" WHERE (`), detail('Unexpected term'));
    await validation(run('SELECT * FROM'), detail('Unexpected term'));
    await validation(run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND`), detail('Missing right-hand side expression of infix operator'));
    await validation(run(`SELECT * FROM "${orders}" WHERE ORDER BY pk`), detail('Unexpected keyword'));
    await validation(run(`SELECT * FROM "${orders}" WHERE IS NULL`), detail('Unexpected operator'));
    await validation(run(`SELECT * FROM "${orders}" WHERE pk = 'c#1' AND x IS FOO`), detail('Expected type name'));
    await validation(run("DELETE FROM WHERE pk = 'c#1'"), detail('Expected identifier for simple path'));
    await validation(run(`SELECT * FROM "${orders}" WHERE sk = 1e2147483648`), detail(''));
    const over = 'Number overflow. Attempting to store a number with magnitude larger than supported range';
    await validation(run(`SELECT * FROM "${orders}" WHERE sk = 1e126`), `${over} under root`);
    await validation(run(`INSERT INTO "${orders}" VALUE {'pk': 'num', 'sk': 1, 'l': [1, 1e126]}`), `${over} under root[1]`);
    assert.equal(await get(eddy.ddb, orders, { pk: { S: 'num' }, sk: { N: '1' } }), undefined);
    assert.equal((await run(`SELECT * FROM "${orders}" WHERE pk = 'c#2';`)).Items!.length, 1);
    const batch = await eddy.ddb.send(new BatchExecuteStatementCommand({ Statements: [{ Statement: `SELECT * FROM "${orders}" WHERE` }] }));
    assert.deepEqual(batch.Responses, [{ Error: { Code: 'ValidationError', Message: detail('Unexpected term') } }]);
  });
});
