import type { Deployment } from '../shared/arns.js';
import { parseStreamArn, type StreamName } from '../streams/stream-arn.js';
import { queueNameOfArn } from '../queues/queue-url.js';
import { apiDestinationOfArn } from '../bus/bus-arns.js';

/** A pipe's ARN: `arn:aws:pipes:<region>:<account>:pipe/<name>` (the docs' one example writes `arn:aws:pipe:`; unconfirmed which). */
export const pipeArn = (d: Deployment, name: string): string => `arn:aws:pipes:${d.region}:${d.account}:pipe/${name}`;

/** The pipe an ARN of this deployment names, or undefined. */
export function pipeNameOfArn(d: Deployment, arn: string): string | undefined {
  const prefix = `arn:aws:pipes:${d.region}:${d.account}:pipe/`;
  return arn.startsWith(prefix) && /^[.\-_A-Za-z0-9]{1,64}$/.test(arn.slice(prefix.length)) ? arn.slice(prefix.length) : undefined;
}

/** What a pipe reads: a DynamoDB stream or a queue of this Eddy. */
export type PipeSource = { readonly kind: 'stream'; readonly stream: StreamName } | { readonly kind: 'queue'; readonly queue: string };

/** What a pipe (or its enrichment) delivers to. */
export type PipeTarget =
  | { readonly kind: 'bus'; readonly bus: string }
  | { readonly kind: 'queue'; readonly queue: string }
  /** An SNS topic of this Eddy (Pipes' targets include SNS, SEMANTICS C.10.2): each record is published as the Message. */
  | { readonly kind: 'topic'; readonly topicArn: string; readonly topic: string }
  | { readonly kind: 'function'; readonly name: string; readonly qualifier?: string };

/** An API destination a pipe delivers to or enriches with (its name and id, as its ARN has them): an HTTP endpoint, not a service of this Eddy. */
export interface PipeApiDestination {
  readonly kind: 'api-destination';
  readonly name: string;
  readonly id: string;
}

export function sourceOf(d: Deployment, arn: string): PipeSource | undefined {
  const stream = parseStreamArn(arn, d);
  if (stream) return { kind: 'stream', stream };
  const queue = queueNameOfArn(arn, d);
  return queue === undefined ? undefined : { kind: 'queue', queue };
}

const FUNCTION = /^arn:aws:lambda:([^:]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]+))?$/;
const BUS = /^arn:aws:events:([^:]+):(\d{12}):event-bus\/([/.\-_A-Za-z0-9]{1,256})$/;
const TOPIC = /^arn:aws:sns:([^:]+):(\d{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/;

export function targetOf(d: Deployment, arn: string): PipeTarget | PipeApiDestination | undefined {
  const destination = apiDestinationOfArn(d, arn);
  if (destination) return { kind: 'api-destination', ...destination };
  const bus = BUS.exec(arn);
  if (bus) return bus[1] === d.region && bus[2] === d.account ? { kind: 'bus', bus: bus[3]! } : undefined;
  const fn = FUNCTION.exec(arn);
  if (fn) {
    if (fn[1] !== d.region || fn[2] !== d.account) return undefined;
    return { kind: 'function', name: fn[3]!, ...(fn[4] !== undefined && { qualifier: fn[4] }) };
  }
  const topic = TOPIC.exec(arn);
  if (topic) return topic[1] === d.region && topic[2] === d.account ? { kind: 'topic', topicArn: arn, topic: topic[3]! } : undefined;
  const queue = queueNameOfArn(arn, d);
  return queue === undefined ? undefined : { kind: 'queue', queue };
}

/** A target's or enrichment's name for people (`eddy mappings`): `bus app`, `queue jobs`, `function lookup:live`, `API destination crm`; another ARN as it is. */
export function endpointLabel(d: Deployment, arn: string): string {
  const endpoint = targetOf(d, arn);
  if (!endpoint) return arn;
  if (endpoint.kind === 'function') return `function ${endpoint.name}${endpoint.qualifier === undefined ? '' : `:${endpoint.qualifier}`}`;
  if (endpoint.kind === 'api-destination') return `API destination ${endpoint.name}`;
  if (endpoint.kind === 'topic') return `topic ${endpoint.topic}`;
  return endpoint.kind === 'bus' ? `bus ${endpoint.bus}` : `queue ${endpoint.queue}`;
}

/**
 * The most records one delivery to a target (or enrichment) may carry (SEMANTICS C.10.2): a bus takes
 * 10 entries per PutEvents, a queue 10 messages per SendMessageBatch and a topic 10 per PublishBatch; a function is limited by
 * payload size only; an API destination has no batch API, and "if you configure a pipe with an
 * enrichment or target that doesn't support batching, you won't be able to activate batching on the
 * source" (user guide, Pipes batching and concurrency): 1.
 */
export function maxBatchOf(target: PipeTarget | PipeApiDestination): number | undefined {
  return target.kind === 'function' ? undefined : target.kind === 'api-destination' ? 1 : 10;
}
