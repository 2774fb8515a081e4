/** What an invocation was for, in a few words for Eddy's terminal: `3 records from Users stream`, `GET /users/{id}`. */
export interface InvocationSource {
  readonly text: string;
  /** The records or messages of a batch. */
  readonly count?: number;
  /** The delivery's attempt, when the event says it (an SQS message's receive count). */
  readonly attempt?: number;
}

/**
 * Reads what started an invocation from its event's shape, whoever sent it: a DynamoDB stream or SQS
 * batch (`eventSource`, `eventSourceARN`), an HTTP API request (payload 2.0 or 1.0). Any other event
 * has no source worth naming. Never throws.
 */
export function invocationSource(event: unknown): InvocationSource | undefined {
  if (!isObject(event)) return undefined;
  const records = event['Records'];
  if (Array.isArray(records)) {
    const first: unknown = records[0];
    const arn = String((isObject(first) ? first['eventSourceARN'] : undefined) ?? event['eventSourceARN'] ?? '');
    const eventSource = isObject(first) ? first['eventSource'] : undefined;
    if (eventSource === 'aws:dynamodb' || arn.startsWith('arn:aws:dynamodb:')) {
      const table = /:table\/([^/]+)\/stream\//.exec(arn)?.[1] ?? 'a table';
      if (records.length === 0 && event['isFinalInvokeForWindow'] === true) return { text: `end of a tumbling window of ${table} stream` };
      return { text: `${count(records.length, 'record')} from ${table} stream`, count: records.length };
    }
    if (eventSource === 'aws:sqs' || arn.startsWith('arn:aws:sqs:')) {
      const queue = arn.split(':').at(-1) || 'a queue';
      const received = Math.max(...records.map((record: unknown) => Number(isObject(record) && isObject(record['attributes']) ? record['attributes']['ApproximateReceiveCount'] : 1) || 1));
      return { text: `${count(records.length, 'message')} from ${queue} queue`, count: records.length, ...(received > 1 && { attempt: received }) };
    }
    return undefined;
  }
  const context = event['requestContext'];
  const http = isObject(context) ? context['http'] : undefined;
  if (event['version'] === '2.0' && isObject(http) && typeof http['method'] === 'string' && typeof event['rawPath'] === 'string') {
    return { text: `${http['method']} ${event['rawPath']}` };
  }
  if (typeof event['httpMethod'] === 'string' && typeof event['path'] === 'string') return { text: `${event['httpMethod']} ${event['path']}` };
  return undefined;
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
