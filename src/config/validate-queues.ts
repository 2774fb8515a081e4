import { at, shown, type ConfigChecker, type ConfigPath } from './config-checker.js';
import type { NormalizedQueue } from './normalized-config.js';

/** SQS's name rules: 1–80 characters of letters, digits, `_` and `-`; a FIFO queue's end in `.fifo` (counted). */
const STANDARD_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;
export const QUEUE_NAME = {
  test: /^(?:[A-Za-z0-9_-]{1,80}|[A-Za-z0-9_-]{1,75}\.fifo)$/,
  what: 'a queue name (1 to 80 characters: letters, digits, _ -, ending in .fifo for a FIFO queue)',
};
export const isFifoName = (name: string) => name.endsWith('.fifo');

/** Integer attributes with SQS's ranges and defaults. */
const INTEGERS = {
  visibilityTimeout: [0, 43_200, 30],
  delaySeconds: [0, 900, 0],
  maximumMessageSize: [1024, 1_048_576, 1_048_576],
  messageRetentionPeriod: [60, 1_209_600, 345_600],
  receiveMessageWaitTimeSeconds: [0, 20, 0],
} as const;
const FIFO_ONLY = ['contentBasedDeduplication', 'deduplicationScope', 'fifoThroughputLimit'] as const;
const QUEUE_FIELDS = ['fifo', ...Object.keys(INTEGERS), ...FIFO_ONLY, 'deadLetter'];

export function validateQueues(check: ConfigChecker, raw: unknown, path: ConfigPath): Record<string, NormalizedQueue> {
  const out: Record<string, NormalizedQueue> = {};
  const queues = check.object(raw, path);
  if (!queues) return out;
  for (const [name, value] of Object.entries(queues)) {
    const queue = validateQueue(check, name, value, at(path, name));
    if (queue) out[name] = queue;
  }
  for (const name of deadLetterCycle(out)) {
    check.problem(at(at(at(path, name), 'deadLetter'), 'queue'), 'dead-letter queues form a cycle through this queue');
  }
  return out;
}

function validateQueue(check: ConfigChecker, name: string, raw: unknown, path: ConfigPath): NormalizedQueue | undefined {
  const queue = check.object(raw, path, QUEUE_FIELDS);
  if (!queue) return undefined;
  const fifo = queue['fifo'] === undefined ? false : check.boolean(queue['fifo'], at(path, 'fifo'));
  let valid = fifo !== undefined;
  if (fifo === true && !FIFO_NAME.test(name)) {
    valid = check.expected(path, 'a FIFO queue name (1 to 75 characters: letters, digits, _ -, then .fifo)', name) ?? false;
  } else if (fifo === false && isFifoName(name)) {
    check.problem(at(path, 'fifo'), `a queue whose name ends in .fifo is a FIFO queue: expected true, got ${shown(queue['fifo'])}`);
    valid = false;
  } else if (fifo === false && !STANDARD_NAME.test(name)) {
    valid = check.expected(path, 'a queue name (1 to 80 characters: letters, digits, _ -)', name) ?? false;
  }
  const out = { fifo: fifo ?? false } as NormalizedQueue;
  for (const [field, [min, max, fallback]] of Object.entries(INTEGERS)) {
    const value = queue[field] === undefined ? fallback : check.integer(queue[field], at(path, field), min, max);
    if (value === undefined) valid = false;
    else out[field as keyof typeof INTEGERS] = value;
  }
  if (fifo === false) {
    for (const field of FIFO_ONLY) {
      if (queue[field] !== undefined) {
        check.problem(at(path, field), 'only FIFO queues (fifo: true) have this setting');
        valid = false;
      }
    }
  } else if (fifo === true) {
    const dedup = queue['contentBasedDeduplication'];
    const content = dedup === undefined ? false : check.boolean(dedup, at(path, 'contentBasedDeduplication'));
    const scope = queue['deduplicationScope'] === undefined ? 'queue' : check.oneOf(queue['deduplicationScope'], at(path, 'deduplicationScope'), ['messageGroup', 'queue'] as const);
    const limit = queue['fifoThroughputLimit'] === undefined ? 'perQueue' : check.oneOf(queue['fifoThroughputLimit'], at(path, 'fifoThroughputLimit'), ['perQueue', 'perMessageGroupId'] as const);
    if (content === undefined || scope === undefined || limit === undefined) valid = false;
    else Object.assign(out, { contentBasedDeduplication: content, deduplicationScope: scope, fifoThroughputLimit: limit });
  }
  if (queue['deadLetter'] !== undefined) {
    const deadLetter = validateDeadLetter(check, queue['deadLetter'], at(path, 'deadLetter'), fifo ?? false);
    if (deadLetter) out.deadLetter = deadLetter;
    else valid = false;
  }
  return valid ? out : undefined;
}

function validateDeadLetter(check: ConfigChecker, raw: unknown, path: ConfigPath, fifo: boolean): NormalizedQueue['deadLetter'] {
  const deadLetter = check.object(raw, path, ['queue', 'maxReceiveCount']);
  if (!deadLetter) return undefined;
  // The dead-letter queue may be declared here or created through the API: any valid name is accepted
  // now; a missing one is SQS's error when the config is applied.
  const queue = check.present(deadLetter['queue'], at(path, 'queue')) ? check.string(deadLetter['queue'], at(path, 'queue'), QUEUE_NAME) : undefined;
  if (queue !== undefined && isFifoName(queue) !== fifo) {
    check.problem(at(path, 'queue'), `a ${fifo ? 'FIFO' : 'standard'} queue's dead-letter queue is ${fifo ? 'a FIFO queue too' : 'a standard queue too'}, got ${JSON.stringify(queue)}`);
    return undefined;
  }
  const count = check.present(deadLetter['maxReceiveCount'], at(path, 'maxReceiveCount'))
    ? check.integer(deadLetter['maxReceiveCount'], at(path, 'maxReceiveCount'), 1, 1000)
    : undefined;
  return queue === undefined || count === undefined ? undefined : { queue, maxReceiveCount: count };
}

/** Queues of the config on a dead-letter cycle (a → b → a, or a → a). */
function deadLetterCycle(queues: Record<string, NormalizedQueue>): string[] {
  const onCycle: string[] = [];
  for (const start of Object.keys(queues)) {
    const seen = new Set<string>();
    let current: string | undefined = queues[start]!.deadLetter?.queue;
    while (current !== undefined && !seen.has(current) && current !== start) {
      seen.add(current);
      current = queues[current]?.deadLetter?.queue;
    }
    if (current === start) onCycle.push(start);
  }
  return onCycle;
}
