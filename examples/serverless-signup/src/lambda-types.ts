/**
 * The Lambda event shapes these handlers read, declared here instead of depending on @types/aws-lambda
 * (member names are AWS's, so the handlers run unchanged on Lambda).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** API Gateway HTTP API, payload format 2.0 (the members read here). */
export interface HttpEvent {
  readonly pathParameters?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded: boolean;
}

export interface HttpResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

export type Image = Record<string, AttributeValue>;

/** One DynamoDB stream record as an event source mapping delivers it. */
export interface StreamRecord {
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly dynamodb: { readonly Keys: Image; readonly NewImage?: Image; readonly OldImage?: Image; readonly SequenceNumber: string };
}

export interface StreamEvent {
  readonly Records: readonly StreamRecord[];
}

/** A partial batch response (functionResponseType: ReportBatchItemFailures). */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/**
 * Handles the records one by one, in order; the first that fails is reported with every record after it,
 * so a retry starts there and the records before it are checkpointed.
 */
export async function inOrder(event: StreamEvent, handle: (record: StreamRecord) => Promise<void>): Promise<BatchResponse> {
  const records = event.Records;
  for (let i = 0; i < records.length; i++) {
    try {
      await handle(records[i]!);
    } catch (error) {
      console.error(`record ${records[i]!.dynamodb.SequenceNumber} failed:`, error);
      return { batchItemFailures: records.slice(i).map((record) => ({ itemIdentifier: record.dynamodb.SequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
}
