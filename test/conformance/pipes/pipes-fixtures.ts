import { PipesClient } from '@aws-sdk/client-pipes';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { testCredentials, type TestEddy } from '../../helpers/eddy.js';

export const ROLE = 'arn:aws:iam::000000000000:role/pipes';
export const ACCOUNT = '000000000000';

export const pipesClient = (endpoint: string) => new PipesClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });

/** A table with a NEW_AND_OLD_IMAGES stream; its stream ARN. */
export async function streamTable(eddy: TestEddy, name: string): Promise<string> {
  const out = await eddy.ddb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  return out.TableDescription!.LatestStreamArn!;
}

export async function queue(eddy: TestEddy, name: string): Promise<{ url: string; arn: string }> {
  const url = (await eddy.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  const arn = (await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!['QueueArn']!;
  return { url, arn };
}

export const busArn = (name: string) => `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/${name}`;
