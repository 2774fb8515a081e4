import { streamErrors } from '../streams/errors.js';
import { describeStream } from '../streams/operations/describe-stream.js';
import { getRecords } from '../streams/operations/get-records.js';
import { getShardIterator } from '../streams/operations/get-shard-iterator.js';
import { listStreams } from '../streams/operations/list-streams.js';
import type { StreamsContext, StreamsOperation } from '../streams/streams-context.js';
import type { JsonService } from './json-service.js';

/** DynamoDBStreams_20120810.* operations by name. */
export const dynamodbStreamsOperations: Record<string, StreamsOperation> = {
  ListStreams: listStreams,
  DescribeStream: describeStream,
  GetShardIterator: getShardIterator,
  GetRecords: getRecords,
};

/** DynamoDB Streams' JSON 1.0 front on the same port: `X-Amz-Target: DynamoDBStreams_20120810.<Operation>`. */
export function dynamodbStreamsService(ctx: StreamsContext): JsonService {
  const operations = new Map<string, (input: Record<string, unknown>) => Promise<unknown>>();
  for (const [name, operation] of Object.entries(dynamodbStreamsOperations)) {
    operations.set(name, (input) => operation(ctx, input));
  }
  return { targetPrefix: 'DynamoDBStreams_20120810', signingName: 'dynamodb', operations, internalError: () => streamErrors.internal() };
}
