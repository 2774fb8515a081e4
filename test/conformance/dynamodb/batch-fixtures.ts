import assert from 'node:assert/strict';
import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Item } from './read-fixtures.js';

/**
 * Writes a suite's fixture items by BatchWriteItem, 25 a request and a few requests at a time: a few dozen
 * round trips rather than one PutItem per item (each a commit, on a file an fdatasync too). For items that
 * are the setup, not the subject: a suite about PutItem writes its own.
 */
export async function batchWriteAll(ddb: DynamoDBClient, table: string, items: readonly Item[], concurrency = 4): Promise<void> {
  const batches: Item[][] = [];
  for (let at = 0; at < items.length; at += 25) batches.push(items.slice(at, at + 25));
  const worker = async () => {
    for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
      const requests = batch.map((Item) => ({ PutRequest: { Item } }));
      const { UnprocessedItems } = await ddb.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      assert.deepEqual(UnprocessedItems ?? {}, {}, 'Eddy left items of a batch unprocessed');
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
}
