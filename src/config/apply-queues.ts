import { createQueue } from '../queues/operations/queue-lifecycle.js';
import { getQueueAttributes, setQueueAttributes } from '../queues/operations/queue-attributes-ops.js';
import { queueArn, queueUrl } from '../queues/queue-url.js';
import type { QueuesContext } from '../queues/queues-context.js';
import { ServiceError } from '../shared/service-error.js';
import { refusedAs, type ApplyRecorder } from './apply-report.js';
import { at } from './config-checker.js';
import type { NormalizedConfig, NormalizedQueue } from './normalized-config.js';
import { planQueue, queueAttributes, type QueuePlan } from './queue-plan.js';

/** The config's queues, compared with the stored ones (reads only); `run` then makes the writes. */
export interface QueuesApplication {
  refused: string[];
  run(recorder: ApplyRecorder): Promise<void>;
}

export async function applyQueues(config: NormalizedConfig, ctx: QueuesContext): Promise<QueuesApplication> {
  // Before the server listens its endpoint is unknown; queue URLs are matched by path, so any host does.
  const urlOf = (name: string) => queueUrl(ctx.endpoint() || 'http://localhost', ctx.deployment, name);
  const plans = new Map<string, { attributes: Record<string, string>; plan: QueuePlan | 'create' }>();
  for (const name of deadLettersFirst(config.queues)) {
    const attributes = queueAttributes(config.queues[name]!, (target) => queueArn(ctx.deployment, target));
    const stored = await storedAttributes(ctx, urlOf(name));
    plans.set(name, { attributes, plan: stored ? planQueue(at('queues', name), attributes, stored) : 'create' });
  }
  const refused = [...plans.values()].flatMap(({ plan }) => (plan === 'create' ? [] : plan.refused));
  return {
    refused,
    async run(recorder) {
      for (const [name, { attributes, plan }] of plans) {
        const path = at('queues', name);
        if (plan === 'create') {
          await refusedAs(config, path, () => createQueue(ctx, { QueueName: name, Attributes: attributes }));
          recorder.record('created', { kind: 'queue', name, changes: [] });
        } else if (plan.changes.length === 0) {
          recorder.record('unchanged', { kind: 'queue', name, changes: [] });
        } else {
          await refusedAs(config, path, () => setQueueAttributes(ctx, { QueueUrl: urlOf(name), Attributes: plan.set }));
          recorder.record('updated', { kind: 'queue', name, changes: plan.changes });
        }
      }
    },
  };
}

async function storedAttributes(ctx: QueuesContext, url: string): Promise<Record<string, string> | undefined> {
  try {
    const answer = (await getQueueAttributes(ctx, { QueueUrl: url, AttributeNames: ['All'] })) as { Attributes: Record<string, string> };
    return answer.Attributes;
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'QueueDoesNotExist') return undefined;
    throw error;
  }
}

/** Queue names in an order where each dead-letter queue of the config comes before the queues using it. */
function deadLettersFirst(queues: Record<string, NormalizedQueue>): string[] {
  const order: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (order.includes(name) || path.has(name) || !(name in queues)) return; // validation refuses cycles
    path.add(name);
    const target = queues[name]!.deadLetter?.queue;
    if (target !== undefined) visit(target, path);
    order.push(name);
  };
  for (const name of Object.keys(queues)) visit(name, new Set());
  return order;
}
