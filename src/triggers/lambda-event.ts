import type { StreamViewType } from '../streams/stream-meta.js';
import { recordForReader } from '../streams/stream-record.js';

const SERVICE_IDENTITY = ',"userIdentity":{"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"}}';

/**
 * One stream record as a Lambda event source mapping delivers it (SEMANTICS.md §A.2.3): the GetRecords
 * record plus `eventSourceARN` (the stream), and for service deletes (TTL) `userIdentity` with
 * lower-case member names, after it.
 */
export function lambdaEventRecord(
  stored: string,
  sequence: bigint,
  shardId: string,
  regionJson: string,
  viewType: StreamViewType,
  streamArnJson: string,
): string {
  const record = recordForReader(stored, sequence, shardId, regionJson, viewType);
  if (record.endsWith(SERVICE_IDENTITY)) {
    return (
      `${record.slice(0, -SERVICE_IDENTITY.length)},"eventSourceARN":${streamArnJson},` +
      '"userIdentity":{"principalId":"dynamodb.amazonaws.com","type":"Service"}}'
    );
  }
  return `${record.slice(0, -1)},"eventSourceARN":${streamArnJson}}`;
}
