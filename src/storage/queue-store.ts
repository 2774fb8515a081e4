/**
 * The queue half of the storage contract (StorageEngine.queues): queues, and messages that are sent,
 * claimed with a visibility timeout, deleted, made visible again, redriven to a dead-letter queue and
 * moved back. Semantic operations, each one atomic: FIFO ordering and group locks, deduplication,
 * receive counts and redrive all happen inside the store's transaction, so two consumers can never
 * claim the same message and a FIFO group never has two messages in flight.
 *
 * Times are epoch milliseconds chosen by the caller (the domain's injectable clock); the store never
 * reads a clock of its own. Messages are opaque to the store apart from the fields named here.
 */
export interface QueueStore {
  /**
   * Creates the queue; when one of that name exists, writes nothing and returns it with
   * `created: false` (the domain compares attributes).
   */
  create<A>(queue: NewQueue<A>): Promise<{ queue: QueueRecord<A>; created: boolean }>;
  get<A>(name: string): Promise<QueueRecord<A> | undefined>;
  getById<A>(id: number): Promise<QueueRecord<A> | undefined>;
  /** Every queue in name order (byte-wise), optionally only names starting with `prefix`. */
  list<A>(prefix?: string): Promise<QueueRecord<A>[]>;
  /**
   * Replaces attributes and tags with `decide(current)` in one transaction (decide may throw to
   * abort); sets modifiedAt to `now`. Undefined when the queue does not exist.
   */
  update<A>(
    name: string,
    now: number,
    decide: (current: QueueRecord<A>) => { attributes: A; tags: Readonly<Record<string, string>> },
  ): Promise<QueueRecord<A> | undefined>;
  /** Deletes the queue with all its messages and deduplication entries; false when absent. */
  delete(name: string): Promise<boolean>;

  /**
   * Appends messages in order, in one transaction. A FIFO message whose `dedupKey` was accepted
   * within its window (an entry whose `dedupUntil` is after `now`) is not stored again: its outcome
   * is the first message's id and sequence, with `duplicate: true`. Sequences increase per queue.
   * Rejects with MissingQueueError when the queue id no longer exists.
   */
  send(queueId: number, messages: readonly NewMessage[], now: number): Promise<SendOutcome[]>;
  /**
   * Claims up to `max` messages that are visible at `now` and were sent at or after `retainedSince`,
   * oldest sequence first, making each invisible until `visibleUntil`, counting the receive, setting
   * first-received time on the first, and issuing a fresh receipt nonce.
   * FIFO: a message is claimable only when no message of its group is in flight (received, visibility
   * not yet over) and no earlier message of its group is waiting (delayed); messages of one group come
   * out in sequence order.
   * Redrive: a claimable message already received `redrive.maxReceiveCount` times is moved to the
   * dead-letter queue instead (visible at once there, receive count reset to 0, `sourceQueueId` set to
   * this queue, same id, body and payload, original sentAt) and is not returned.
   * Resolves once committed, without waiting for a flush (durability power): a receive lost with the power
   * makes its messages visible again, which SQS's at-least-once delivery allows.
   */
  receive(request: ReceiveRequest): Promise<ReceiveOutcome>;
  /** Deletes one message if `nonce` is its latest receipt. */
  deleteMessage(queueId: number, sequence: number, nonce: string): Promise<ReceiptOutcome>;
  /**
   * Sets the visibility of an in-flight message whose latest receipt is `nonce` to `visibleUntil`
   * ('not-in-flight' when it is visible at `now`, changing nothing).
   */
  changeVisibility(queueId: number, sequence: number, nonce: string, visibleUntil: number, now: number): Promise<ReceiptOutcome | 'not-in-flight'>;
  /** Deletes every message of the queue; returns how many. */
  purge(queueId: number): Promise<number>;
  /**
   * Records a PurgeQueue at `now` unless the queue's last one was less than `intervalMs` before it; answers
   * whether it did (the caller may purge). One conditional update of the queue's row, so of two nodes
   * purging one queue at once exactly one is let through.
   */
  claimPurge(queueId: number, now: number, intervalMs: number): Promise<boolean>;
  /** Counts for GetQueueAttributes, among messages sent at or after `retainedSince`. */
  stats(queueId: number, now: number, retainedSince: number): Promise<QueueStats>;
  /** Counts of several queues in one read (a metrics scrape), each among its messages sent at or after its `retainedSince`; a queue deleted is left out. */
  statsOf(queues: readonly { readonly queueId: number; readonly retainedSince: number }[], now: number): Promise<Map<number, QueueStats>>;
  /** The earliest time after `now` at which a message of the queue becomes visible (delay or visibility ends). */
  nextVisibleAt(queueId: number, now: number): Promise<number | undefined>;
  /** Retention: deletes the queue's messages sent before `before`, and dedup entries expired at `now`. */
  trim(queueId: number, before: number, now: number): Promise<number>;
  /**
   * Moves up to `limit` messages (oldest first) from a dead-letter queue to `toQueueId`, or when it is
   * undefined each to its own `sourceQueueId` (messages without one, or whose source queue is gone,
   * stay). Moved messages are visible at `now`, sent at `now`, with receive count 0 and no source.
   * Returns how many moved and how many are left in the queue.
   */
  moveMessages(request: MoveRequest): Promise<{ moved: number; left: number }>;
  /**
   * Storage shared with other processes: calls `listener(queueId)` when one of them committed something that
   * may have made messages receivable in that queue (a send, a redrive into it, a visibility change to now, a
   * FIFO delete, a move), and `listener(undefined)` when any queue may have (a notification may have been
   * lost). Not for this process's own writes: the domain wakes its waiters itself. Absent when alone.
   */
  onMessages?(listener: (queueId: number | undefined) => void): () => void;
  /** Stores a message move task, or its new state (insert or replace); keeps a source queue's 10 newest. */
  saveMoveTask(task: StoredMoveTask): Promise<void>;
  /** Every stored move task, newest first. Deleting a queue deletes its tasks. */
  moveTasks(): Promise<StoredMoveTask[]>;
  /**
   * Up to `limit` messages of the queue with a sequence above `after`, in sequence order, read without
   * claiming or changing them (`eddy export`): visible, delayed and in flight alike.
   */
  browse(queueId: number, after: number, limit: number): Promise<BrowsedMessage[]>;
}

