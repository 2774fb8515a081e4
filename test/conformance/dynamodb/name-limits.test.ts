import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { hashTable, tableName, validationError } from './table-fixtures.js';

/** Measured on AWS (see src/table/values/attribute-name.ts). */
const NAME_TOO_LARGE = '1 validation error detected: Attribute name is too large, must be less than 65536 bytes';
const longest = 'n'.repeat(65_535);
const tooLong = 'n'.repeat(65_536);

/** Attribute name lengths: 64 KB less one for any attribute, 255 characters for key attributes. */
describe('attribute name limits', () => {
  let eddy: TestEddy;
  const TABLE = 'NameLimits'; // pk S
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(new CreateTableCommand(hashTable(TABLE)));
  });
  after(() => eddy.stop());

  const put = (item: Record<string, AttributeValue>) =>
    eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'p' }, ...item } }));

  describe('any attribute: at most 65 535 UTF-8 bytes', () => {
    it('stores a name of 65 535 bytes, at the top and inside a map', async () => {
      await put({ [longest]: { S: 'top' }, doc: { M: { [longest]: { N: '1' } } } });
      const item = (await eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'p' } } }))).Item!;
      assert.deepEqual(item[longest], { S: 'top' });
      assert.deepEqual(item['doc'], { M: { [longest]: { N: '1' } } });
    });

    it('refuses a name of 65 536 bytes at the top of an item', () => validationError(put({ [tooLong]: { S: 'x' } }), NAME_TOO_LARGE));

    it('refuses one nested in maps and lists', () =>
      validationError(put({ doc: { L: [{ M: { [tooLong]: { S: 'x' } } }] } }), NAME_TOO_LARGE));

    it('counts bytes, not characters', () => validationError(put({ ['é'.repeat(32_768)]: { S: 'x' } }), NAME_TOO_LARGE));

    it('refuses one given through ExpressionAttributeNames', async () => {
      await validationError(
        eddy.ddb.send(
          new UpdateItemCommand({
            TableName: TABLE,
            Key: { pk: { S: 'p' } },
            UpdateExpression: 'SET #n = :v',
            ExpressionAttributeNames: { '#n': tooLong },
            ExpressionAttributeValues: { ':v': { S: 'x' } },
          }),
        ),
        NAME_TOO_LARGE,
      );
      await validationError(
        eddy.ddb.send(
          new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'p' } }, ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': tooLong } }),
        ),
        NAME_TOO_LARGE,
      );
    });

    it('refuses one inside an ExpressionAttributeValues map without wrapping the message', () =>
      validationError(
        eddy.ddb.send(
          new UpdateItemCommand({
            TableName: TABLE,
            Key: { pk: { S: 'p' } },
            UpdateExpression: 'SET doc = :v',
            ExpressionAttributeValues: { ':v': { M: { [tooLong]: { S: 'x' } } } },
          }),
        ),
        NAME_TOO_LARGE,
      ));
  });

  describe('placeholders: at most 255 bytes', () => {
    const getWith = (placeholder: string) =>
      eddy.ddb.send(
        new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'p' } }, ProjectionExpression: placeholder, ExpressionAttributeNames: { [placeholder]: 'a' } }),
      );

    it('accepts a placeholder of 255 bytes, # included', async () => {
      await getWith(`#${'a'.repeat(254)}`);
    });

    it('refuses one of 256 bytes (wording unconfirmed)', () =>
      validationError(getWith(`#${'a'.repeat(255)}`), 'The expression attribute map contains a key that is too long'));
  });

  describe('key attributes: 1 to 255 characters', () => {
    const name255 = 'k'.repeat(255);
    const name256 = 'k'.repeat(256);
    const atMost255 = (value: string, path: string) =>
      `Value '${value}' at '${path}' failed to satisfy constraint: Member must have length less than or equal to 255`;

    it('accepts key names of 255 characters, in the table and in indexes', async () => {
      const name = tableName('keys255');
      await eddy.ddb.send(
        new CreateTableCommand({
          TableName: name,
          KeySchema: [{ AttributeName: name255, KeyType: 'HASH' }],
          AttributeDefinitions: [
            { AttributeName: name255, AttributeType: 'S' },
            { AttributeName: `g${name255.slice(1)}`, AttributeType: 'S' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byG',
              KeySchema: [{ AttributeName: `g${name255.slice(1)}`, KeyType: 'HASH' }],
              Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [`x${name255.slice(1)}`] },
            },
          ],
        }),
      );
      await eddy.ddb.send(new PutItemCommand({ TableName: name, Item: { [name255]: { S: 'a' } } }));
    });

    it('refuses a 256-character name in the key schema and the attribute definitions', () =>
      validationError(
        eddy.ddb.send(
          new CreateTableCommand({
            TableName: tableName('keys256'),
            KeySchema: [{ AttributeName: name256, KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: name256, AttributeType: 'S' }],
            BillingMode: 'PAY_PER_REQUEST',
          }),
        ),
        `2 validation errors detected: ${atMost255(name256, 'attributeDefinitions.1.member.attributeName')}; ` +
          atMost255(name256, 'keySchema.1.member.attributeName'),
      ));

    it('refuses one in a global index key and in its projection', () =>
      validationError(
        eddy.ddb.send(
          new CreateTableCommand(
            hashTable(tableName('gsi256'), {
              AttributeDefinitions: [
                { AttributeName: 'pk', AttributeType: 'S' },
                { AttributeName: 'g', AttributeType: 'S' },
              ],
              GlobalSecondaryIndexes: [
                {
                  IndexName: 'byG',
                  KeySchema: [{ AttributeName: name256, KeyType: 'HASH' }],
                  Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [name256] },
                },
              ],
            }),
          ),
        ),
        `2 validation errors detected: ${atMost255(name256, 'globalSecondaryIndexes.1.member.keySchema.1.member.attributeName')}; ` +
          atMost255(name256, 'globalSecondaryIndexes.1.member.projection.nonKeyAttributes.1.member'),
      ));

    it('refuses one in an index UpdateTable creates', () =>
      validationError(
        eddy.ddb.send(
          new UpdateTableCommand({
            TableName: TABLE,
            AttributeDefinitions: [{ AttributeName: name256, AttributeType: 'S' }],
            GlobalSecondaryIndexUpdates: [
              { Create: { IndexName: 'byLong', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } },
            ],
          }),
        ),
        `1 validation error detected: ${atMost255(name256, 'attributeDefinitions.1.member.attributeName')}`,
      ));
  });
});

