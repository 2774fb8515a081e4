import type { Database } from 'better-sqlite3';
import type {
  BrowsedMessage,
  MoveRequest,
  NewMessage,
  NewQueue,
  QueueRecord,
  QueueStats,
  QueueStore,
  ReceiptOutcome,
  ReceiveOutcome,
  ReceiveRequest,
  SendOutcome,
  StoredMoveTask,
} from '../queue-store.js';
import { MissingQueueError } from '../queue-store.js';
import { INSERT_MESSAGES, MESSAGE_COLUMNS, SqliteQueueStatements, type MessageRow } from './sqlite-queue-statements.js';
import { toQueue } from './sqlite-queue-rows.js';
import { allocate, receiveMessages } from './sqlite-queue-receive.js';
import { moveMessages } from './sqlite-queue-move.js';
import { SqliteMoveTaskStatements } from './sqlite-queue-move-tasks.js';

/** What the engine lends the queue store: its group commit, its transactions and its read guard. */
export interface SqliteQueueHost {
  /**
   * Runs `work` inside the engine's next group commit and resolves with its result once that commits.
   * `work` must write nothing before it can fail for a reason of its own (it checks first); what it
   * throws rejects it alone. A driver error fails the whole group.
   */
  enqueue<T>(work: () => T): Promise<T>;
  /** As enqueue, but answered once the group has committed, without waiting for its WAL flush (durability power). */
  enqueueCommitted<T>(work: () => T): Promise<T>;
  /** Commits pending work, then runs `body` in its own IMMEDIATE transaction (rolled back if it throws). */
  transaction<T>(body: () => T): T;
  /** Runs a read outside a transaction, translating driver errors. */
  read<T>(body: () => T): T;
}

/**
 * QueueStore on the SQLite engine's connection. Message operations (send, receive, deleteMessage,
 * changeVisibility) share the engine's group commit with item writes; catalog and bulk operations run
 * in a transaction of their own after the pending work has committed.
 */
export class SqliteQueueStore implements QueueStore {
  readonly #sql: SqliteQueueStatements;
  readonly #moveTasks: SqliteMoveTaskStatements;
  readonly #host: SqliteQueueHost;
  /**
   * Ids of existing queues, changed only after the commit of a create or delete. Pending work runs
   * in the engine's flush and catalog operations flush first, so a unit that finds its id here finds
   * the queue's row too.
   */
  readonly #live: Set<number>;

  constructor(db: Database, host: SqliteQueueHost) {
    this.#sql = new SqliteQueueStatements(db);
    this.#moveTasks = new SqliteMoveTaskStatements(db);
    this.#host = host;
    this.#live = new Set(this.#sql.liveQueueIds.all().map((row) => row.id));
  }

