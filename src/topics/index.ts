// Topics (SNS): topics, subscriptions with their confirmations, attributes and tags (the control plane; Publish and delivery join it).
export type { TopicsContext, TopicsHooks, PendingSubscription } from './topics-context.js';
export { topicArn, subscriptionArn } from './topic-arns.js';
export { topicsErrors } from './topics-errors.js';
