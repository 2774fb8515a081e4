import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Creates table `name` (partition key `pk`, on demand) with a NEW_IMAGE stream; answers the stream's ARN. */
export async function createStreamTable(ddb: DynamoDBClient, name: string): Promise<string> {
  await ddb.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
  return Table!.LatestStreamArn!;
}