  async create<A>(queue: NewQueue<A>): Promise<{ queue: QueueRecord<A>; created: boolean }> {
    const sql = this.#sql;
    const outcome = this.#host.transaction(() => {
      const { name, fifo, attributes, tags, now } = queue;
      const info = sql.insertQueue.run(name, fifo ? 1 : 0, JSON.stringify(attributes), JSON.stringify(tags), now, now);
      return { queue: toQueue<A>(sql.queueByName.get(name)!), created: info.changes === 1 };
    });
    if (outcome.created) this.#live.add(outcome.queue.id);
    return outcome;
  }

  async get<A>(name: string): Promise<QueueRecord<A> | undefined> {
    return this.#host.read(() => {
      const row = this.#sql.queueByName.get(name);
      return row && toQueue<A>(row);
    });
  }

  async getById<A>(id: number): Promise<QueueRecord<A> | undefined> {
    return this.#host.read(() => {
      const row = this.#sql.queueById.get(id);
      return row && toQueue<A>(row);
    });
  }

  async list<A>(prefix = ''): Promise<QueueRecord<A>[]> {
    return this.#host.read(() => {
      const queues: QueueRecord<A>[] = [];
      // Names compare as UTF-8 bytes (BINARY collation), so those with the prefix follow it contiguously.
      for (const row of this.#sql.queuesFrom.iterate(prefix)) {
        if (!row.name.startsWith(prefix)) break;
        queues.push(toQueue<A>(row));
      }
      return queues;
    });
  }

  async update<A>(
    name: string,
    now: number,
    decide: (current: QueueRecord<A>) => { attributes: A; tags: Readonly<Record<string, string>> },
  ): Promise<QueueRecord<A> | undefined> {
    const sql = this.#sql;
    return this.#host.transaction(() => {
      const row = sql.queueByName.get(name);
      if (!row) return undefined;
      const current = toQueue<A>(row);
      const { attributes, tags } = decide(current);
      sql.updateQueue.run(JSON.stringify(attributes), JSON.stringify(tags), now, row.id);
      return { ...current, attributes, tags, modifiedAt: now, version: current.version + 1 };
    });
  }

  async delete(name: string): Promise<boolean> {
    const sql = this.#sql;
    const id = this.#host.transaction(() => {
      const row = sql.queueByName.get(name);
      if (!row) return undefined;
      sql.deleteMessagesOf.run(row.id);
      sql.deleteDedupOf.run(row.id);
      this.#moveTasks.deleteOf(row.id);
      sql.deleteQueue.run(row.id);
      return row.id;
    });
    if (id === undefined) return false;
    this.#live.delete(id);
    return true;
  }

  send(queueId: number, messages: readonly NewMessage[], now: number): Promise<SendOutcome[]> {
    return this.#host.enqueue(() => {
      this.#check(queueId);
      return this.storeWithin(queueId, messages, now);
    });
  }

  /** Whether a queue exists (its create committed, its delete did not): what a unit checks before writing to it. */
  isLive(queueId: number): boolean {
    return this.#live.has(queueId);
  }

  /** Inside a unit: the queue's version (QueueRecord.version), undefined when it does not exist. */
  versionOf(queueId: number): number | undefined {
    return this.#live.has(queueId) ? this.#sql.queueVersion.get(queueId)?.version : undefined;
  }

  /**
   * Stores messages on a live queue inside the caller's unit of the group commit (send's body; the bus
   * store puts a queue target's messages in the transaction that accepts their events). The caller has
   * checked isLive.
   */
  storeWithin(queueId: number, messages: readonly NewMessage[], now: number): SendOutcome[] {
    const sql = this.#sql;
    // Duplicates first (of an accepted entry, or of an earlier message of this call), then one
    // counter update for the messages actually stored.
    const firstOf = messages.some((message) => message.dedupKey !== undefined) ? this.#firstOf(queueId, messages, now) : undefined;
    const stored = firstOf === undefined ? messages.length : firstOf.filter((first, i) => first === i).length;
    const seqs = stored > 0 ? allocate(sql, queueId, stored) : [];
    const outcomes: SendOutcome[] = [];
    // The rows' parameters, flat: INSERT_MESSAGES rows to a statement, the rest one by one.
    const params: MessageRow[number][] = [];
    let next = 0;
    messages.forEach((message, i) => {
      const first = firstOf === undefined ? i : firstOf[i]!;
      if (typeof first !== 'number') {
        outcomes.push({ messageId: first.messageId, sequence: first.seq, duplicate: true });
      } else if (first !== i) {
        outcomes.push({ ...outcomes[first]!, duplicate: true });
      } else {
        const seq = seqs[next++]!;
        const { messageId, body, payload, visibleAt, groupId, dedupKey, dedupUntil } = message;
        params.push(queueId, seq, visibleAt, now, groupId ?? null, dedupKey ?? null, messageId, body, payload);
        if (dedupKey !== undefined) sql.putDedup.run(queueId, dedupKey, messageId, seq, dedupUntil ?? now);
        outcomes.push({ messageId, sequence: seq, duplicate: false });
      }
    });
    const batch = MESSAGE_COLUMNS * INSERT_MESSAGES;
    let at = 0;
    for (; at + batch <= params.length; at += batch) sql.insertMessages.run(...params.slice(at, at + batch));
    for (; at < params.length; at += MESSAGE_COLUMNS) sql.insertMessage.run(...(params.slice(at, at + MESSAGE_COLUMNS) as MessageRow));
    return outcomes;
  }

  /** For each message: its own index when it is stored, an earlier one's index or a kept entry when it duplicates one. */
  #firstOf(queueId: number, messages: readonly NewMessage[], now: number) {
    const accepted = new Map<string, number>();
    return messages.map((message, i) => {
      const key = message.dedupKey;
      if (key === undefined) return i;
      const earlier = accepted.get(key);
      if (earlier !== undefined) return earlier;
      const entry = this.#sql.findDedup.get(queueId, key, now);
      if (entry) return entry;
      accepted.set(key, i);
      return i;
    });
  }

  receive(request: ReceiveRequest): Promise<ReceiveOutcome> {
    return this.#host.enqueueCommitted(() => {
      this.#check(request.queueId);
      const deadLetterLive = request.redrive !== undefined && this.#live.has(request.redrive.deadLetterQueueId);
      return receiveMessages(this.#sql, request, deadLetterLive);
    });
  }

  deleteMessage(queueId: number, sequence: number, nonce: string): Promise<ReceiptOutcome> {
    return this.#host.enqueue(() => {
      this.#check(queueId);
      if (this.#sql.deleteWithNonce.run(queueId, sequence, nonce).changes === 1) return 'done';
      return this.#sql.receipt.get(queueId, sequence) ? 'stale' : 'missing';
    });
  }

  changeVisibility(
    queueId: number,
    sequence: number,
    nonce: string,
    visibleUntil: number,
    now: number,
  ): Promise<ReceiptOutcome | 'not-in-flight'> {
    return this.#host.enqueue(() => {
      this.#check(queueId);
      const receipt = this.#sql.receipt.get(queueId, sequence);
      if (!receipt) return 'missing';
      if (receipt.nonce !== nonce) return 'stale';
      if (receipt.visibleAt <= now) return 'not-in-flight';
      this.#sql.setVisibility.run(visibleUntil, queueId, sequence);
      return 'done';
    });
  }

  async purge(queueId: number): Promise<number> {
    return this.#host.transaction(() => {
      this.#check(queueId);
      return this.#sql.deleteMessagesOf.run(queueId).changes;
    });
  }

  async claimPurge(queueId: number, now: number, intervalMs: number): Promise<boolean> {
    return this.#host.transaction(() => {
      this.#check(queueId);
      return this.#sql.claimPurge.run(now, queueId, now - intervalMs).changes === 1;
    });
  }

  async stats(queueId: number, now: number, retainedSince: number): Promise<QueueStats> {
    return this.#host.read(() => {
      this.#check(queueId);
      const { n } = this.#sql.countVisible.get(queueId, now, retainedSince)!;
      const { inFlight, delayed } = this.#sql.countInvisible.get(queueId, now, retainedSince)!;
      return { visible: n, inFlight, delayed };
    });
  }

  async statsOf(queues: readonly { readonly queueId: number; readonly retainedSince: number }[], now: number): Promise<Map<number, QueueStats>> {
    // One read transaction, so one snapshot; in process, a statement per queue costs no round trip.
    return this.#host.read(() => {
      const counts = new Map<number, QueueStats>();
      for (const { queueId, retainedSince } of queues) {
        if (!this.#live.has(queueId)) continue;
        const { n } = this.#sql.countVisible.get(queueId, now, retainedSince)!;
        const { inFlight, delayed } = this.#sql.countInvisible.get(queueId, now, retainedSince)!;
        counts.set(queueId, { visible: n, inFlight, delayed });
      }
      return counts;
    });
  }

  async nextVisibleAt(queueId: number, now: number): Promise<number | undefined> {
    return this.#host.read(() => {
      this.#check(queueId);
      return this.#sql.nextVisibleAt.get(queueId, now)!.at ?? undefined;
    });
  }

  async trim(queueId: number, before: number, now: number): Promise<number> {
    return this.#host.transaction(() => {
      this.#check(queueId);
      this.#sql.trimDedup.run(queueId, now);
      return this.#sql.trimMessages.run(queueId, before).changes;
    });
  }

  async moveMessages(request: MoveRequest): Promise<{ moved: number; left: number }> {
    return this.#host.transaction(() => {
      this.#check(request.fromQueueId);
      if (request.toQueueId !== undefined) this.#check(request.toQueueId);
      const outcome = moveMessages(this.#sql, request, (id) => this.#live.has(id));
      if (request.taskHandle !== undefined) this.#moveTasks.addMoved(request.taskHandle, outcome.moved);
      return outcome;
    });
  }

  async saveMoveTask(task: StoredMoveTask): Promise<void> {
    this.#host.transaction(() => this.#moveTasks.save(task));
  }

  async moveTasks(): Promise<StoredMoveTask[]> {
    return this.#host.read(() => this.#moveTasks.all());
  }
  async browse(queueId: number, after: number, limit: number): Promise<BrowsedMessage[]> {
    return this.#host.read(() =>
      this.#sql.browse.all(queueId, after, limit).map((row) => ({
        sequence: row.seq,
        messageId: row.messageId,
        body: row.body,
        payload: row.payload,
        ...(row.groupId !== null && { groupId: row.groupId }),
        ...(row.dedupKey !== null && { dedupKey: row.dedupKey }),
        sentAt: row.sentAt,
        visibleAt: row.visibleAt,
        receiveCount: row.receiveCount,
      })),
    );
  }


  #check(queueId: number): void {
    if (!this.#live.has(queueId)) throw new MissingQueueError(queueId);
  }
}
