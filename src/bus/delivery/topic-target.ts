import { ServiceError } from '../../shared/service-error.js';
import type { StoredDelivery } from '../../storage/bus-store.js';
import type { TopicPublisher } from '../../topics/publish-to-topic.js';
import { deliveryFailures } from './delivery-failure.js';
import type { DeliveryTarget } from './delivery-target.js';
import type { TargetKind } from './target-kind.js';

export const isTopicArn = (arn: string): boolean => /^arn:aws[\w-]*:sns:/.test(arn);

/**
 * SNS topic targets (issue 19; eb-targets: "Amazon SNS topic"): the payload — the event, or what
 * InputPath / Input / InputTransformer made of it — is published as the Message through SNS's Publish.
 * A FIFO topic takes the target's SqsParameters.MessageGroupId as its MessageGroupId and needs
 * content-based deduplication (unconfirmed: the PutTargets model has no SNS parameters; EventBridge
 * documents SqsParameters for FIFO queues). A topic that does not exist is NO_RESOURCE, a message
 * Publish refuses INVALID_PARAMETER, neither retried (SEMANTICS C.7.4).
 */
export function topicTarget(publish: TopicPublisher): TargetKind {
  return {
    name: 'topic',
    accepts: isTopicArn,
    async deliver(delivery: StoredDelivery, target: DeliveryTarget): Promise<void> {
      const arn = target.target.Arn;
      const groupId = target.target.SqsParameters?.MessageGroupId;
      try {
        await publish(arn, { Message: delivery.payload, ...(groupId !== undefined && { MessageGroupId: groupId }) });
      } catch (error) {
        if (error instanceof ServiceError && error.code === 'NotFound') throw deliveryFailures.noResource(`Topic not found: ${arn}`);
        if (error instanceof ServiceError && error.statusCode < 500) throw deliveryFailures.invalidParameter(`${error.code}: ${error.message}`);
        throw error;
      }
    },
  };
}
