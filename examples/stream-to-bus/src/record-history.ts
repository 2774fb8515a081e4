import { DynamoDBClient, PutItemCommand, type AttributeValue as DynamoValue } from '@aws-sdk/client-dynamodb';
import { changeSet } from './change-set.js';
import { requiredEnv } from './environment.js';
import { stringAttribute, type AttributeValue, type DynamoDBStreamRecord, type Image } from './lambda-types.js';

const db = new DynamoDBClient({});

/**
 * The target of the `recordHistory` rule, invoked asynchronously with the event's `detail` (inputPath:
 * `$.detail`): an INSERT or MODIFY stream record of an order or a user. Writes one history item saying
 * what changed (attributes added, changed from → to, removed) and by whom (the item's `updatedBy`), into
 * the same table:
 *
 *   pk `HIST#<item pk>`, sk `<item sk>#<sequence number, 40 digits>`: an item's history in stream order;
 *   gsi1_pk `WHO#<updatedBy>`, gsi1_sk `<time>#<event id>`: what someone changed, in time order.
 *
 * Everything in it comes from the record, so a record delivered twice (a retried invocation, a forwarder
 * retry) writes the same item again — which changes nothing, and makes no stream record either.
 */
export const handler = async (record: DynamoDBStreamRecord): Promise<void> => {
  const { Keys, NewImage, OldImage, SequenceNumber, ApproximateCreationDateTime } = record.dynamodb;
  const pk = stringAttribute(Keys, 'pk')!;
  const sk = stringAttribute(Keys, 'sk')!;
  // Whoever wrote the item says so in updatedBy; a write that leaves it out is nobody's we know.
  const changedBy = stringAttribute(NewImage, 'updatedBy') ?? 'unknown';
  const changedAt = new Date(ApproximateCreationDateTime * 1000).toISOString();
  const { added, changed, removed } = changeSet(OldImage, NewImage);
  await db.send(
    new PutItemCommand({
      TableName: requiredEnv('TABLE_NAME'),
      Item: {
        pk: { S: `HIST#${pk}` },
        // Sequence numbers are decimal strings of 21 to 40 digits: padded, text order is number order.
        sk: { S: `${sk}#${SequenceNumber.padStart(40, '0')}` },
        gsi1_pk: { S: `WHO#${changedBy}` },
        gsi1_sk: { S: `${changedAt}#${record.eventID}` },
        itemPk: { S: pk },
        itemSk: { S: sk },
        eventID: { S: record.eventID },
        eventName: { S: record.eventName },
        changedBy: { S: changedBy },
        changedAt: { S: changedAt },
        added: { M: dynamo(added) },
        changed: { M: Object.fromEntries(Object.entries(changed).map(([name, { from, to }]) => [name, { M: dynamo({ from, to }) }])) },
        removed: { M: dynamo(removed) },
      },
    }),
  );
  console.log(`${record.eventName} ${pk} ${sk} by ${changedBy}: +${Object.keys(added).length} ~${Object.keys(changed).length} -${Object.keys(removed).length}`);
};

/** A stream image written back through the SDK: DynamoDB JSON already, but binary arrives base64-encoded and the SDK wants bytes. */
function dynamo(image: Record<string, AttributeValue>): Record<string, DynamoValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, fromStream(value)]));
}

function fromStream(value: AttributeValue): DynamoValue {
  const v = value as { B?: string; BS?: string[]; M?: Image; L?: AttributeValue[] };
  if (v.B !== undefined) return { B: Buffer.from(v.B, 'base64') };
  if (v.BS !== undefined) return { BS: v.BS.map((b) => Buffer.from(b, 'base64')) };
  if (v.M !== undefined) return { M: dynamo(v.M) };
  if (v.L !== undefined) return { L: v.L.map(fromStream) };
  return value as DynamoValue;
}
