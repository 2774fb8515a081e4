import { setTimeout as delay } from 'node:timers/promises';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

interface StreamRecord {
  eventSource: 'aws:dynamodb';
  dynamodb: { Keys: { pk: { S: string } }; SequenceNumber: string };
}
interface QueueRecord {
  eventSource: 'aws:sqs';
  messageId: string;
  body: string;
}
type Event = { Records: (StreamRecord | QueueRecord)[] };

const ddb = new DynamoDBClient({});

const nameOf = (r: StreamRecord | QueueRecord) => (r.eventSource === 'aws:sqs' ? r.body : r.dynamodb.Keys.pk.S);
const idOf = (r: StreamRecord | QueueRecord) => (r.eventSource === 'aws:sqs' ? r.messageId : r.dynamodb.SequenceNumber);

/** The records named "<prefix>:<switch>" whose switch is not yet in the Switches table. */
async function broken(event: Event, prefix: string): Promise<(StreamRecord | QueueRecord)[]> {
  const found = [];
  for (const record of event.Records) {
    const name = nameOf(record);
    if (!name.startsWith(`${prefix}:`)) continue;
    const fixed = await ddb.send(new GetItemCommand({ TableName: 'Switches', Key: { name: { S: name.slice(prefix.length + 1) } }, ConsistentRead: true }));
    if (!fixed.Item) found.push(record);
  }
  return found;
}

export const stubborn = async (event: Event) => ({
  batchItemFailures: (await broken(event, 'stuck')).map((r) => ({ itemIdentifier: idOf(r) })),
});

export const throwing = async (event: Event) => {
  if ((await broken(event, 'poison')).length > 0) throw new Error('SMTP refused');
};

export const sleepy = async (event: Event) => {
  if ((await broken(event, 'slow')).length > 0) await delay(5_000);
};
