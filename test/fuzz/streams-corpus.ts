import { awsJson, type CorpusEntry, type FuzzRequest } from './fuzz-request.js';

/** A valid request of every DynamoDB Streams operation (src/api/dynamodb-streams-service.ts). Reads only. */

const streams = (operation: string, json: unknown): FuzzRequest => awsJson(`DynamoDBStreams_20120810.${operation}`, json);

export const streamsCorpus: readonly CorpusEntry[] = [
  { name: 'Streams ListStreams', build: (_n, live) => streams('ListStreams', { TableName: 'Items', Limit: 5, ExclusiveStartStreamArn: live.itemsStreamArn }) },
  {
    name: 'Streams DescribeStream',
    build: (_n, live) => streams('DescribeStream', { StreamArn: live.itemsStreamArn, Limit: 10, ExclusiveStartShardId: live.itemsShardId }),
  },
  {
    name: 'Streams GetShardIterator',
    build: (_n, live) => streams('GetShardIterator', {
      StreamArn: live.itemsStreamArn,
      ShardId: live.itemsShardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: live.itemsFirstSequence,
    }),
  },
  {
    name: 'Streams GetShardIterator (TRIM_HORIZON)',
    build: (_n, live) => streams('GetShardIterator', { StreamArn: live.itemsStreamArn, ShardId: live.itemsShardId, ShardIteratorType: 'TRIM_HORIZON' }),
  },
  { name: 'Streams GetRecords', build: (_n, live) => streams('GetRecords', { ShardIterator: live.itemsShardIterator, Limit: 10 }) },
];
