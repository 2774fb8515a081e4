/** What the on-failure destination receives when a batch is discarded (SEMANTICS.md §B.7). */
export interface DiscardedBatch {
  readonly requestId: string;
  readonly functionArn: string;
  readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
  readonly approximateInvokeCount: number;
  /** "Unhandled" for a function error, null for an invalid ReportBatchItemFailures response. */
  readonly functionError: string | null;
  readonly shardId: string;
  readonly streamArn: string;
  /** The discarded records: sequence numbers (decimal) and creation times (ms), in order. */
  readonly first: { readonly sequence: string; readonly createdAt: number };
  readonly last: { readonly sequence: string; readonly createdAt: number };
  readonly batchSize: number;
  readonly now: number;
}

const isoSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** The failure record's JSON text, members in the order AWS sends them to SQS. */
export function failureRecord(batch: DiscardedBatch): string {
  return JSON.stringify({
    requestContext: {
      requestId: batch.requestId,
      functionArn: batch.functionArn,
      condition: batch.condition,
      approximateInvokeCount: batch.approximateInvokeCount,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: batch.functionError },
    version: '1.0',
    timestamp: new Date(batch.now).toISOString(),
    DDBStreamBatchInfo: {
      shardId: batch.shardId,
      startSequenceNumber: batch.first.sequence,
      endSequenceNumber: batch.last.sequence,
      approximateArrivalOfFirstRecord: isoSeconds(batch.first.createdAt),
      approximateArrivalOfLastRecord: isoSeconds(batch.last.createdAt),
      batchSize: batch.batchSize,
      streamArn: batch.streamArn,
    },
  });
}
