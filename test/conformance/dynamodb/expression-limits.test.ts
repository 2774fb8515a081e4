import { after, before, describe, it } from 'node:test';
import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { validationError } from './table-fixtures.js';

/**
 * Expression limits over the wire (service quotas: 4 KB per expression, 300 operators) and key size
 * limits through reads as well as writes. Recorded wording: "Expression size has exceeded …" and "too
 * many operators; operator count: 301" (ScyllaDB's test_limits.py, run against DynamoDB), the key size
 * texts (dynalite, and users' reports of AWS answers).
 */
describe('expression and key size limits', () => {
  let eddy: TestEddy;
  const TABLE = 'ExprLimits'; // pk S, sk S
  const key = { pk: { S: 'p' }, sk: { S: 's' } };
  before(async () => {
    eddy = await startTestEddy();
    await eddy.ddb.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { ...key, a: { N: '1' }, b: { N: '2' } } }));
  });
  after(() => eddy.stop());

  const update = (condition: string, values: Record<string, AttributeValue> = {}) =>
    eddy.ddb.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: key,
        UpdateExpression: 'SET z = :z',
        ConditionExpression: condition,
        ExpressionAttributeValues: { ':z': { N: '1' }, ...values },
      }),
    );
  const spaces = (n: number) => ' '.repeat(n);
  const tooLarge = (kind: string, size: number) =>
    `Invalid ${kind}: Expression size has exceeded the maximum allowed size; expression size: ${size}`;

  describe('4 KB per expression, counted in UTF-8 bytes', () => {
    it('accepts 4096 bytes and refuses 4097 in a projection', async () => {
      await eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key: key, ProjectionExpression: 'x'.repeat(4096) }));
      await validationError(
        eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key: key, ProjectionExpression: 'x'.repeat(4097) })),
        tooLarge('ProjectionExpression', 4097),
      );
    });

    it('refuses 4097 bytes in update, condition, filter and key condition expressions', async () => {
      await validationError(
        eddy.ddb.send(
          new UpdateItemCommand({ TableName: TABLE, Key: key, UpdateExpression: `SET ${spaces(4087)}a = :v`, ExpressionAttributeValues: { ':v': { N: '1' } } }),
        ),
        tooLarge('UpdateExpression', 4097),
      );
      await validationError(update(`a ${spaces(4090)} = :z`), tooLarge('ConditionExpression', 4097));
      await validationError(
        eddy.ddb.send(new ScanCommand({ TableName: TABLE, FilterExpression: `a ${spaces(4090)} = :v`, ExpressionAttributeValues: { ':v': { N: '1' } } })),
        tooLarge('FilterExpression', 4097),
      );
      await validationError(
        eddy.ddb.send(
          new QueryCommand({ TableName: TABLE, KeyConditionExpression: `pk ${spaces(4089)} = :v`, ExpressionAttributeValues: { ':v': { S: 'p' } } }),
        ),
        tooLarge('KeyConditionExpression', 4097),
      );
    });

    it('counts multi-byte characters by their bytes', () =>
      validationError(
        // 4 + 2047 × 2 bytes, though only 2051 characters.
        eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key: key, ProjectionExpression: `#n, ${'é'.repeat(2047)}`, ExpressionAttributeNames: { '#n': 'a' } })),
        tooLarge('ProjectionExpression', 4098),
      ));

    it('measures the size first, even of text that does not parse', () => validationError(update('('.repeat(4097)), tooLarge('ConditionExpression', 4097)));
  });

  describe('300 operators', () => {
    // a<b or (a<b or (…)): 2n+1 operators; parentheses and spaces do not count.
    const chain = (n: number) => `a<b ${'or (a<b '.repeat(n)}${')'.repeat(n)}`;

    it('accepts 299 operators', async () => {
      await update(chain(149));
    });

    it('refuses 301', () =>
      validationError(update(chain(150)), 'Invalid ConditionExpression: The expression contains too many operators; operator count: 301'));
  });

  describe('nesting', () => {
    it('refuses parentheses around parentheses', () =>
      validationError(update(`${'('.repeat(3)}a<b${')'.repeat(3)}`), 'Invalid ConditionExpression: The expression has redundant parentheses;'));

    it('names the unknown function of a deeply nested call, as DynamoDB does', () =>
      validationError(update(`a < ${'f('.repeat(1355)}b${')'.repeat(1355)}`), 'Invalid ConditionExpression: Invalid function name; function: f'));
  });

  describe('key sizes through reads', () => {
    it('refuses a partition key over 2048 bytes in a GetItem key', () =>
      validationError(
        eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'x'.repeat(2049) }, sk: { S: 's' } } })),
        'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
      ));

    it('refuses a sort key over 1024 bytes in writes and reads, and accepts 1024', async () => {
      const sortKeyTooLarge = 'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes';
      await eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'p' }, sk: { S: 'y'.repeat(1024) } } }));
      await validationError(eddy.ddb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'p' }, sk: { S: 'y'.repeat(1025) } } })), sortKeyTooLarge);
      await validationError(eddy.ddb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'p' }, sk: { S: 'y'.repeat(1025) } } })), sortKeyTooLarge);
    });
  });
});
