import { randomUUID } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { QueueStore, StoredMoveTask } from '../storage/queue-store.js';
import type { QueueWaiters } from './queue-waiters.js';

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

/** A task as this process tracks it: the stored form, with the fields a running task changes. */
export interface MoveTask extends Omit<StoredMoveTask, 'status' | 'moved' | 'failureReason'> {
  status: MoveTaskStatus;
  moved: number;
  failureReason?: string;
}

/** Messages moved per step when no rate is set. */
const STEP = 100;

/**
 * StartMessageMoveTask's work: moves a dead-letter queue's messages back to their source queues (or to
 * one destination) in steps, at most MaxNumberOfMessagesPerSecond when set. Tasks are stored (the
 * store keeps a source queue's 10 newest) and each step's count is stored with the messages it moved,
 * so after a restart `resume()` lists them as before and carries on a running task where it stopped.
 */
export class MessageMoveTasks {
  readonly #store: QueueStore;
  readonly #clock: Clock;
  readonly #waiters: QueueWaiters;
  readonly #logger: Logger;
  /** Per source queue, newest first. */
  readonly #tasks = new Map<number, MoveTask[]>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(store: QueueStore, clock: Clock, waiters: QueueWaiters, logger: Logger) {
    this.#store = store;
    this.#clock = clock;
    this.#waiters = waiters;
    this.#logger = logger;
  }

  running(sourceQueueId: number): MoveTask | undefined {
    return this.#tasks.get(sourceQueueId)?.find((t) => t.status === 'RUNNING' || t.status === 'CANCELLING');
  }

  /** Starts a task; resolves once it is stored. */
  async start(task: Omit<MoveTask, 'taskHandle' | 'startedAt' | 'status' | 'moved'>): Promise<MoveTask> {
    const started: MoveTask = {
      ...task,
      taskHandle: Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn: task.sourceArn })).toString('base64'),
      startedAt: this.#clock.now(),
      status: 'RUNNING',
      moved: 0,
    };
    await this.#store.saveMoveTask(started);
    this.#remember(started);
    this.#schedule(started, 0);
    return started;
  }

  /** Loads the stored tasks after a restart; a running one carries on, one being cancelled ends cancelled. */
  async resume(): Promise<void> {
    const stored = await this.#store.moveTasks();
    for (const task of [...stored].reverse()) {
      const loaded: MoveTask = { ...task, status: task.status as MoveTaskStatus };
      this.#remember(loaded);
      if (loaded.status === 'RUNNING') this.#schedule(loaded, 0);
      if (loaded.status === 'CANCELLING') await this.#finish(loaded, 'CANCELLED');
    }
  }

  /** The source queue's tasks, newest first (at most 10 are kept). */
  list(sourceQueueId: number): readonly MoveTask[] {
    return this.#tasks.get(sourceQueueId) ?? [];
  }

  find(taskHandle: string): MoveTask | undefined {
    for (const list of this.#tasks.values()) {
      const task = list.find((t) => t.taskHandle === taskHandle);
      if (task) return task;
    }
    return undefined;
  }

  async cancel(task: MoveTask): Promise<void> {
    if (task.status !== 'RUNNING') return;
    task.status = 'CANCELLING';
    await this.#store.saveMoveTask(task);
  }

  forgetQueue(queueId: number): void {
    for (const task of this.#tasks.get(queueId) ?? []) if (task.status === 'RUNNING') task.status = 'CANCELLING';
    this.#tasks.delete(queueId);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #schedule(task: MoveTask, delayMs: number): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#step(task);
    }, delayMs);
    timer.unref();
    this.#timers.add(timer);
  }

  /** Newest first, at most 10 per source queue (as the store keeps them). */
  #remember(task: MoveTask): void {
    const list = this.#tasks.get(task.sourceQueueId) ?? [];
    list.unshift(task);
    this.#tasks.set(task.sourceQueueId, list.slice(0, 10));
  }

  async #finish(task: MoveTask, status: MoveTaskStatus, failureReason?: string): Promise<void> {
    task.status = status;
    if (failureReason !== undefined) task.failureReason = failureReason;
    await this.#store.saveMoveTask(task);
  }

  async #step(task: MoveTask): Promise<void> {
    if (task.status === 'CANCELLING') return this.#finish(task, 'CANCELLED').catch((error) => this.#logger.error('message move task', error));
    try {
      const limit = Math.min(task.maxPerSecond ?? STEP, Math.max(0, task.toMove - task.moved));
      const { moved, left } = limit === 0 ? { moved: 0, left: 0 } : await this.#store.moveMessages({
        fromQueueId: task.sourceQueueId,
        ...(task.destinationQueueId !== undefined && { toQueueId: task.destinationQueueId }),
        limit,
        now: this.#clock.now(),
        taskHandle: task.taskHandle,
      });
      task.moved += moved;
      if (moved > 0) {
        if (task.destinationQueueId !== undefined) this.#waiters.notify(task.destinationQueueId);
        else this.#waiters.notifyAll();
      }
      if (moved === 0 || left === 0 || task.moved >= task.toMove) {
        return await this.#finish(task, (task.status as MoveTaskStatus) === 'CANCELLING' ? 'CANCELLED' : 'COMPLETED');
      }
      this.#schedule(task, task.maxPerSecond === undefined ? 0 : 1000);
    } catch (error) {
      if (this.#closed) return; // storage closed under a step: the stored task resumes at the next start
      this.#logger.error('message move task failed', error);
      await this.#finish(task, 'FAILED', 'CouldNotDetermineMessageSource').catch(() => {});
    }
  }
}
