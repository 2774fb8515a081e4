import { setTimeout as delay } from 'node:timers/promises';
import { BatchWriteItemCommand, DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { itemOf, keyId } from './stream-image.js';
import type { DynamoDBRecord, DynamoDBStreamEvent } from './stream-types.js';

const db = new DynamoDBClient({});
const table = process.env.REPLICA_TABLE ?? 'replica';

/** BatchWriteItem's limit per request. */
const BATCH = 25;
/** Rounds of sending back what BatchWriteItem left unprocessed (throttling) before failing the batch. */
const UNPROCESSED_ROUNDS = 8;

/**
 * Replays a batch of the source table's changes on the replica: INSERT and MODIFY put the new image,
 * REMOVE deletes the key.
 *
 * Correct under Lambda's at-least-once delivery because each write sets a key to a state the source had:
 * a failed batch is thrown, retried from its first record, and replaying records in stream order
 * ends on the same state. Records of one key come in order (a shard holds all of a key's records);
 * within a batch only a key's last record matters, so one write per key is enough.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<void> => {
  const latest = new Map<string, DynamoDBRecord>();
  for (const record of event.Records) latest.set(keyId(record.dynamodb.Keys), record);
  const writes = [...latest.values()].map(writeOf);
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < writes.length; i += BATCH) batches.push(writes.slice(i, i + BATCH));
  await Promise.all(batches.map(writeBatch));
};

function writeOf(record: DynamoDBRecord): WriteRequest {
  const { Keys, NewImage } = record.dynamodb;
  if (record.eventName === 'REMOVE') return { DeleteRequest: { Key: itemOf(Keys) } };
  if (NewImage === undefined) {
    throw new Error(`${record.eventName} record without NewImage: the source stream must carry new images (NEW_IMAGE or NEW_AND_OLD_IMAGES)`);
  }
  return { PutRequest: { Item: itemOf(NewImage) } };
}

async function writeBatch(requests: WriteRequest[]): Promise<void> {
  let pending = requests;
  for (let round = 0; pending.length > 0; round++) {
    if (round === UNPROCESSED_ROUNDS) throw new Error(`${pending.length} writes to ${table} still unprocessed after ${round} rounds`);
    if (round > 0) await delay(Math.min(50 * 2 ** round, 2000));
    const out = await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
    pending = out.UnprocessedItems?.[table] ?? [];
  }
}
