/**
 * The few Lambda event shapes these handlers read, declared here so the example needs no
 * `@types/aws-lambda`. Field names are AWS's; only what the handlers use is typed.
 */

/** A DynamoDB attribute value as stream records carry it (DynamoDB JSON). */
export type AttributeValue = { S: string } | { N: string } | { BOOL: boolean } | Record<string, unknown>;

export interface DynamoDBStreamRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventSourceARN: string;
  dynamodb: {
    Keys: Record<string, AttributeValue>;
    NewImage?: Record<string, AttributeValue>;
    OldImage?: Record<string, AttributeValue>;
    SequenceNumber: string;
  };
}

export interface DynamoDBStreamEvent {
  Records: DynamoDBStreamRecord[];
}

/** API Gateway HTTP API, payload format 2.0. */
export interface HttpApiEvent {
  routeKey: string;
  rawPath: string;
  headers: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded: boolean;
}

export interface HttpApiResult {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
}

/** The string value of attribute `name`, or undefined when it is missing or not a string. */
export function stringAttribute(image: Record<string, AttributeValue> | undefined, name: string): string | undefined {
  const value = image?.[name];
  return value !== undefined && 'S' in value && typeof value.S === 'string' ? value.S : undefined;
}

/** A JSON response, as API Gateway passes it on. */
export function json(statusCode: number, body: unknown): HttpApiResult {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** The request body as text (API Gateway base64-encodes bodies it does not take for text). */
export function bodyText(event: HttpApiEvent): string {
  if (event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
