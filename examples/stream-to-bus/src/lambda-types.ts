/**
 * The few Lambda event shapes these handlers read, declared here so the example needs no
 * `@types/aws-lambda`. Field names are AWS's; only what the handlers use is typed.
 */

/** A DynamoDB attribute value as stream records carry it (DynamoDB JSON: `{ "S": "…" }`, `{ "N": "42" }`, …). */
export type AttributeValue = { S: string } | { N: string } | Record<string, unknown>;

export type Image = Record<string, AttributeValue>;

export interface DynamoDBStreamRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventSourceARN: string;
  dynamodb: {
    /** Epoch seconds. */
    ApproximateCreationDateTime: number;
    Keys: Image;
    NewImage?: Image;
    OldImage?: Image;
    SequenceNumber: string;
  };
}

export interface DynamoDBStreamEvent {
  Records: DynamoDBStreamRecord[];
}

/** With `functionResponseTypes: ['ReportBatchItemFailures']`: the stream resumes at the first item listed. */
export interface StreamBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** An EventBridge event as a rule's target receives it. */
export interface EventBridgeEvent<Detail> {
  id: string;
  'detail-type': string;
  source: string;
  time: string;
  resources: string[];
  detail: Detail;
}

export interface SQSEvent {
  Records: { messageId: string; body: string }[];
}

/** The string value of attribute `name`, or undefined when it is missing or not a string. */
export function stringAttribute(image: Image | undefined, name: string): string | undefined {
  const value = image?.[name];
  return value !== undefined && 'S' in value && typeof value.S === 'string' ? value.S : undefined;
}
