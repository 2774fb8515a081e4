import { awsJson, type CorpusEntry, type FuzzRequest } from './fuzz-request.js';
import { entryMarker, marker } from './markers.js';

/** A valid request of every DynamoDB operation (src/api/dynamodb-operations.ts), and of the legacy parameters. */

const ddb = (operation: string, json: unknown): FuzzRequest => awsJson(`DynamoDB_20120810.${operation}`, json);

/** An item of `Items` whose key and attributes carry `m`, with every attribute type. */
const item = (m: string) => ({
  pk: { S: m },
  sk: { S: 'a' },
  data: { S: `${m} ✓ data` },
  owner: { S: m },
  rank: { N: '1.5' },
  expires: { N: '4102444800' },
  tags: { SS: [m, 'b'] },
  nums: { NS: ['1', '-2.5e3'] },
  blob: { B: 'AAEC' },
  blobs: { BS: ['AA==', 'AQ=='] },
  flag: { BOOL: true },
  nothing: { NULL: true },
  nested: { M: { list: { L: [{ S: m }, { N: '0' }, { M: { deep: { S: m } } }] } } },
});
const key = (m: string, sk = 'a') => ({ pk: { S: m }, sk: { S: sk } });
const ITEMS_ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/Items';
/** A well-formed backup ARN that names nothing (the state has no backup to name). */
const UNKNOWN_BACKUP = `${ITEMS_ARN}/backup/01700000000000-0a1b2c3d`;

