import type { TopicPublisher } from '../publish-to-topic.js';
import { publish } from './publish.js';
import type { PublishContext } from './publish-context.js';

/** A TopicPublisher on this Eddy's topics: Publish itself, by topic ARN. */
export const topicPublisher = (ctx: PublishContext): TopicPublisher => (topicArn, message) => publish(ctx, { TopicArn: topicArn, ...message });
