import type { Deployment } from '../shared/arns.js';
import { parseStreamArn, type StreamName } from '../streams/stream-arn.js';
import { queueNameOfArn } from '../queues/queue-url.js';

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
  | { readonly kind: 'function'; readonly name: string; readonly qualifier?: string };

export function sourceOf(d: Deployment, arn: string): PipeSource | undefined {
  const stream = parseStreamArn(arn, d);
  if (stream) return { kind: 'stream', stream };
  const queue = queueNameOfArn(arn, d);
  return queue === undefined ? undefined : { kind: 'queue', queue };
}

const FUNCTION = /^arn:aws:lambda:([^:]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]+))?$/;
const BUS = /^arn:aws:events:([^:]+):(\d{12}):event-bus\/([/.\-_A-Za-z0-9]{1,256})$/;

export function targetOf(d: Deployment, arn: string): PipeTarget | undefined {
  const bus = BUS.exec(arn);
  if (bus) return bus[1] === d.region && bus[2] === d.account ? { kind: 'bus', bus: bus[3]! } : undefined;
  const fn = FUNCTION.exec(arn);
  if (fn) {
    if (fn[1] !== d.region || fn[2] !== d.account) return undefined;
    return { kind: 'function', name: fn[3]!, ...(fn[4] !== undefined && { qualifier: fn[4] }) };
  }
  const queue = queueNameOfArn(arn, d);
  return queue === undefined ? undefined : { kind: 'queue', queue };
}

/**
 * The most records one delivery to a target may carry (SEMANTICS C.10.2): a bus takes 10 entries per
 * PutEvents and a queue 10 messages per SendMessageBatch; a function is limited by payload size only.
 */
export function maxBatchOf(target: PipeTarget): number | undefined {
  return target.kind === 'function' ? undefined : 10;
}
