import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { requiredEnv } from './environment.js';
import { stringAttribute, type DynamoDBStreamRecord, type EventBridgeEvent, type SQSEvent } from './lambda-types.js';

const db = new DynamoDBClient({});

/** The counter each key prefix moves. */
const KINDS: Record<string, string> = { 'OID#': 'orders', 'UID#': 'users' };
/** How long a counted change's marker is kept: far longer than any redelivery. */
const MARKER_LIFETIME_SECONDS = 7 * 24 * 3600;

/**
 * Triggered by the `customer-counts.fifo` queue, which the `customerCounts` rule fills with the INSERT and
 * REMOVE events of orders and users (the whole event: its detail is the stream record). Keeps each
 * customer's integration counts in the item `CID#<customer>` / `COUNTS`: an INSERT adds 1 to `orders` or
 * `users`, a REMOVE takes 1 away. The customer is the item's `customerId` (new image of an INSERT, old
 * image of a REMOVE).
 *
 * A change can arrive more than once (the forwarder retried, the bus retried, the queue redelivered), so
 * each count is one transaction with a marker `CID#<customer>` / `COUNTED#<stream event id>` put only if
 * absent: a change counted already cancels on its marker and is skipped. Messages are handled one by one
 * in queue order; a failure fails the batch, and its retry skips what was counted.
 */
export const handler = async (event: SQSEvent): Promise<void> => {
  const TableName = requiredEnv('TABLE_NAME');
  for (const message of event.Records) {
    const { detail: record } = JSON.parse(message.body) as EventBridgeEvent<DynamoDBStreamRecord>;
    const pk = stringAttribute(record.dynamodb.Keys, 'pk') ?? '';
    const kind = Object.entries(KINDS).find(([prefix]) => pk.startsWith(prefix))?.[1];
    const delta = record.eventName === 'INSERT' ? 1 : record.eventName === 'REMOVE' ? -1 : 0;
    const customer = stringAttribute(record.eventName === 'INSERT' ? record.dynamodb.NewImage : record.dynamodb.OldImage, 'customerId');
    if (kind === undefined || delta === 0 || customer === undefined) {
      console.warn(`not counted: ${record.eventName} ${pk} (customer ${customer ?? 'unknown'})`);
      continue;
    }
    try {
      await db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName,
                Key: { pk: { S: `CID#${customer}` }, sk: { S: 'COUNTS' } },
                UpdateExpression: 'ADD #kind :delta',
                ExpressionAttributeNames: { '#kind': kind },
                ExpressionAttributeValues: { ':delta': { N: String(delta) } },
              },
            },
            {
              Put: {
                TableName,
                Item: {
                  pk: { S: `CID#${customer}` },
                  sk: { S: `COUNTED#${record.eventID}` },
                  expiresAt: { N: String(Math.floor(Date.now() / 1000) + MARKER_LIFETIME_SECONDS) },
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      console.log(`${record.eventName} ${pk}: ${kind} of ${customer} ${delta > 0 ? '+1' : '-1'}`);
    } catch (error) {
      if (!alreadyCounted(error)) throw error;
      console.log(`${record.eventName} ${pk}: counted already (${record.eventID})`);
    }
  }
};

/** The transaction was refused because the change's marker exists: it was counted before. */
function alreadyCounted(error: unknown): boolean {
  const { name, CancellationReasons } = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  return name === 'TransactionCanceledException' && CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed';
}
