import type { QueuesContext } from '../../queues/queues-context.js';
import type { TopicsContext } from '../topics-context.js';
import type { SigningKeys } from '../delivery/signing-keys.js';
import type { FanOutCache } from './fan-out.js';
import type { QueuesByArn } from '../../queues/queues-by-arn.js';

/** What Publish and PublishBatch need beside the control plane's context. */
export interface PublishContext extends TopicsContext {
  readonly queues: QueuesContext;
  readonly signing: SigningKeys;
  readonly fanOut: FanOutCache;
  /** Queues of this deployment, for sqs copies put on them in the accepting transaction. */
  readonly queueLookup: QueuesByArn;
}