/**
 * An index added by UpdateTable leaves out items whose key value is over the key limits (2048 bytes for
 * a partition key, 1024 for a sort key), as it leaves out wrong types: "Detecting and correcting index
 * key violations" in the developer guide. Once the index exists, such a write is refused.
 */
describe('index key size on backfill', () => {
  let eddy: TestEddy;
  const TABLE = 'BackfillKeySize'; // pk S; GSI byGS (g S, s S) added later
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(new CreateTableCommand(hashTable(TABLE)));
    const put = (pk: string, g: string, s: string) =>
      eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: pk }, g: { S: g }, s: { S: s } } }));
    await put('fits', 'x'.repeat(2048), 'y'.repeat(1024));
    await put('partition-too-large', 'x'.repeat(2049), 'y');
    await put('sort-too-large', 'x', 'y'.repeat(1025));
  });
  after(() => eddy.stop());

  it('indexes only the items whose keys fit, then refuses writes that do not', async () => {
    await eddy.ddb.send(
      new UpdateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [
          { AttributeName: 'g', AttributeType: 'S' },
          { AttributeName: 's', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: 'byGS',
              KeySchema: [
                { AttributeName: 'g', KeyType: 'HASH' },
                { AttributeName: 's', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'KEYS_ONLY' },
            },
          },
        ],
      }),
    );
    let status: string | undefined;
    for (let i = 0; i < 10_000 && status !== 'ACTIVE'; i++) {
      status = (await eddy.ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.GlobalSecondaryIndexes![0]!.IndexStatus;
    }
    assert.equal(status, 'ACTIVE');
    const indexed = (await eddy.ddb.send(new ScanCommand({ TableName: TABLE, IndexName: 'byGS' }))).Items!.map((item) => item['pk']!.S);
    assert.deepEqual(indexed, ['fits']);
    await validationError(
      eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'later' }, g: { S: 'x' }, s: { S: 'y'.repeat(1025) } } })),
      'One or more parameter values were invalid: Size limit exceeded for Index Key s Actual Size: 1025 bytes Max Size: 1024 bytes IndexName: byGS',
    );
  });
});
