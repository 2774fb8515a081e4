import type { MessageAttributeInput } from './messages/message-attributes.js';

// Types only: the bus, triggers, pipes, Lambda and Scheduler name these, and Eddy's public declarations
// reach them (eddy-options → bus-delivery), so nothing here may pull in Node's types. The function is
// src/topics/publish/topic-publisher.ts.

/** What another service publishes to a topic it targets: Publish's members (SEMANTICS E.2). */
export interface TopicMessage {
  readonly Message: string;
  readonly Subject?: string;
  /** A FIFO topic's; a standard topic refuses them (Publish's own errors). */
  readonly MessageGroupId?: string;
  readonly MessageDeduplicationId?: string;
  readonly MessageAttributes?: Record<string, MessageAttributeInput>;
}

/**
 * How bus rules, triggers' and pipes' on-failure destinations, Lambda's async destinations and Scheduler
 * reach a topic by its ARN (issue 19, "Everywhere a topic can be a target"): Publish's own operation,
 * so the message is checked, matched and stored for delivery exactly as an SNS client's is. Resolves
 * once it is durable; throws Publish's ServiceError (NotFound, InvalidParameter…) when the topic refuses it.
 */
export type TopicPublisher = (topicArn: string, message: TopicMessage) => Promise<{ MessageId: string }>;
