// Topics (SNS): topics, subscriptions with their confirmations, attributes and tags; Publish and its durable delivery (publish/, delivery/, topics-runtime.ts).
export type { TopicsContext, TopicsHooks, PendingSubscription } from './topics-context.js';
export { topicArn, subscriptionArn } from './topic-arns.js';
export { topicsErrors } from './topics-errors.js';
export { TopicsRuntime, type TopicsRuntimeOptions } from './topics-runtime.js';
export type { PublishContext } from './publish/publish-context.js';
export type { TopicMessage, TopicPublisher } from './publish-to-topic.js';
export { topicPublisher } from './publish/topic-publisher.js';
