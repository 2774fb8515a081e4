import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateTableCommand, GetItemCommand, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, PurgeQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { testEngines } from '../../helpers/postgres-cluster.js';
import { eddyNodes } from '../../helpers/eddy-nodes.js';
import type { TestEddy } from '../../helpers/eddy.js';

// Two Eddy nodes on one PostgreSQL database (issue 22): a ClientRequestToken used through one node is known to
// the other, and PurgeQueue's 60-second interval is the queue's, whichever node purged it.
const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES';

describe('storage: PostgreSQL, request tokens and purges across nodes', { skip }, () => {
  const nodes = eddyNodes();

  const twoNodes = async () => (await nodes()) as [TestEddy, TestEddy];

  it('a TransactWriteItems retried through another node with the same token answers again without writing', async () => {
    const [a, b] = await twoNodes();
    await a.ddb.send(
      new CreateTableCommand({
        TableName: 'Counters',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const increment: TransactWriteItem[] = [
      { Update: { TableName: 'Counters', Key: { id: { S: 'c' } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
    ];
    await a.ddb.send(new TransactWriteItemsCommand({ TransactItems: increment, ClientRequestToken: 'retried-elsewhere' }));
    await b.ddb.send(new TransactWriteItemsCommand({ TransactItems: increment, ClientRequestToken: 'retried-elsewhere' }));
    const item = await b.ddb.send(new GetItemCommand({ TableName: 'Counters', Key: { id: { S: 'c' } }, ConsistentRead: true }));
    assert.deepEqual(item.Item, { id: { S: 'c' }, n: { N: '1' } });
    await assert.rejects(
      b.ddb.send(new TransactWriteItemsCommand({ TransactItems: [{ ...increment[0]!, Update: { ...increment[0]!.Update!, Key: { id: { S: 'd' } } } }], ClientRequestToken: 'retried-elsewhere' })),
      (error: Error) => error.name === 'IdempotentParameterMismatchException',
    );
    await b.ddb.send(new TransactWriteItemsCommand({ TransactItems: increment, ClientRequestToken: 'another-token' }));
    const later = await a.ddb.send(new GetItemCommand({ TableName: 'Counters', Key: { id: { S: 'c' } }, ConsistentRead: true }));
    assert.deepEqual(later.Item, { id: { S: 'c' }, n: { N: '2' } }, 'another token is another request');
  });

  it('PurgeQueue through one node refuses a second purge through another within 60 seconds', async () => {
    const [a, b] = await twoNodes();
    const { QueueUrl: urlOnA } = await a.sqs.send(new CreateQueueCommand({ QueueName: 'purged' }));
    const urlOnB = urlOnA!.replace(a.endpoint, b.endpoint);
    await a.sqs.send(new SendMessageCommand({ QueueUrl: urlOnA, MessageBody: 'one' }));
    await a.sqs.send(new PurgeQueueCommand({ QueueUrl: urlOnA }));
    await b.sqs.send(new SendMessageCommand({ QueueUrl: urlOnB, MessageBody: 'two' }));
    await assert.rejects(b.sqs.send(new PurgeQueueCommand({ QueueUrl: urlOnB })), (error: Error) => error.name === 'PurgeQueueInProgress');
    const attributes = await b.sqs.send(new GetQueueAttributesCommand({ QueueUrl: urlOnB, AttributeNames: ['ApproximateNumberOfMessages'] }));
    assert.equal(attributes.Attributes?.ApproximateNumberOfMessages, '1', 'the refused purge deleted nothing');
  });
});
