import { queueByArn } from './queue-lookup.js';
import { queueArn } from './queue-url.js';
import type { Queue, QueuesContext } from './queues-context.js';
import { sqsErrors } from './rules/sqs-errors.js';
import type { QueueSettings } from './rules/queue-attributes.js';

/**
 * A RedrivePolicy's dead-letter queue must exist, be of the same type as its source (FIFO for a FIFO
 * queue, standard for a standard one), and allow the source by its RedriveAllowPolicy. Returns the dead-letter queue, or undefined without a policy.
 */
export async function checkRedriveTarget(
  ctx: QueuesContext,
  settings: QueueSettings,
  fifo: boolean,
  sourceName: string,
): Promise<Queue | undefined> {
  const policy = settings.RedrivePolicy;
  if (!policy) return undefined;
  const target = await queueByArn(ctx, policy.deadLetterTargetArn);
  const value = JSON.stringify(policy);
  if (!target) {
    throw sqsErrors.invalidParameterValue(`Value ${value} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`);
  }
  if (target.fifo !== fifo) {
    // Unconfirmed wording.
    throw sqsErrors.invalidParameterValue(
      `Value ${value} for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be the same type of queue as the source.`,
    );
  }
  const allow = target.attributes.RedriveAllowPolicy;
  const sourceArn = queueArn(ctx.deployment, sourceName);
  if (allow && (allow.redrivePermission === 'denyAll' || (allow.redrivePermission === 'byQueue' && !allow.sourceQueueArns?.includes(sourceArn)))) {
    // Unconfirmed wording.
    throw sqsErrors.invalidParameterValue(
      `Value ${value} for parameter RedrivePolicy is invalid. Reason: Queue ${policy.deadLetterTargetArn} does not allow ${sourceArn} to use it as a dead-letter queue.`,
    );
  }
  return target;
}
