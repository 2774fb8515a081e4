import type { Deployment } from '../shared/arns.js';
import type { Logger } from '../shared/logger.js';
import type { StorageEngine } from '../storage/engine.js';
import { SHARED_POLL_MS } from '../storage/open-engine.js';
import { MessageMoveTasks } from '../queues/message-move-tasks.js';
import { QueueMaintenance } from '../queues/queue-maintenance.js';
import { QueueWaiters } from '../queues/queue-waiters.js';
import type { QueuesContext } from '../queues/queues-context.js';
import { wakeQueueWaitersAcrossNodes } from '../queues/cross-node-wakeups.js';
import type { ControlledClock } from '../time/controlled-clock.js';

/** The queues' context, the long polls' waiters (woken by other nodes' sends too) and message retention. */
export function queueWiring(engine: StorageEngine, clock: ControlledClock, deployment: Deployment, endpoint: string, logger: Logger, leader: () => boolean) {
  const waiters = new QueueWaiters();
  const queues: QueuesContext = {
    store: engine.queues,
    clock,
    deployment,
    endpoint: () => endpoint,
    waiters,
    moveTasks: new MessageMoveTasks(engine.queues, clock, waiters, logger),
  };
  const stopQueueWakeups = wakeQueueWaitersAcrossNodes(engine.queues, waiters, engine.capabilities.sharedAcrossProcesses ? SHARED_POLL_MS : undefined); // other nodes' sends
  const queueMaintenance = new QueueMaintenance(engine.queues, clock, logger, leader);
  return { queues, waiters, stopQueueWakeups, queueMaintenance };
}
