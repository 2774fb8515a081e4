import type { Logger } from '../shared/logger.js';
import { subscribeUrl } from './messages/index.js';
import type { TopicsHooks } from './topics-context.js';

/**
 * Until the delivery side sends SubscriptionConfirmations, a pending subscription's SubscribeURL is
 * logged, so it can be confirmed by hand (or by a test reading the log).
 */
export function logPendingSubscriptions(logger: Logger, endpoint: string): TopicsHooks {
  return {
    subscriptionPending: (pending) =>
      logger.info(`topics: ${pending.protocol} subscription of ${pending.endpoint} to ${pending.topicArn} waits for its confirmation: ${subscribeUrl(endpoint, pending.topicArn, pending.token)}`),
  };
}
