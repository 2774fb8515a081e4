import { DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { ReceiveMessageCommand, SendMessageCommand, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { CreateApiDestinationCommand, CreateArchiveCommand, CreateConnectionCommand, CreateEventBusCommand, PutRuleCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import type { TestEddy } from '../helpers/eddy.js';
import { SIGNATURE, type LiveState } from './fuzz-request.js';
import { MANAGED_ZIP } from './functions-corpus.js';

/**
 * Reads (and where needed makes) what the corpus refers to: stream ARNs and positions, a receipt handle, a mapping, a move task, a bus with
 * rules, an archive of it and a replay, a connection and an API destination.
 */
export async function prepareLiveState(eddy: TestEddy): Promise<LiveState> {
  const region = 'us-east-1';
  const account = '000000000000';
  const table = async (TableName: string) => (await eddy.ddb.send(new DescribeTableCommand({ TableName }))).Table!;
  const items = await table('Items');
  await eddy.ddb.send(new PutItemCommand({ TableName: 'Items', Item: { pk: { S: 'setup' }, sk: { S: 'a' } } }));
  const StreamArn = items.LatestStreamArn!;
  const { StreamDescription } = await eddy.streams.send(new DescribeStreamCommand({ StreamArn }));
  const ShardId = StreamDescription!.Shards![0]!.ShardId!;
  const { ShardIterator } = await eddy.streams.send(new GetShardIteratorCommand({ StreamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
  const { Records } = await eddy.streams.send(new GetRecordsCommand({ ShardIterator }));

  const scratchUrl = `${eddy.endpoint}/${account}/scratch`;
  await eddy.sqs.send(new SendMessageCommand({ QueueUrl: scratchUrl, MessageBody: 'setup' }));
  const { Messages } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl: scratchUrl, VisibilityTimeout: 0 }));
  const { TaskHandle } = await eddy.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: `arn:aws:sqs:${region}:${account}:jobs-dlq` }));

  const mappedStreamArn = (await table('Mapped')).LatestStreamArn!;
  const created = await fetch(`${eddy.endpoint}/2015-03-31/event-source-mappings/`, {
    method: 'POST',
    headers: { ...SIGNATURE, 'content-type': 'application/json' },
    body: JSON.stringify({ FunctionName: 'other', EventSourceArn: mappedStreamArn, StartingPosition: 'LATEST', Enabled: false }),
  });
  if (created.status !== 202) throw new Error(`CreateEventSourceMapping: ${created.status} ${await created.text()}`);
  const { UUID } = (await created.json()) as { UUID: string };

  // An API function with a version and an alias, for the function management entries.
  const lambda = async (method: string, path: string, body: object, status: number) => {
    const res = await fetch(`${eddy.endpoint}/2015-03-31/functions${path}`, { method, headers: { ...SIGNATURE, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
  await lambda('POST', '', { FunctionName: 'managed', Role: 'arn:aws:iam::000000000000:role/fuzz', Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: MANAGED_ZIP }, Publish: true }, 201);
  await lambda('POST', '/managed/aliases', { Name: 'kept', FunctionVersion: '1' }, 201);

  await eddy.events.send(new CreateEventBusCommand({ Name: 'app' }));
  for (const Name of ['routed', 'toggled']) await eddy.events.send(new PutRuleCommand({ Name, EventBusName: 'app', EventPattern: '{"source":["setup"]}' }));
  const { ArchiveArn } = await eddy.events.send(new CreateArchiveCommand({ ArchiveName: 'kept', EventSourceArn: `arn:aws:events:${region}:${account}:event-bus/app` }));
  await eddy.events.send(
    new StartReplayCommand({
      ReplayName: 'setup-replay',
      EventSourceArn: ArchiveArn,
      EventStartTime: new Date(0),
      EventEndTime: new Date(1000),
      Destination: { Arn: `arn:aws:events:${region}:${account}:event-bus/app` },
    }),
  );

  const { ConnectionArn } = await eddy.events.send(
    new CreateConnectionCommand({ Name: 'kept', AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'setup' } } }),
  );
  await eddy.events.send(new CreateApiDestinationCommand({ Name: 'kept', ConnectionArn, InvocationEndpoint: 'https://example.com/kept', HttpMethod: 'POST' }));

  return {
    region,
    account,
    endpoint: eddy.endpoint,
    itemsStreamArn: StreamArn,
    itemsShardId: ShardId,
    itemsShardIterator: ShardIterator!,
    itemsFirstSequence: Records![0]!.dynamodb!.SequenceNumber!,
    mappedStreamArn,
    scratchTableArn: (await table('Scratch')).TableArn!,
    scratchReceipt: Messages![0]!.ReceiptHandle!,
    mappingUuid: UUID,
    moveTaskHandle: TaskHandle!,
    createdTables: [],
    createdQueues: [],
    createdMappings: [],
    createdBuses: [],
    createdRules: [],
    createdArchives: [],
    createdReplays: [],
    keptConnectionArn: ConnectionArn!,
    createdConnections: [],
    createdApiDestinations: [],
    createdFunctions: [],
    createdAliases: [],
    createdStatements: [],
  };
}