export const dynamodbCorpus: readonly CorpusEntry[] = [
  {
    name: 'DynamoDB CreateTable',
    build: (n) => ddb('CreateTable', {
      TableName: marker(n),
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        { IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['x'] } },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      Tags: [{ Key: 'marker', Value: marker(n) }],
    }),
  },
  { name: 'DynamoDB DescribeTable', build: () => ddb('DescribeTable', { TableName: 'Items' }) },
  { name: 'DynamoDB ListTables', build: () => ddb('ListTables', { Limit: 10, ExclusiveStartTableName: 'Items' }) },
  {
    name: 'DynamoDB UpdateTable',
    build: (n) => ddb('UpdateTable', {
      TableName: 'Scratch',
      AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: marker(n), KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } }],
    }),
  },
  { name: 'DynamoDB DeleteTable', build: (n, live) => ddb('DeleteTable', { TableName: live.createdTables.pop() ?? `gone-${n}` }) },
  { name: 'DynamoDB DescribeTimeToLive', build: () => ddb('DescribeTimeToLive', { TableName: 'Items' }) },
  {
    name: 'DynamoDB UpdateTimeToLive',
    build: (n) => ddb('UpdateTimeToLive', { TableName: 'Scratch', TimeToLiveSpecification: { Enabled: true, AttributeName: marker(n) } }),
  },
  {
    name: 'DynamoDB TagResource',
    build: (n, live) => ddb('TagResource', { ResourceArn: live.scratchTableArn, Tags: [{ Key: marker(n), Value: marker(n) }] }),
  },
  { name: 'DynamoDB UntagResource', build: (n, live) => ddb('UntagResource', { ResourceArn: live.scratchTableArn, TagKeys: [marker(n), 'none'] }) },
  { name: 'DynamoDB ListTagsOfResource', build: (_n, live) => ddb('ListTagsOfResource', { ResourceArn: live.scratchTableArn }) },
  { name: 'DynamoDB DescribeLimits', build: () => ddb('DescribeLimits', {}) },
  { name: 'DynamoDB DescribeEndpoints', build: () => ddb('DescribeEndpoints', {}) },
  {
    name: 'DynamoDB PutItem',
    build: (n) => ddb('PutItem', {
      TableName: 'Items',
      Item: item(marker(n)),
      ConditionExpression: 'attribute_not_exists(pk) OR #d <> :v',
      ExpressionAttributeNames: { '#d': 'data' },
      ExpressionAttributeValues: { ':v': { S: marker(n) } },
      ReturnValues: 'ALL_OLD',
      ReturnConsumedCapacity: 'INDEXES',
      ReturnItemCollectionMetrics: 'SIZE',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
  },
  {
    name: 'DynamoDB PutItem (Expected)',
    build: (n) => ddb('PutItem', { TableName: 'Items', Item: item(marker(n)), Expected: { pk: { Exists: false }, sk: { Exists: false } }, ConditionalOperator: 'AND' }),
  },
  {
    name: 'DynamoDB GetItem',
    build: (n) => ddb('GetItem', {
      TableName: 'Items',
      Key: key(marker(n)),
      ProjectionExpression: '#d, nested.list[2].deep, tags',
      ExpressionAttributeNames: { '#d': 'data' },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    }),
  },
  {
    name: 'DynamoDB UpdateItem',
    build: (n) => ddb('UpdateItem', {
      TableName: 'Items',
      Key: key(marker(n), 'u'),
      UpdateExpression: 'SET #d = :v, owner = :v, #l = list_append(if_not_exists(#l, :empty), :l) ADD counter :one, tags :set REMOVE gone',
      ConditionExpression: 'attribute_not_exists(#d) OR (#d <> :v AND size(#d) < :big)',
      ExpressionAttributeNames: { '#d': 'data', '#l': 'list' },
      ExpressionAttributeValues: {
        ':v': { S: marker(n) },
        ':one': { N: '1' },
        ':empty': { L: [] },
        ':l': { L: [{ S: marker(n) }] },
        ':set': { SS: [marker(n)] },
        ':big': { N: '1000' },
      },
      ReturnValues: 'ALL_NEW',
    }),
  },
  {
    name: 'DynamoDB UpdateItem (AttributeUpdates)',
    build: (n) => ddb('UpdateItem', {
      TableName: 'Items',
      Key: key(marker(n), 'v'),
      AttributeUpdates: { data: { Action: 'PUT', Value: { S: marker(n) } }, counter: { Action: 'ADD', Value: { N: '1' } }, gone: { Action: 'DELETE' } },
      Expected: { data: { ComparisonOperator: 'NULL' } },
      ReturnValues: 'UPDATED_NEW',
    }),
  },
  {
    name: 'DynamoDB DeleteItem',
    build: (n) => ddb('DeleteItem', {
      TableName: 'Items',
      Key: key(marker(n)),
      ConditionExpression: 'attribute_not_exists(pk) OR begins_with(#d, :v)',
      ExpressionAttributeNames: { '#d': 'data' },
      ExpressionAttributeValues: { ':v': { S: marker(n) } },
      ReturnValues: 'ALL_OLD',
    }),
  },
  {
    name: 'DynamoDB BatchGetItem',
    build: (n) => ddb('BatchGetItem', {
      RequestItems: {
        Items: { Keys: [key(marker(n)), key(marker(n), 'u')], ProjectionExpression: 'pk, sk, #d', ExpressionAttributeNames: { '#d': 'data' }, ConsistentRead: true },
        Scratch: { Keys: [{ id: { S: marker(n) } }] },
      },
      ReturnConsumedCapacity: 'TOTAL',
    }),
  },
  {
    name: 'DynamoDB BatchWriteItem',
    build: (n) => ddb('BatchWriteItem', {
      RequestItems: {
        Items: [
          { PutRequest: { Item: item(entryMarker(n, 0)) } },
          { PutRequest: { Item: item(entryMarker(n, 1)) } },
          { DeleteRequest: { Key: key(entryMarker(n, 2)) } },
        ],
        Scratch: [{ PutRequest: { Item: { id: { S: entryMarker(n, 3) }, data: { S: entryMarker(n, 3) } } } }],
      },
      ReturnConsumedCapacity: 'INDEXES',
      ReturnItemCollectionMetrics: 'SIZE',
    }),
  },
  {
    name: 'DynamoDB TransactWriteItems',
    build: (n) => ddb('TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: 'Items', Item: item(entryMarker(n, 0)), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Update: {
            TableName: 'Items',
            Key: key(entryMarker(n, 1)),
            UpdateExpression: 'SET #d = :v',
            ExpressionAttributeNames: { '#d': 'data' },
            ExpressionAttributeValues: { ':v': { S: entryMarker(n, 1) } },
          },
        },
        { Delete: { TableName: 'Items', Key: key(entryMarker(n, 2)) } },
        { ConditionCheck: { TableName: 'Scratch', Key: { id: { S: entryMarker(n, 3) } }, ConditionExpression: 'attribute_not_exists(id)' } },
        { Put: { TableName: 'Scratch', Item: { id: { S: entryMarker(n, 4) }, data: { S: entryMarker(n, 4) } } } },
      ],
      ClientRequestToken: marker(n),
      ReturnConsumedCapacity: 'TOTAL',
    }),
  },
  {
    name: 'DynamoDB TransactWriteItems (cancelled)',
    // The last item's condition fails on the item live-state.ts wrote, so nothing of the others may be written.
    build: (n) => ddb('TransactWriteItems', {
      TransactItems: [
        { Put: { TableName: 'Items', Item: item(entryMarker(n, 0)) } },
        { Put: { TableName: 'Scratch', Item: { id: { S: entryMarker(n, 1) } } } },
        { Update: { TableName: 'Items', Key: key('setup'), UpdateExpression: 'SET #d = :v', ConditionExpression: 'attribute_not_exists(pk)', ExpressionAttributeNames: { '#d': 'data' }, ExpressionAttributeValues: { ':v': { S: entryMarker(n, 2) } } } },
      ],
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
  },
  {
    name: 'DynamoDB UpdateItem (condition fails)',
    build: (n) => ddb('UpdateItem', {
      TableName: 'Items',
      Key: key('setup'),
      UpdateExpression: 'SET #d = :v, owner = :v',
      ConditionExpression: 'attribute_not_exists(pk)',
      ExpressionAttributeNames: { '#d': 'data' },
      ExpressionAttributeValues: { ':v': { S: marker(n) } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
  },
  {
    name: 'DynamoDB TransactGetItems',
    build: (n) => ddb('TransactGetItems', {
      TransactItems: [
        { Get: { TableName: 'Items', Key: key(marker(n)), ProjectionExpression: 'pk, #d', ExpressionAttributeNames: { '#d': 'data' } } },
        { Get: { TableName: 'Scratch', Key: { id: { S: marker(n) } } } },
      ],
    }),
  },
  {
    name: 'DynamoDB Query',
    build: (n) => ddb('Query', {
      TableName: 'Items',
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      FilterExpression: 'size(#d) > :z AND NOT contains(tags, :s)',
      ExpressionAttributeNames: { '#d': 'data' },
      ExpressionAttributeValues: { ':p': { S: marker(n) }, ':s': { S: 'a' }, ':z': { N: '0' } },
      Limit: 5,
      ScanIndexForward: false,
      ExclusiveStartKey: key(marker(n), '0'),
      Select: 'ALL_ATTRIBUTES',
      ReturnConsumedCapacity: 'TOTAL',
    }),
  },
  {
    name: 'DynamoDB Query (global index)',
    build: (n) => ddb('Query', {
      TableName: 'Items',
      IndexName: 'byOwner',
      KeyConditionExpression: '#o = :o AND sk BETWEEN :a AND :z',
      ExpressionAttributeNames: { '#o': 'owner' },
      ExpressionAttributeValues: { ':o': { S: marker(n) }, ':a': { S: 'a' }, ':z': { S: 'z' } },
      ProjectionExpression: 'pk, sk, #o',
    }),
  },
  {
    name: 'DynamoDB Query (local index, KeyConditions)',
    build: (n) => ddb('Query', {
      TableName: 'Items',
      IndexName: 'byRank',
      KeyConditions: {
        pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: marker(n) }] },
        rank: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '0' }, { N: '10' }] },
      },
      QueryFilter: {
        sk: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'a' }] },
        tags: { ComparisonOperator: 'NOT_NULL' },
      },
      ConditionalOperator: 'OR',
      Select: 'COUNT',
    }),
  },
  {
    name: 'DynamoDB Scan',
    build: (n) => ddb('Scan', {
      TableName: 'Items',
      FilterExpression: 'contains(tags, :t) OR attribute_type(#d, :s) OR #n.#l[0] IN (:t, :s)',
      ExpressionAttributeNames: { '#d': 'data', '#n': 'nested', '#l': 'list' },
      ExpressionAttributeValues: { ':t': { S: marker(n) }, ':s': { S: 'S' } },
      Limit: 10,
      Segment: 1,
      TotalSegments: 2,
    }),
  },
  {
    name: 'DynamoDB Scan (ScanFilter)',
    build: (n) => ddb('Scan', {
      TableName: 'Items',
      IndexName: 'byOwner',
      ScanFilter: { owner: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: marker(n) }] } },
      AttributesToGet: ['pk', 'owner'],
      ExclusiveStartKey: { pk: { S: marker(n) }, sk: { S: 'a' }, owner: { S: marker(n) } },
    }),
  },
  {
    name: 'DynamoDB PutResourcePolicy',
    build: (n) => ddb('PutResourcePolicy', {
      ResourceArn: ITEMS_ARN,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: marker(n), Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'dynamodb:GetItem', Resource: ITEMS_ARN }],
      }),
      ConfirmRemoveSelfResourceAccess: false,
    }),
  },
  { name: 'DynamoDB GetResourcePolicy', build: () => ddb('GetResourcePolicy', { ResourceArn: ITEMS_ARN }) },
  { name: 'DynamoDB DeleteResourcePolicy', build: () => ddb('DeleteResourcePolicy', { ResourceArn: `${ITEMS_ARN}-none`, ExpectedRevisionId: '1700000000000' }) },
  { name: 'DynamoDB CreateBackup', build: (n) => ddb('CreateBackup', { TableName: 'Items', BackupName: marker(n) }) },
  { name: 'DynamoDB DescribeBackup', build: () => ddb('DescribeBackup', { BackupArn: UNKNOWN_BACKUP }) },
  {
    name: 'DynamoDB ListBackups',
    build: () => ddb('ListBackups', { TableName: 'Items', Limit: 5, TimeRangeLowerBound: 1_700_000_000, TimeRangeUpperBound: 4_102_444_800, BackupType: 'ALL' }),
  },
  { name: 'DynamoDB DeleteBackup', build: () => ddb('DeleteBackup', { BackupArn: UNKNOWN_BACKUP }) },
  {
    name: 'DynamoDB RestoreTableFromBackup',
    build: (n) => ddb('RestoreTableFromBackup', { TargetTableName: marker(n), BackupArn: UNKNOWN_BACKUP, BillingModeOverride: 'PAY_PER_REQUEST', GlobalSecondaryIndexOverride: [] }),
  },
  {
    name: 'DynamoDB UpdateContinuousBackups',
    build: () => ddb('UpdateContinuousBackups', { TableName: 'Items', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 } }),
  },
  { name: 'DynamoDB DescribeContinuousBackups', build: () => ddb('DescribeContinuousBackups', { TableName: ITEMS_ARN }) },
  {
    name: 'DynamoDB RestoreTableToPointInTime',
    build: (n) => ddb('RestoreTableToPointInTime', {
      SourceTableName: 'Items',
      TargetTableName: marker(n),
      UseLatestRestorableTime: true,
      BillingModeOverride: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexOverride: [],
    }),
  },
  {
    name: 'DynamoDB ExecuteStatement (SELECT)',
    build: (n) => ddb('ExecuteStatement', {
      Statement: `SELECT pk, nested.list[0] FROM "Items" WHERE pk = ? AND begins_with(sk, 'a') AND size(tags) > ? AND data IS NOT MISSING`,
      Parameters: [{ S: marker(n) }, { N: '0' }],
      Limit: 5,
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    }),
  },
  {
    name: 'DynamoDB ExecuteStatement (INSERT)',
    build: (n) => ddb('ExecuteStatement', {
      Statement: `INSERT INTO "Items" VALUE {'pk': ?, 'sk': 'a', 'data': ?, 'tags': <<'x', 'y'>>, 'nested': {'list': [1, 'z']}}`,
      Parameters: [{ S: marker(n) }, { S: marker(n) }],
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
  },
  {
    name: 'DynamoDB BatchExecuteStatement',
    build: (n) => ddb('BatchExecuteStatement', {
      Statements: [
        { Statement: `INSERT INTO "Items" VALUE {'pk': ?, 'sk': 'a', 'data': ?}`, Parameters: [{ S: entryMarker(n, 0) }, { S: entryMarker(n, 0) }] },
        { Statement: `UPDATE "Items" SET data = ? REMOVE rank WHERE pk = ? AND sk = 'a'`, Parameters: [{ S: entryMarker(n, 1) }, { S: 'setup' }] },
        { Statement: `DELETE FROM "Items" WHERE pk = ? AND sk = 'a'`, Parameters: [{ S: entryMarker(n, 2) }] },
      ],
      ReturnConsumedCapacity: 'TOTAL',
    }),
  },
  {
    name: 'DynamoDB ExecuteTransaction',
    build: (n) => ddb('ExecuteTransaction', {
      TransactStatements: [
        { Statement: `INSERT INTO "Items" VALUE {'pk': ?, 'sk': 'a', 'data': ?}`, Parameters: [{ S: marker(n) }, { S: marker(n) }] },
        { Statement: `EXISTS(SELECT * FROM "Items" WHERE pk = 'setup' AND sk = 'a' AND data IS NOT MISSING)`, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' },
      ],
      ClientRequestToken: marker(n),
      ReturnConsumedCapacity: 'TOTAL',
    }),
  },
];
