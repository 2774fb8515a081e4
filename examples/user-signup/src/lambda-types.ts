/**
 * The few AWS Lambda event shapes these handlers use, declared here instead of depending on
 * @types/aws-lambda (the member names are AWS's, so the handlers run unchanged on Lambda).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** API Gateway HTTP API, payload format 2.0 (only the members read here). */
export interface HttpEvent {
  readonly routeKey: string;
  readonly rawPath: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>>;
  readonly pathParameters?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded: boolean;
  readonly requestContext: { readonly requestId: string; readonly http: { readonly method: string; readonly path: string } };
}

export interface HttpResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

export type Image = Record<string, AttributeValue>;

/** One DynamoDB stream record as an event source mapping delivers it. */
export interface StreamRecord {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly eventSourceARN: string;
  readonly dynamodb: {
    /** Epoch seconds. */
    readonly ApproximateCreationDateTime?: number;
    readonly Keys: Image;
    readonly NewImage?: Image;
    readonly OldImage?: Image;
    readonly SequenceNumber: string;
  };
}

export interface StreamEvent {
  readonly Records: readonly StreamRecord[];
}

/** The answer of a function with `functionResponseTypes: ['ReportBatchItemFailures']`. */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}
