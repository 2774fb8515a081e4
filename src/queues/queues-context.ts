import type { Deployment } from '../shared/arns.js';
import type { Clock } from '../shared/clock.js';
import type { QueueRecord, QueueStore } from '../storage/queue-store.js';
import type { MessageMoveTasks } from './message-move-tasks.js';
import type { QueueWaiters } from './queue-waiters.js';
import type { QueueSettings } from './rules/queue-attributes.js';

/** What every SQS operation receives. */
export interface QueuesContext {
  readonly store: QueueStore;
  readonly clock: Clock;
  readonly deployment: Deployment;
  /** The server's own endpoint (`http://host:port`), known once it listens; queue URLs start with it. */
  endpoint(): string;
  readonly waiters: QueueWaiters;
  readonly moveTasks: MessageMoveTasks;
}

export type Queue = QueueRecord<QueueSettings>;

/** An SQS operation: the parsed (unvalidated) request body in, the response body out. */
export type QueuesOperation = (ctx: QueuesContext, input: Record<string, unknown>) => Promise<unknown>;
