import type { Database } from 'better-sqlite3';
import { StaleDocumentsError } from '../bus-store.js';
import type {
  AcceptedEvents,
  AcceptOutcome,
  ArchivedEventRow,
  ArchiveRead,
  BusDocument,
  BusDocumentKind,
  BusStore,
  DeliveryOutcome,
  DocumentVersion,
  DocumentWrite,
  DueFiring,
  NewDelivery,
  StoredDelivery,
  TargetStats,
} from '../bus-store.js';
import type { NewMessage } from '../queue-store.js';
import type { SqliteQueueHost, SqliteQueueStore } from './sqlite-queue-store.js';
import { SqliteBusDocuments, checkTime } from './sqlite-bus-documents.js';
import { SqliteBusDeliveries } from './sqlite-bus-deliveries.js';
import { checkDeliveries, type CheckedDeliveries } from './sqlite-bus-delivery-rows.js';
import { CounterDeltas, SqliteBusCounters } from './sqlite-bus-counters.js';
import { SqliteBusArchive, type ArchiveTotals, type CheckedArchived } from './sqlite-bus-archive.js';
import { BusWakeups } from './sqlite-bus-wakeups.js';

/** What the engine lends the bus store: the same group commit, transactions and read guard as the queues'. */
export type SqliteBusHost = SqliteQueueHost;

/** What the bus store uses of the queue store: a queue target's messages go on their queue in the unit that accepts the events. */
export type SqliteQueueWrites = Pick<SqliteQueueStore, 'versionOf' | 'storeWithin'>;

interface CheckedEvents {
  readonly deliveries: CheckedDeliveries;
  /** Deliveries made in the unit, counted as delivered; their messages by queue. */
  readonly queued: CheckedDeliveries;
  readonly messages: ReadonlyMap<number, NewMessage[]>;
  readonly archived: CheckedArchived;
}

/**
 * BusStore on the SQLite engine's connection. Every document, delivery and lease change is a unit of
 * the engine's group commit (concurrent PutEvents share one COMMIT); a unit checks its input before its
 * first write, so what it throws rejects it alone with nothing written, and only a driver error fails
 * the group. Units sum their counter changes in memory; the engine calls beforeCommit (written in the
 * same transaction) or rolledBack. Archive retention and clearing run in a transaction of their own. Conditions (a firing's
 * dueAt, a lease's owner and expiry) are evaluated by SQLite under the write lock, so another connection
 * on the same file sees the row as committed.
 */
export class SqliteBusStore implements BusStore {
  readonly #host: SqliteBusHost;
  readonly #queues: SqliteQueueWrites;
  readonly #documents: SqliteBusDocuments;
  readonly #deliveries: SqliteBusDeliveries;
  readonly #counters: SqliteBusCounters;
  readonly #archive: SqliteBusArchive;
  readonly #wakeups = new BusWakeups();
  /** Counter changes of the units of the open group commit, written once before it commits. */
  readonly #deltas = new CounterDeltas();
  readonly #archiveTotals: ArchiveTotals = new Map();
  /**
   * Queue versions read by the units of the open group commit. A queue changes only in a transaction
   * of its own, which commits the pending units first, and no other connection writes while the group
   * holds the write lock: within one group a queue's version is the one its first unit read.
   */
  readonly #queueVersions = new Map<number, number | undefined>();
  /**
   * Queue target messages of the open group's units, by queue and by the time their unit accepted them,
   * in unit order: written once before the group commits, so a queue's sequence numbers are taken once
   * per commit rather than once per PutEvents.
   */
  readonly #messages = new Map<number, Map<number, NewMessage[]>>();
  /** Document versions read by the units of the open group commit (by kind, scope and name); a document write clears them. */
  readonly #documentVersions = new Map<string, DocumentVersion | undefined>();

  constructor(db: Database, host: SqliteBusHost, queues: SqliteQueueWrites) {
    this.#host = host;
    this.#queues = queues;
    this.#documents = new SqliteBusDocuments(db);
    this.#deliveries = new SqliteBusDeliveries(db);
    this.#counters = new SqliteBusCounters(db);
    this.#archive = new SqliteBusArchive(db);
  }

