import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';

// No endpoint, region or credentials here: they come from the environment Eddy gives the function.
const client = new DynamoDBClient({});

type StreamRecord = { dynamodb: { Keys: { id: { S: string } } } };

/**
 * For each record keyed "hold:<name>" (a mapping's `{Records}` or a pipe's array): puts `<name>-running` in
 * Notes, then waits until the test puts `<name>-release`. Other records return at once.
 */
export const holder = async (event: { Records: StreamRecord[] } | StreamRecord[]) => {
  for (const record of Array.isArray(event) ? event : event.Records) {
    const key = record.dynamodb.Keys.id.S;
    if (!key.startsWith('hold:')) continue;
    const name = key.slice('hold:'.length);
    await client.send(new PutItemCommand({ TableName: 'Notes', Item: { id: { S: `${name}-running` } } }));
    const release = { TableName: 'Notes', Key: { id: { S: `${name}-release` } }, ConsistentRead: true };
    while (!(await client.send(new GetItemCommand(release))).Item) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {};
};
