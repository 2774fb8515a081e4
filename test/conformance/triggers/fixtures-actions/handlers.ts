import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

interface Event {
  Records: { eventSourceARN: string; dynamodb: { Keys: { pk: { S: string } }; SequenceNumber: string } }[];
}

const ddb = new DynamoDBClient({});
const sqs = new SQSClient({});

async function fixed(name: string): Promise<boolean> {
  const found = await ddb.send(new GetItemCommand({ TableName: 'Switches', Key: { name: { S: name } }, ConsistentRead: true }));
  return found.Item !== undefined;
}

/** Fails while a "poison:<switch>" record's switch is off; tells `seen` of each batch it handled: its stream and records. */
export const flaky = async (event: Event) => {
  for (const record of event.Records) {
    const pk = record.dynamodb.Keys.pk.S;
    if (pk.startsWith('poison:') && !(await fixed(pk.slice('poison:'.length)))) throw new Error(`SMTP refused ${pk}`);
  }
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'seen' }));
  const records = event.Records.map((r) => ({ pk: r.dynamodb.Keys.pk.S, seq: r.dynamodb.SequenceNumber }));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ arn: event.Records[0]?.eventSourceARN, records }) }));
};
