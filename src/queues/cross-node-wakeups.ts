import type { QueueStore } from '../storage/queue-store.js';
import type { QueueWaiters } from './queue-waiters.js';

/**
 * Wakes this node's long polls (and queue consumers) for messages other nodes committed: the store's
 * onMessages (PostgreSQL's LISTEN/NOTIFY) wakes the waiters of the queue named, or all of them when a
 * notification may have been lost. With `pollMs`, every waiter also looks again that often: a notification
 * lost in a way nobody noticed delays a receive by at most that, never by its whole wait.
 * Alone on its storage (no onMessages, no pollMs) this does nothing: the domain wakes its own waiters.
 * Returns the function that stops it.
 */
export function wakeQueueWaitersAcrossNodes(store: QueueStore, waiters: QueueWaiters, pollMs?: number): () => void {
  const unsubscribe = store.onMessages?.((queueId) => (queueId === undefined ? waiters.notifyAll() : waiters.notify(queueId)));
  const timer =
    pollMs === undefined
      ? undefined
      : setInterval(() => {
          if (waiters.waitingQueues().length > 0) waiters.notifyAll();
        }, pollMs);
  timer?.unref();
  return () => {
    unsubscribe?.();
    clearInterval(timer);
  };
}
