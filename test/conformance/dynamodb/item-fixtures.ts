import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

/** Tables the item suites share; created by `createItemTables`. */
export const tables = {
  /** HASH userId (S). */
  users: 'Users',
  /** HASH pk (S), RANGE sk (N). */
  events: 'Events',
  /** HASH id (B). */
  blobs: 'Blobs',
  /** HASH pk (S), GSI byEmail (email S, ALL), GSI byScore (team S, score N, KEYS_ONLY). */
  indexed: 'Indexed',
  /** HASH pk (S), RANGE sk (S), LSI byDate (pk, date S). */
  collections: 'Collections',
} as const;

const definitions: CreateTableCommandInput[] = [
  {
    TableName: tables.users,
    KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'userId', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  },
  {
    TableName: tables.events,
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  },
  {
    TableName: tables.blobs,
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'B' }],
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  },
  {
    TableName: tables.indexed,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'email', AttributeType: 'S' },
      { AttributeName: 'team', AttributeType: 'S' },
      { AttributeName: 'score', AttributeType: 'N' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byEmail',
        KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: 'byScore',
        KeySchema: [
          { AttributeName: 'team', KeyType: 'HASH' },
          { AttributeName: 'score', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  },
  {
    TableName: tables.collections,
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'date', AttributeType: 'S' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    LocalSecondaryIndexes: [
      {
        IndexName: 'byDate',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'date', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  },
];

export async function createItemTables(ddb: DynamoDBClient): Promise<void> {
  for (const input of definitions) await ddb.send(new CreateTableCommand(input));
}

/** Asserts that `promise` rejects with the SDK error `name` and exactly `message`; returns the error. */
export async function rejectsWith(promise: Promise<unknown>, name: string, message: string): Promise<any> {
  let error: any;
  await assert.rejects(promise, (e: any) => {
    error = e;
    assert.equal(e.name, name, `error name (message: ${e.message})`);
    assert.equal(e.message, message);
    return true;
  });
  return error;
}

export const validation = (promise: Promise<unknown>, message: string) => rejectsWith(promise, 'ValidationException', message);

export const conditionFailed = (promise: Promise<unknown>) =>
  rejectsWith(promise, 'ConditionalCheckFailedException', 'The conditional request failed');

export const notFound = (promise: Promise<unknown>) =>
  rejectsWith(promise, 'ResourceNotFoundException', 'Requested resource not found');

export async function put(ddb: DynamoDBClient, table: string, item: Record<string, AttributeValue>): Promise<void> {
  await ddb.send(new PutItemCommand({ TableName: table, Item: item }));
}

/** The stored item (strongly consistent), or undefined. */
export async function get(
  ddb: DynamoDBClient,
  table: string,
  key: Record<string, AttributeValue>,
): Promise<Record<string, AttributeValue> | undefined> {
  const out = await ddb.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }));
  return out.Item;
}

/** The ARN of a table of the test deployment (us-east-1, account 000000000000). */
export const arnOf = (table: string, region = 'us-east-1', account = '000000000000'): string =>
  `arn:aws:dynamodb:${region}:${account}:table/${table}`;

let counter = 0;
/** A key value no other test uses. */
export const unique = (prefix = 'k'): string => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