  async getDocument<D>(kind: BusDocumentKind, scope: string, name: string): Promise<BusDocument<D> | undefined> {
    return this.#host.read(() => this.#documents.get<D>(kind, scope, name));
  }

  async documentVersion(kind: BusDocumentKind, scope: string, name: string): Promise<DocumentVersion | undefined> {
    return this.#host.read(() => this.#documents.version(kind, scope, name));
  }

  async listDocuments<D>(kind: BusDocumentKind, scope?: string): Promise<BusDocument<D>[]> {
    return this.#host.read(() => this.#documents.list<D>(kind, scope));
  }

  writeDocument<D, R>(write: DocumentWrite<D, R>): Promise<R> {
    return this.#host.enqueue(() => {
      this.#documentVersions.clear();
      return this.#documents.write(write);
    });
  }

  async dueDocuments<D>(kind: BusDocumentKind, now: number, limit: number): Promise<BusDocument<D>[]> {
    return this.#host.read(() => this.#documents.due<D>(kind, now, limit));
  }

  async nextDue(kind: BusDocumentKind): Promise<number | undefined> {
    return this.#host.read(() => this.#documents.nextDue(kind));
  }

  fireDue(fire: DueFiring): Promise<boolean> {
    return this.#write(() => {
      const { kind, scope, name, expectedDueAt, nextDueAt } = fire;
      if (nextDueAt !== null) checkTime(nextDueAt, 'nextDueAt');
      const checked = this.#check(fire.accepted);
      if (!this.#documents.take(kind, scope, name, expectedDueAt, nextDueAt)) return [false, false];
      this.#store(checked, fire.accepted.now);
      return [true, checked.deliveries.length > 0];
    });
  }

  claimDocument(kind: BusDocumentKind, scope: string, name: string, owner: string, until: number, now: number): Promise<boolean> {
    return this.#host.enqueue(() => {
      checkTime(until, 'until');
      return this.#documents.claim(kind, scope, name, owner, until, now);
    });
  }

  acceptEvents(accepted: AcceptedEvents): Promise<AcceptOutcome> {
    return this.#write(() => {
      const checked = this.#check(accepted);
      this.#store(checked, accepted.now);
      return [{ queuedTo: [...checked.messages.keys()] }, checked.deliveries.length > 0];
    });
  }

  /** Claims and renewals are leases, answered once committed (see SqliteSchedulerStore.claimExecutions). */
  claimDeliveries(owner: string, now: number, until: number, limit: number): Promise<StoredDelivery[]> {
    return this.#host.enqueueCommitted(() => {
      checkTime(until, 'until');
      return this.#deliveries.claim(owner, now, until, limit);
    });
  }

  renewDeliveryLeases(owner: string, ids: readonly string[], until: number): Promise<number> {
    return this.#host.enqueueCommitted(() => {
      checkTime(until, 'until');
      return this.#deliveries.renew(owner, ids, until);
    });
  }

  settleDeliveries(owner: string, outcomes: readonly DeliveryOutcome[]): Promise<number> {
    return this.#write(() => {
      const { applied, retried } = this.#deliveries.settle(owner, outcomes, this.#deltas);
      return [applied, retried > 0];
    });
  }

  async nextDeliveryDue(): Promise<number | undefined> {
    return this.#host.read(() => this.#deliveries.nextDue());
  }

  async pendingDeliveries(limit: number, bus?: string): Promise<StoredDelivery[]> {
    return this.#host.read(() => this.#deliveries.pending(limit, bus));
  }

  async deliveryStats(bus?: string): Promise<TargetStats[]> {
    return this.#host.read(() => this.#counters.stats(bus));
  }

  onDeliveries(listener: () => void): () => void {
    return this.#wakeups.add(listener);
  }

  releaseAllLeases(): Promise<number> {
    // A release lost with the power is made again by the next start: answered once committed (the start waits for no flush).
    return this.#write(() => {
      const deliveries = this.#deliveries.releaseAll();
      return [this.#documents.releaseAll() + deliveries, deliveries > 0];
    }, 'commit');
  }

  async readArchive(read: ArchiveRead): Promise<ArchivedEventRow[]> {
    return this.#host.read(() => this.#archive.read(read));
  }

  async archiveStats(archive: string): Promise<{ eventCount: number; sizeBytes: number }> {
    return this.#host.read(() => this.#archive.stats(archive));
  }

  async trimArchive(archive: string, before: number): Promise<number> {
    return this.#host.transaction(() => this.#archive.trim(archive, before));
  }

  async clearArchive(archive: string): Promise<void> {
    this.#host.transaction(() => this.#archive.clear(archive));
  }

  /** Checks everything a unit writes, before its first write; a queued delivery whose queue is gone or changed is stored as an ordinary one. */
  #check(accepted: AcceptedEvents): CheckedEvents {
    for (const expected of accepted.expected ?? []) {
      const key = `${expected.kind}\u0000${expected.scope}\u0000${expected.name}`;
      if (!this.#documentVersions.has(key)) this.#documentVersions.set(key, this.#documents.version(expected.kind, expected.scope, expected.name));
      const current = this.#documentVersions.get(key);
      if (current?.version !== expected.version || current.createdAt !== expected.createdAt) throw new StaleDocumentsError(expected);
    }
    const routes = this.#deliveries.routes;
    const stored: NewDelivery[] = [...accepted.deliveries];
    const queued: NewDelivery[] = [];
    const messages = new Map<number, NewMessage[]>();
    const versions = this.#queueVersions;
    for (const { delivery, queueId, queueVersion, message } of accepted.queued ?? []) {
      if (!versions.has(queueId)) versions.set(queueId, this.#queues.versionOf(queueId));
      if (versions.get(queueId) !== queueVersion) {
        stored.push(delivery);
        continue;
      }
      queued.push(delivery);
      let ofQueue = messages.get(queueId);
      if (ofQueue === undefined) messages.set(queueId, (ofQueue = []));
      ofQueue.push(message);
    }
    return {
      deliveries: checkDeliveries(stored, routes),
      queued: checkDeliveries(queued, routes),
      messages,
      archived: this.#archive.check(accepted.archived, accepted.now),
    };
  }

  /** Inside the unit's transaction, after its checks. */
  #store(checked: CheckedEvents, now: number): void {
    this.#deliveries.insert(checked.deliveries, this.#deltas);
    for (const [queueId, messages] of checked.messages) {
      let byTime = this.#messages.get(queueId);
      if (byTime === undefined) this.#messages.set(queueId, (byTime = new Map()));
      const pending = byTime.get(now);
      if (pending === undefined) byTime.set(now, messages);
      else for (const message of messages) pending.push(message);
    }
    this.#deliveries.countDelivered(checked.queued, this.#deltas);
    this.#archive.insert(checked.archived, this.#archiveTotals);
  }

  /**
   * Called by the engine inside every group commit, after its units: writes the queue target messages
   * they accepted and the counters they changed (summed over the group: concurrent PutEvents matching
   * one target cost one counter write).
   */
  beforeCommit(): void {
    for (const [queueId, byTime] of this.#messages) for (const [now, messages] of byTime) this.#queues.storeWithin(queueId, messages, now);
    this.#messages.clear();
    this.#queueVersions.clear();
    this.#documentVersions.clear();
    this.#counters.apply(this.#deltas);
    if (this.#archiveTotals.size === 0) return;
    this.#archive.applyTotals(this.#archiveTotals);
    this.#archiveTotals.clear();
  }

  /** Called by the engine when a group commit rolled back: its units' counter changes, and the routes they added, are void. */
  rolledBack(): void {
    this.#messages.clear();
    this.#queueVersions.clear();
    this.#documentVersions.clear();
    this.#deliveries.routes.forget();
    this.#deltas.clear();
    this.#archiveTotals.clear();
  }

  /** A unit that may make deliveries claimable: listeners hear of it once its group has committed. */
  #write<T>(work: () => [result: T, claimable: boolean], answer: 'flush' | 'commit' = 'flush'): Promise<T> {
    const done = answer === 'commit' ? this.#host.enqueueCommitted(work) : this.#host.enqueue(work);
    done.then(([, claimable]) => claimable && this.#wakeups.afterCommit(), () => {});
    return done.then(([result]) => result);
  }
}