/** A message as browse reads it. */
export interface BrowsedMessage {
  readonly sequence: number;
  readonly messageId: string;
  readonly body: string;
  readonly payload: string;
  readonly groupId?: string;
  readonly dedupKey?: string;
  readonly sentAt: number;
  readonly visibleAt: number;
  readonly receiveCount: number;
}

/** A message move task as stored: what ListMessageMoveTasks shows and what a restart resumes. */
export interface StoredMoveTask {
  readonly taskHandle: string;
  readonly sourceQueueId: number;
  readonly sourceArn: string;
  readonly destinationQueueId?: number;
  readonly destinationArn?: string;
  readonly maxPerSecond?: number;
  readonly startedAt: number;
  readonly status: string;
  readonly moved: number;
  readonly toMove: number;
  readonly failureReason?: string;
}

export interface NewQueue<A> {
  readonly name: string;
  readonly fifo: boolean;
  /** Domain-owned settings (VisibilityTimeout, RedrivePolicy, ...), stored as JSON. */
  readonly attributes: A;
  readonly tags: Readonly<Record<string, string>>;
  readonly now: number;
}

export interface QueueRecord<A = unknown> {
  readonly id: number;
  readonly name: string;
  readonly fifo: boolean;
  readonly attributes: A;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly modifiedAt: number;
  /** 1 at creation, incremented by every update: what a cache of the queue's settings checks. */
  readonly version: number;
}

export interface NewMessage {
  /** Chosen by the domain (a UUID). */
  readonly messageId: string;
  readonly body: string;
  /** Everything else the domain keeps with the message (attributes, their MD5s), stored and returned verbatim. */
  readonly payload: string;
  /** First visible at this time (now + delay). */
  readonly visibleAt: number;
  /** FIFO only. */
  readonly groupId?: string;
  /** FIFO only: the deduplication id as the domain scopes it (per queue, or per group). */
  readonly dedupKey?: string;
  /** FIFO only: the end of the deduplication window (now + 5 minutes). */
  readonly dedupUntil?: number;
}

export interface SendOutcome {
  readonly messageId: string;
  readonly sequence: number;
  readonly duplicate: boolean;
}

export interface ReceiveRequest {
  readonly queueId: number;
  readonly fifo: boolean;
  readonly max: number;
  readonly now: number;
  readonly visibleUntil: number;
  readonly retainedSince: number;
  readonly redrive?: { readonly maxReceiveCount: number; readonly deadLetterQueueId: number };
}

export interface ReceiveOutcome {
  readonly messages: StoredMessage[];
  /** How many messages were moved to the dead-letter queue by this receive. */
  readonly redriven: number;
}

export interface StoredMessage {
  readonly messageId: string;
  readonly sequence: number;
  readonly body: string;
  readonly payload: string;
  readonly groupId?: string;
  /** The dedup key the message was sent with (FIFO). */
  readonly dedupKey?: string;
  readonly sentAt: number;
  /** Including this receive. */
  readonly receiveCount: number;
  readonly firstReceivedAt: number;
  /** The receipt nonce issued by this receive. */
  readonly nonce: string;
  /** Set on messages moved here by redrive: the queue they came from. */
  readonly sourceQueueId?: number;
}

export type ReceiptOutcome = 'done' | 'stale' | 'missing';

export interface QueueStats {
  /** Visible now (ApproximateNumberOfMessages). */
  readonly visible: number;
  /** Received and still invisible (ApproximateNumberOfMessagesNotVisible). */
  readonly inFlight: number;
  /** Never received and not yet visible (ApproximateNumberOfMessagesDelayed). */
  readonly delayed: number;
}

export interface MoveRequest {
  readonly fromQueueId: number;
  readonly toQueueId?: number;
  readonly limit: number;
  readonly now: number;
  /** The stored task this step belongs to: its `moved` count grows in the same transaction. */
  readonly taskHandle?: string;
}

/** A message operation named a queue id that no longer exists. */
export class MissingQueueError extends Error {
  constructor(readonly queueId: number) {
    super(`queue ${queueId} does not exist`);
    this.name = 'MissingQueueError';
  }
}
