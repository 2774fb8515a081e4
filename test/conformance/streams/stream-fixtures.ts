import assert from 'node:assert/strict';
import { CreateTableCommand, type DynamoDBClient, type StreamViewType } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';

let counter = 0;
/** A table name unique within the run. */
export const uniqueTable = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

/** Creates a table (HASH pk S, optional RANGE sk N) with a stream of the view type (null: none); returns its stream ARN ('' without). */
export async function createStreamTable(
  ddb: DynamoDBClient,
  name: string,
  viewType: StreamViewType | null = 'NEW_AND_OLD_IMAGES',
  options: { sortKey?: boolean } = {},
): Promise<string> {
  const out = await ddb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(options.sortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : [])],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        ...(options.sortKey ? [{ AttributeName: 'sk', AttributeType: 'N' as const }] : []),
      ],
      BillingMode: 'PAY_PER_REQUEST',
      ...(viewType ? { StreamSpecification: { StreamEnabled: true, StreamViewType: viewType } } : {}),
    }),
  );
  return out.TableDescription!.LatestStreamArn ?? '';
}

/** Every shard of the stream (all pages of DescribeStream). */
export async function allShards(streams: DynamoDBStreamsClient, StreamArn: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let ExclusiveStartShardId: string | undefined;
  do {
    const out = await streams.send(new DescribeStreamCommand({ StreamArn, ExclusiveStartShardId }));
    shards.push(...out.StreamDescription!.Shards!);
    ExclusiveStartShardId = out.StreamDescription!.LastEvaluatedShardId;
  } while (ExclusiveStartShardId);
  return shards;
}

/** Reads one shard from TRIM_HORIZON until it is drained (closed) or has nothing more (open). */
export async function readShard(streams: DynamoDBStreamsClient, StreamArn: string, ShardId: string): Promise<_Record[]> {
  const records: _Record[] = [];
  let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
  while (iterator) {
    const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
    records.push(...out.Records!);
    if (out.Records!.length === 0) break;
    iterator = out.NextShardIterator;
  }
  return records;
}

/**
 * Reads the whole stream as a lineage-following consumer does: a shard only after its parent is
 * done, children found through ParentShardId. Returns records by shard, in processing order.
 */
export async function readLineage(streams: DynamoDBStreamsClient, StreamArn: string): Promise<_Record[]> {
  const shards = await allShards(streams, StreamArn);
  const ids = new Set(shards.map((s) => s.ShardId));
  const done = new Set<string>();
  const out: _Record[] = [];
  while (done.size < shards.length) {
    const ready = shards.filter(
      (s) => !done.has(s.ShardId!) && (s.ParentShardId === undefined || !ids.has(s.ParentShardId) || done.has(s.ParentShardId)),
    );
    assert.ok(ready.length > 0, 'lineage has a cycle');
    for (const shard of ready) {
      out.push(...(await readShard(streams, StreamArn, shard.ShardId!)));
      done.add(shard.ShardId!);
    }
  }
  return out;
}

/** The records of a single-shard stream (asserts there is one shard). */
export async function readOnlyShard(streams: DynamoDBStreamsClient, StreamArn: string): Promise<_Record[]> {
  const shards = await allShards(streams, StreamArn);
  assert.equal(shards.length, 1);
  return readShard(streams, StreamArn, shards[0]!.ShardId!);
}

/** `eventName pk` per record: a compact view for order assertions. */
export const summary = (records: readonly _Record[]): string[] =>
  records.map((r) => `${r.eventName} ${r.dynamodb!.Keys!.pk!.S}`);
