import type { NormalizedQueue } from './normalized-config.js';

/** The SQS attributes a queue of the config should have, as CreateQueue takes them. */
export function queueAttributes(queue: NormalizedQueue, deadLetterArn: (name: string) => string): Record<string, string> {
  const attributes: Record<string, string> = {
    DelaySeconds: String(queue.delaySeconds),
    MaximumMessageSize: String(queue.maximumMessageSize),
    MessageRetentionPeriod: String(queue.messageRetentionPeriod),
    ReceiveMessageWaitTimeSeconds: String(queue.receiveMessageWaitTimeSeconds),
    VisibilityTimeout: String(queue.visibilityTimeout),
  };
  if (queue.fifo) {
    attributes['FifoQueue'] = 'true';
    attributes['ContentBasedDeduplication'] = String(queue.contentBasedDeduplication ?? false);
    attributes['DeduplicationScope'] = queue.deduplicationScope ?? 'queue';
    attributes['FifoThroughputLimit'] = queue.fifoThroughputLimit ?? 'perQueue';
  }
  if (queue.deadLetter) {
    attributes['RedrivePolicy'] = JSON.stringify({
      deadLetterTargetArn: deadLetterArn(queue.deadLetter.queue),
      maxReceiveCount: queue.deadLetter.maxReceiveCount,
    });
  }
  return attributes;
}

export interface QueuePlan {
  refused: string[];
  /** SetQueueAttributes' Attributes; empty when nothing changes. */
  set: Record<string, string>;
  /** e.g. `VisibilityTimeout 30 → 60`. */
  changes: string[];
}

/**
 * Compares a stored queue's attributes (GetQueueAttributes `All`) with the config's. Attributes the config
 * does not model (Policy, encryption, RedriveAllowPolicy) are left as they are; a redrive policy the config
 * no longer gives is removed.
 */
export function planQueue(path: string, wanted: Record<string, string>, stored: Record<string, string>): QueuePlan {
  const plan: QueuePlan = { refused: [], set: {}, changes: [] };
  const storedFifo = stored['FifoQueue'] === 'true';
  if (storedFifo !== (wanted['FifoQueue'] === 'true')) {
    plan.refused.push(`${path}.fifo: the stored queue is ${storedFifo ? 'a FIFO' : 'a standard'} queue; a queue's type cannot change (delete the queue to re-create it)`);
    return plan;
  }
  for (const [name, value] of Object.entries(wanted)) {
    if (name === 'FifoQueue' || same(name, stored[name], value)) continue;
    plan.set[name] = value;
    plan.changes.push(`${name} ${stored[name] ?? '(none)'} → ${value}`);
  }
  if (stored['RedrivePolicy'] !== undefined && wanted['RedrivePolicy'] === undefined) {
    plan.set['RedrivePolicy'] = '';
    plan.changes.push(`RedrivePolicy ${stored['RedrivePolicy']} → (none)`);
  }
  return plan;
}

/** RedrivePolicy is JSON whose count SQS may render as a string: compared by meaning. */
function same(name: string, stored: string | undefined, wanted: string): boolean {
  if (name !== 'RedrivePolicy' || stored === undefined) return stored === wanted;
  const a = JSON.parse(stored) as Record<string, unknown>;
  const b = JSON.parse(wanted) as Record<string, unknown>;
  return a['deadLetterTargetArn'] === b['deadLetterTargetArn'] && Number(a['maxReceiveCount']) === Number(b['maxReceiveCount']);
}
