import type { Pool } from 'pg';
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
  StoredDelivery,
  TargetStats,
} from '../bus-store.js';
import type { NewMessage } from '../queue-store.js';
import { inTransaction, query, type PgQueryable } from './pg-pool.js';
import type { PostgresNotifications } from './postgres-notifications.js';
import { NO_POSTGRES_QUEUES, type PostgresTopicQueueWrites } from './postgres-topic-deliveries.js';
import { PostgresBusDocuments, checkTime } from './postgres-bus-documents.js';
import { BUS_DELIVERIES_CHANNEL, PostgresBusDeliveries, checkAccepted } from './postgres-bus-deliveries.js';

/**
 * BusStore on PostgreSQL, shared by every Eddy node on the database: documents (postgres-bus-documents.ts),
 * deliveries with their counters and archived events (postgres-bus-deliveries.ts). A commit that made
 * deliveries claimable calls this process's onDeliveries listeners and NOTIFYs BUS_DELIVERIES_CHANNEL; the
 * listeners also hear other nodes' notifications on it, and each LISTEN taking effect (one missed in between
 * would be lost), through the engine's PostgresNotifications.
 *
 * QueuedDelivery: the queue's version is read in the accepting transaction (PostgresQueueStore.versionOf,
 * the same the topic deliveries use) and its messages stored there (storeWithin); a queue gone or at
 * another version gets an ordinary delivery instead. Without a queue store (NO_POSTGRES_QUEUES) every
 * queued delivery is an ordinary one.
 */
export class PostgresBusStore implements BusStore {
  readonly #pool: Pool;
  readonly #documents: PostgresBusDocuments;
  readonly #deliveries: PostgresBusDeliveries;
  readonly #listeners = new Set<() => void>();
  readonly #queues: PostgresTopicQueueWrites;
  readonly #notifications: PostgresNotifications | undefined;

  constructor(pool: Pool, queues: PostgresTopicQueueWrites = NO_POSTGRES_QUEUES, notifications?: PostgresNotifications) {
    this.#pool = pool;
    this.#queues = queues;
    this.#notifications = notifications;
    this.#documents = new PostgresBusDocuments(pool);
    this.#deliveries = new PostgresBusDeliveries(pool);
  }

  getDocument<D>(kind: BusDocumentKind, scope: string, name: string): Promise<BusDocument<D> | undefined> {
    return this.#documents.getDocument<D>(kind, scope, name);
  }

  documentVersion(kind: BusDocumentKind, scope: string, name: string): Promise<DocumentVersion | undefined> {
    return this.#documents.documentVersion(kind, scope, name);
  }

  listDocuments<D>(kind: BusDocumentKind, scope?: string): Promise<BusDocument<D>[]> {
    return this.#documents.listDocuments<D>(kind, scope);
  }

  writeDocument<D, R>(write: DocumentWrite<D, R>): Promise<R> {
    return this.#documents.writeDocument(write);
  }

  dueDocuments<D>(kind: BusDocumentKind, now: number, limit: number): Promise<BusDocument<D>[]> {
    return this.#documents.dueDocuments<D>(kind, now, limit);
  }

  nextDue(kind: BusDocumentKind): Promise<number | undefined> {
    return this.#documents.nextDue(kind);
  }

