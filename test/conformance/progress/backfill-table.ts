import { BatchWriteItemCommand, UpdateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable } from '../dynamodb/read-fixtures.js';

/**
 * Creates `table` (hash key `id`) with `count` items (a multiple of 25, written 25 a request), each with a
 * `tag` among `tags` values, then adds the KEYS_ONLY index `byTag` on it: a GSI backfill of `count` items.
 */
export async function tableWithBackfill(ddb: DynamoDBClient, table: string, count: number, tags: number): Promise<void> {
  await createTable(ddb, table, ['id', 'S']);
  for (let batch = 0; batch < count / 25; batch++) {
    const requests = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { id: { S: `id-${batch}-${i}` }, tag: { S: `t${i % tags}` } } } }));
    await ddb.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
  }
  await ddb.send(
    new UpdateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'tag', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byTag', KeySchema: [{ AttributeName: 'tag', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } }],
    }),
  );
}
