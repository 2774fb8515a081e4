/**
 * The few Lambda event shapes these handlers read, declared here so the example needs no
 * `@types/aws-lambda`. Field names are AWS's; only what the handlers use is typed.
 */

/** A DynamoDB attribute value as stream records carry it (DynamoDB JSON). */
export type AttributeValue = { S: string } | { N: string } | { SS: string[] } | Record<string, unknown>;

export type Image = Record<string, AttributeValue>;

export interface DynamoDBStreamRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventSourceARN: string;
  dynamodb: { Keys: Image; NewImage?: Image; OldImage?: Image; SequenceNumber: string };
}

export interface DynamoDBStreamEvent {
  Records: DynamoDBStreamRecord[];
}

/** API Gateway HTTP API, payload format 2.0 (header names lowercased). */
export interface HttpApiEvent {
  routeKey: string;
  headers: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded: boolean;
}

export interface HttpApiResult {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
}

/** The string value of attribute `name`, or undefined when it is missing or not a string. */
export function stringAttribute(image: Image | undefined, name: string): string | undefined {
  const value = image?.[name];
  return value !== undefined && 'S' in value && typeof value.S === 'string' ? value.S : undefined;
}