  async fireDue(fire: DueFiring): Promise<boolean> {
    const { kind, scope, name, expectedDueAt, nextDueAt, accepted } = fire;
    if (nextDueAt !== null) checkTime(nextDueAt, 'nextDueAt');
    const deliveries = [...accepted.deliveries, ...(accepted.queued ?? []).map((q) => q.delivery)];
    checkAccepted(accepted, deliveries);
    const [taken, claimable] = await inTransaction(this.#pool, async (client) => {
      if (!(await PostgresBusDocuments.take(client, kind, scope, name, expectedDueAt, nextDueAt))) return [false, false];
      const stored = await this.#deliveries.store(client, accepted, deliveries);
      if (stored) await this.#notify(client);
      return [true, stored];
    });
    if (claimable) this.#wake();
    return taken;
  }

  async claimDocument(kind: BusDocumentKind, scope: string, name: string, owner: string, until: number, now: number): Promise<boolean> {
    checkTime(until, 'until');
    return this.#documents.claimDocument(kind, scope, name, owner, until, now);
  }

  async acceptEvents(accepted: AcceptedEvents): Promise<AcceptOutcome> {
    checkAccepted(accepted, [...accepted.deliveries, ...(accepted.queued ?? []).map((q) => q.delivery)]);
    const [stored, queuedTo] = await inTransaction(this.#pool, async (client): Promise<[boolean, number[]]> => {
      // Each expected document is read FOR SHARE: a write of it (which locks it FOR UPDATE) waits for
      // this commit, so no delivery is stored for a rule set that changed before the commit.
      for (const expected of accepted.expected ?? []) {
        const [row] = await query<{ version: number; created_at: string }>(
          client,
          'SELECT version, created_at FROM bus_documents WHERE kind = $1 AND scope = $2 AND name = $3 FOR SHARE',
          [expected.kind, expected.scope, expected.name],
        );
        if (!row || row.version !== expected.version || Number(row.created_at) !== expected.createdAt) throw new StaleDocumentsError(expected);
      }
      const ordinary = [...accepted.deliveries];
      const made: typeof ordinary = [];
      const messages = new Map<number, NewMessage[]>();
      const versions = new Map<number, number | undefined>();
      for (const { delivery, queueId, queueVersion, message } of accepted.queued ?? []) {
        if (!versions.has(queueId)) versions.set(queueId, await this.#queues.versionOf(client, queueId));
        if (versions.get(queueId) !== queueVersion) {
          ordinary.push(delivery);
          continue;
        }
        made.push(delivery);
        const ofQueue = messages.get(queueId);
        if (ofQueue) ofQueue.push(message);
        else messages.set(queueId, [message]);
      }
      for (const [queueId, ofQueue] of messages) await this.#queues.storeWithin(client, queueId, ofQueue, accepted.now);
      if (made.length > 0) await this.#deliveries.countDelivered(client, made);
      const any = await this.#deliveries.store(client, accepted, ordinary);
      if (any) await this.#notify(client);
      return [any, [...messages.keys()]];
    });
    if (stored) this.#wake();
    return { queuedTo };
  }

  async claimDeliveries(owner: string, now: number, until: number, limit: number): Promise<StoredDelivery[]> {
    checkTime(until, 'until');
    return this.#deliveries.claim(owner, now, until, limit);
  }

  async renewDeliveryLeases(owner: string, ids: readonly string[], until: number): Promise<number> {
    checkTime(until, 'until');
    if (ids.length === 0) return 0;
    return (await query(this.#pool, 'UPDATE bus_deliveries SET claimable_at = $3 WHERE lease_owner = $1 AND id = ANY($2::text[]) RETURNING seq', [owner, ids, until])).length;
  }

  async settleDeliveries(owner: string, outcomes: readonly DeliveryOutcome[]): Promise<number> {
    const [applied, retried] = await inTransaction(this.#pool, async (client) => {
      const done = await this.#deliveries.settle(client, owner, outcomes);
      if (done[1] > 0) await this.#notify(client);
      return done;
    });
    if (retried > 0) this.#wake();
    return applied;
  }

  nextDeliveryDue(): Promise<number | undefined> {
    return this.#deliveries.nextDue();
  }

  pendingDeliveries(limit: number, bus?: string): Promise<StoredDelivery[]> {
    return this.#deliveries.pending(limit, bus);
  }

  deliveryStats(bus?: string): Promise<TargetStats[]> {
    return this.#deliveries.stats(bus);
  }

  onDeliveries(listener: () => void): () => void {
    const entry = () => listener();
    this.#listeners.add(entry);
    const unsubscribe = this.#notifications?.subscribe(BUS_DELIVERIES_CHANNEL, entry, entry);
    return () => {
      this.#listeners.delete(entry);
      unsubscribe?.();
    };
  }

  async releaseAllLeases(): Promise<number> {
    const [documents, deliveries] = await inTransaction(this.#pool, async (client) => [
      await this.#documents.releaseAll(client),
      await this.#deliveries.releaseAll(client),
    ]);
    if (deliveries > 0) this.#wake();
    return documents + deliveries;
  }

  readArchive(read: ArchiveRead): Promise<ArchivedEventRow[]> {
    return this.#deliveries.readArchive(read);
  }

  archiveStats(archive: string): Promise<{ eventCount: number; sizeBytes: number }> {
    return this.#deliveries.archiveStats(archive);
  }

  trimArchive(archive: string, before: number): Promise<number> {
    return this.#deliveries.trimArchive(archive, before);
  }

  clearArchive(archive: string): Promise<void> {
    return this.#deliveries.clearArchive(archive);
  }

  /** In the transaction: other nodes hear of it on COMMIT (tagged: this node's listeners are told by #wake). */
  async #notify(client: PgQueryable): Promise<void> {
    await query(client, 'SELECT pg_notify($1, $2)', [BUS_DELIVERIES_CHANNEL, this.#notifications?.tag('') ?? '']);
  }

  #wake(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch {
        // a listener's failure is its own
      }
    }
  }
}
