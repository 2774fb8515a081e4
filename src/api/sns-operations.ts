/** SNS's operations but Publish (sns-service.ts): one chunk, imported on the first request for one. */
export { confirmSubscription, getSubscriptionAttributes, listSubscriptions, listSubscriptionsByTopic, setSubscriptionAttributes, subscribe, unsubscribe } from '../topics/operations/subscriptions.js';
export { listTagsForResource, tagResource, untagResource } from '../topics/operations/tags.js';
export { createTopic, deleteTopic, getTopicAttributes, listTopics, setTopicAttributes } from '../topics/operations/topics.js';
