import type { Deployment } from '../../shared/arns.js';
import { destinationTarget } from './destination-arn.js';

/** One event put on a bus, as PutEvents takes an entry. */
export interface DestinationEvent {
  readonly source: string;
  readonly detailType: string;
  /** JSON text of an object. */
  readonly detail: string;
  readonly resources: readonly string[];
}

/**
 * How records reach other contexts (wired in main.ts): a queue through sendToQueue, a bus through
 * putOnBus (bus-destination.ts), a function through asynchronous invocation, a topic through Publish. Each resolves once the
 * record is stored there and throws a ServiceError (or DestinationRefusedError) when the destination
 * refuses it for good.
 */
export interface DestinationPorts {
  /** `attributes`: a dead letter's (dead-letter.ts); records have none. */
  queue(queueArn: string, body: string, attributes?: MessageAttributes): Promise<unknown>;
  bus(busArn: string, event: DestinationEvent): Promise<void>;
  function(name: string, payload: string): Promise<unknown>;
  /** Publish to a topic (src/topics/publish-to-topic.ts): the record is the Message. */
  topic(topicArn: string, message: string, attributes?: MessageAttributes): Promise<unknown>;
}

/** Message attributes as SendMessage and Publish take them. */
export type MessageAttributes = Readonly<Record<string, { readonly DataType: 'String' | 'Number'; readonly StringValue: string }>>;

/** The destination cannot take the record, and never will: the record is dropped, not retried. */
export class DestinationRefusedError extends Error {}

/** EventBridge's detail-type for a record (the separator is a hyphen-minus; AWS's exact character is unconfirmed). */
export const detailTypeOf = (success: boolean): string => `Lambda Function Invocation Result - ${success ? 'Success' : 'Failure'}`;

/**
 * Sends an invocation record (JSON text) to its destination: the SQS message body, the function's
 * event, or the `detail` of an event with source `lambda`, the detail-type of its condition and
 * resources [function ARN, destination ARN] (SEMANTICS D.3).
 */
export async function sendRecord(ports: DestinationPorts, d: Deployment, destination: string, record: string): Promise<void> {
  const target = destinationTarget(destination, d);
  switch (target.kind) {
    case 'queue':
      await ports.queue(target.arn, record);
      return;
    case 'function':
      await ports.function(target.name, record);
      return;
    case 'topic':
      // The record is the message, as Lambda publishes it (AWS docs, "Adding a destination"; SEMANTICS D.3).
      await ports.topic(target.arn, record);
      return;
    case 'bus': {
      const context = (JSON.parse(record) as { requestContext: { condition: string; functionArn: string } }).requestContext;
      await ports.bus(target.arn, {
        source: 'lambda',
        detailType: detailTypeOf(context.condition === 'Success'),
        detail: record,
        resources: [context.functionArn, target.arn],
      });
      return;
    }
    default:
      // Refused by PutFunctionEventInvokeConfig; only a config stored by an older Eddy could hold one.
      throw new DestinationRefusedError(`${destination} cannot be a destination`);
  }
}
