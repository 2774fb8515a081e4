import { DescribeTableCommand, DescribeTimeToLiveCommand, ListTablesCommand, ListTagsOfResourceCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import {
  DescribeArchiveCommand,
  DescribeEventBusCommand,
  DescribeReplayCommand,
  ListArchivesCommand,
  ListEventBusesCommand,
  ListReplaysCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import type { TestEddy } from '../helpers/eddy.js';
import { SIGNATURE } from './fuzz-request.js';
import { connectionsAndDestinations } from './written-connections.js';
import { lambdaFunctions } from './written-functions.js';

const show = (value: unknown): string => JSON.stringify(value ?? null);

/** A piece of Eddy's state as text, and where it was read. */
export interface StatePiece {
  readonly where: string;
  readonly text: string;
}

/**
 * Everything a request could have written, read back through the APIs: every table (description,
 * tags, TTL, items, index entries), every stream from TRIM_HORIZON, every queue (attributes, tags,
 * every message, received and deleted), every event source mapping, the functions' event invoke
 * configs, every event bus (description, policy, tags) with its rules (and their tags and targets),
 * every archive and every replay, every connection and API destination, every function (versions,
 * configuration, tags, aliases).
 */
export async function readWrittenState(eddy: TestEddy): Promise<StatePiece[]> {
  return [
    ...(await tables(eddy)),
    ...(await streams(eddy)),
    ...(await queues(eddy)),
    ...(await mappings(eddy)),
    ...(await eventBuses(eddy)),
    ...(await archivesAndReplays(eddy)),
    ...(await connectionsAndDestinations(eddy)),
    ...(await lambdaFunctions(eddy)),
  ];
}

async function tables(eddy: TestEddy): Promise<StatePiece[]> {
  const pieces: StatePiece[] = [];
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await eddy.ddb.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start);
  pieces.push({ where: 'ListTables', text: show(names) });
  for (const TableName of names) {
    const { Table } = await eddy.ddb.send(new DescribeTableCommand({ TableName }));
    pieces.push({ where: `DescribeTable ${TableName}`, text: show(Table) });
    pieces.push({ where: `ListTagsOfResource ${TableName}`, text: show((await eddy.ddb.send(new ListTagsOfResourceCommand({ ResourceArn: Table!.TableArn }))).Tags) });
    pieces.push({ where: `DescribeTimeToLive ${TableName}`, text: show((await eddy.ddb.send(new DescribeTimeToLiveCommand({ TableName }))).TimeToLiveDescription) });
    for (const IndexName of [undefined, ...(Table!.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName), ...(Table!.LocalSecondaryIndexes ?? []).map((i) => i.IndexName)]) {
      let ExclusiveStartKey: Record<string, any> | undefined;
      do {
        const page = await eddy.ddb.send(new ScanCommand({ TableName, IndexName, ExclusiveStartKey }));
        pieces.push({ where: `Scan ${TableName}${IndexName ? ` index ${IndexName}` : ''}`, text: show(page.Items) });
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
  }
  return pieces;
}

async function streams(eddy: TestEddy): Promise<StatePiece[]> {
  const pieces: StatePiece[] = [];
  const arns: string[] = [];
  let startArn: string | undefined;
  do {
    const page = await eddy.streams.send(new ListStreamsCommand({ ExclusiveStartStreamArn: startArn }));
    arns.push(...(page.Streams ?? []).map((s) => s.StreamArn!));
    startArn = page.LastEvaluatedStreamArn;
  } while (startArn);
  for (const StreamArn of arns) {
    let startShard: string | undefined;
    do {
      const { StreamDescription } = await eddy.streams.send(new DescribeStreamCommand({ StreamArn, ExclusiveStartShardId: startShard }));
      for (const shard of StreamDescription?.Shards ?? []) {
        let iterator = (await eddy.streams.send(new GetShardIteratorCommand({ StreamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
        while (iterator) {
          const page = await eddy.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
          if (!page.Records?.length) break;
          pieces.push({ where: `GetRecords ${StreamArn} ${shard.ShardId}`, text: show(page.Records) });
          iterator = page.NextShardIterator;
        }
      }
      startShard = StreamDescription?.LastEvaluatedShardId;
    } while (startShard);
  }
  return pieces;
}

async function queues(eddy: TestEddy): Promise<StatePiece[]> {
  const pieces: StatePiece[] = [];
  const urls: string[] = [];
  let token: string | undefined;
  do {
    const page = await eddy.sqs.send(new ListQueuesCommand({ MaxResults: 1000, NextToken: token }));
    urls.push(...(page.QueueUrls ?? []));
    token = page.NextToken;
  } while (token);
  pieces.push({ where: 'ListQueues', text: show(urls) });
  // Dead-letter queues first: a move task still running moves their messages to queues read later.
  urls.sort((a, b) => Number(b.endsWith('-dlq')) - Number(a.endsWith('-dlq')));
  for (const QueueUrl of urls) {
    pieces.push({ where: `GetQueueAttributes ${QueueUrl}`, text: show((await eddy.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes) });
    pieces.push({ where: `ListQueueTags ${QueueUrl}`, text: show((await eddy.sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags) });
    for (;;) {
      const { Messages = [] } = await eddy.sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 600, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
      );
      if (Messages.length === 0) break;
      pieces.push({ where: `ReceiveMessage ${QueueUrl}`, text: show(Messages) });
      // Deleted, so a FIFO group's later messages come next.
      await eddy.sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })) }));
    }
  }
  return pieces;
}

async function mappings(eddy: TestEddy): Promise<StatePiece[]> {
  const pieces: StatePiece[] = [];
  let marker: string | undefined;
  do {
    const res = await fetch(`${eddy.endpoint}/2015-03-31/event-source-mappings/?MaxItems=100${marker ? `&Marker=${marker}` : ''}`, { headers: SIGNATURE });
    const text = await res.text();
    if (!res.ok) throw new Error(`ListEventSourceMappings: ${res.status} ${text}`);
    pieces.push({ where: 'ListEventSourceMappings', text });
    marker = (JSON.parse(text) as { NextMarker?: string }).NextMarker;
  } while (marker);
  pieces.push({ where: 'GET /_eddy/mappings', text: await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).text() });
  for (const fn of ['echo', 'other']) {
    const res = await fetch(`${eddy.endpoint}/2019-09-25/functions/${fn}/event-invoke-config/list`, { headers: SIGNATURE });
    const text = await res.text();
    if (!res.ok) throw new Error(`ListFunctionEventInvokeConfigs ${fn}: ${res.status} ${text}`);
    pieces.push({ where: `ListFunctionEventInvokeConfigs ${fn}`, text });
  }
  return pieces;
}

async function eventBuses(eddy: TestEddy): Promise<StatePiece[]> {
  const pieces: StatePiece[] = [];
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await eddy.events.send(new ListEventBusesCommand({ NextToken: token }));
    pieces.push({ where: 'ListEventBuses', text: show(page.EventBuses) });
    names.push(...(page.EventBuses ?? []).map((bus) => bus.Name!));
    token = page.NextToken;
  } while (token);
  for (const Name of names) {
    const bus = await eddy.events.send(new DescribeEventBusCommand({ Name }));
    pieces.push({ where: `DescribeEventBus ${Name}`, text: show({ ...bus, $metadata: undefined }) });
    pieces.push({ where: `ListTagsForResource ${Name}`, text: show((await eddy.events.send(new ListTagsForResourceCommand({ ResourceARN: bus.Arn }))).Tags) });
    let ruleToken: string | undefined;
    do {
      const page = await eddy.events.send(new ListRulesCommand({ EventBusName: Name, NextToken: ruleToken }));
      pieces.push({ where: `ListRules ${Name}`, text: show(page.Rules) });
      for (const rule of page.Rules ?? []) {
        pieces.push({ where: `ListTagsForResource ${rule.Arn}`, text: show((await eddy.events.send(new ListTagsForResourceCommand({ ResourceARN: rule.Arn }))).Tags) });
        const { Targets } = await eddy.events.send(new ListTargetsByRuleCommand({ Rule: rule.Name, EventBusName: Name }));
        pieces.push({ where: `ListTargetsByRule ${rule.Arn}`, text: show(Targets) });
      }
      ruleToken = page.NextToken;
    } while (ruleToken);
  }
  return pieces;
}

async function archivesAndReplays(eddy: TestEddy): Promise<StatePiece[]> {
  const pieces: StatePiece[] = [];
  let token: string | undefined;
  do {
    const page = await eddy.events.send(new ListArchivesCommand({ NextToken: token }));
    for (const { ArchiveName } of page.Archives ?? []) {
      pieces.push({ where: `DescribeArchive ${ArchiveName}`, text: show({ ...(await eddy.events.send(new DescribeArchiveCommand({ ArchiveName }))), $metadata: undefined }) });
    }
    token = page.NextToken;
  } while (token);
  do {
    const page = await eddy.events.send(new ListReplaysCommand({ NextToken: token }));
    for (const { ReplayName } of page.Replays ?? []) {
      pieces.push({ where: `DescribeReplay ${ReplayName}`, text: show({ ...(await eddy.events.send(new DescribeReplayCommand({ ReplayName }))), $metadata: undefined }) });
    }
    token = page.NextToken;
  } while (token);
  return pieces;
}
