import type { Deployment } from '../../shared/arns.js';

/**
 * What a destination ARN (an event invoke config's OnSuccess / OnFailure) names, as Eddy can reach it:
 * a standard queue, a function ($LATEST), an event bus or a standard SNS topic of this deployment. Lambda
 * also accepts (on failure) S3 buckets, which Eddy does not serve: `unserved`, with the reason, so that
 * PutFunctionEventInvokeConfig refuses what could never be delivered instead of storing it. Anything
 * else Lambda itself refuses: `unsupported`.
 */
export type DestinationTarget =
  | { readonly kind: 'queue'; readonly arn: string; readonly name: string }
  | { readonly kind: 'function'; readonly arn: string; readonly name: string }
  | { readonly kind: 'bus'; readonly arn: string; readonly name: string }
  | { readonly kind: 'topic'; readonly arn: string; readonly name: string }
  | { readonly kind: 'unserved'; readonly arn: string; readonly reason: string }
  | { readonly kind: 'unsupported'; readonly arn: string };

/** DestinationArn's model pattern (the event invoke config operations quote it in their ValidationException). */
export const DESTINATION_ARN_PATTERN = '^$|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';
const MODEL = /^(?:$|kafka:\/\/([^.]([a-zA-Z0-9\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1})?:(\d{12})?:(.*))$/s;

/** Whether a Destination member satisfies the model's pattern (checked before anything else). */
export const matchesDestinationPattern = (arn: string): boolean => MODEL.test(arn);

const ARN = /^arn:aws[a-zA-Z0-9-]*:([a-zA-Z0-9-]+):([^:]*):([^:]*):(.*)$/s;

export function destinationTarget(arn: string, d: Deployment): DestinationTarget {
  const parts = ARN.exec(arn);
  if (!parts) return { kind: 'unsupported', arn };
  const [service, region, account, resource] = [parts[1]!, parts[2]!, parts[3]!, parts[4]!];
  const own = region === d.region && account === d.account;
  const elsewhere = `Eddy serves account ${d.account} in region ${d.region} only`;
  switch (service) {
    case 'sqs':
      if (!own) return { kind: 'unserved', arn, reason: elsewhere };
      // Lambda sends invocation records to standard queues only (as the CDK documents; AWS's own answer to a FIFO queue is unconfirmed).
      if (resource.endsWith('.fifo')) return { kind: 'unserved', arn, reason: 'a FIFO queue cannot be a destination: Lambda sends records to standard queues only' };
      return /^[A-Za-z0-9_-]{1,80}$/.test(resource) ? { kind: 'queue', arn, name: resource } : { kind: 'unserved', arn, reason: 'no such queue' };
    case 'lambda': {
      const fn = /^function:([A-Za-z0-9_-]{1,64})(?::(\$LATEST))?$/.exec(resource);
      if (!own || !fn) return { kind: 'unserved', arn, reason: own ? 'Eddy has no versions or aliases besides $LATEST' : elsewhere };
      return { kind: 'function', arn, name: fn[1]! };
    }
    case 'events': {
      const bus = /^event-bus\/([A-Za-z0-9._-]{1,256})$/.exec(resource);
      if (!bus) return { kind: 'unsupported', arn };
      return own ? { kind: 'bus', arn, name: bus[1]! } : { kind: 'unserved', arn, reason: elsewhere };
    }
    case 'sns':
      if (!own) return { kind: 'unserved', arn, reason: elsewhere };
      // Lambda publishes records to standard topics (its destinations give no MessageGroupId; a FIFO topic's refusal is unconfirmed, as a FIFO queue's).
      if (resource.endsWith('.fifo')) return { kind: 'unserved', arn, reason: 'a FIFO topic cannot be a destination: Lambda publishes records to standard topics only' };
      return /^[A-Za-z0-9_-]{1,256}$/.test(resource) ? { kind: 'topic', arn, name: resource } : { kind: 'unserved', arn, reason: 'no such topic' };
    case 's3':
      return { kind: 'unserved', arn, reason: 'Eddy does not serve S3 buckets, so a bucket cannot be a destination; use a queue, a function or an event bus' };
    default:
      return { kind: 'unsupported', arn };
  }
}
