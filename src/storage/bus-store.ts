import type { NewMessage } from './queue-store.js';

/**
 * The event-bus half of the storage contract (StorageEngine.bus): the bus's resources (buses, rules
 * with their targets, archives, replays, connections, API destinations), the deliveries of accepted
 * events to targets, and archived events.
 *
 * Several Eddy nodes may share one database, so nothing here relies on one process:
 * - Resources are documents whose definition the domain owns (JSON). Writes decide against the
 *   current version inside the store's transaction; a rule change bumps its bus's `version` in the
 *   same transaction, so a node's compiled matcher checks one number to know it is current.
 * - Work that comes due (a scheduled rule's next firing, a replay's next step) carries `dueAt`. A
 *   firing is taken by a conditional write on the `dueAt` the node saw, in the transaction that stores
 *   the firing's deliveries: each firing happens once, whichever node takes it. Long-running work
 *   (a replay) is claimed with a lease.
 * - Deliveries are claimed with a lease (owner + expiry) and finished only by their lease holder, so a
 *   crashed node's deliveries are taken over once their leases expire, and a node that lost a lease
 *   can change nothing.
 *
 * Times are epoch milliseconds from the caller's clock; the store reads no clock of its own.
 */
export interface BusStore {
  /** One resource, or undefined. */
  getDocument<D>(kind: BusDocumentKind, scope: string, name: string): Promise<BusDocument<D> | undefined>;
  /**
   * One resource's `version` and `createdAt` (which tells a document deleted and created again from
   * the one before), or undefined: what a cache of something compiled from it checks, cheaper than the
   * whole document (PutEvents checks its bus's on every call).
   */
  documentVersion(kind: BusDocumentKind, scope: string, name: string): Promise<DocumentVersion | undefined>;
  /** Resources of one kind in one scope (every scope when omitted), by scope then name (byte-wise). */
  listDocuments<D>(kind: BusDocumentKind, scope?: string): Promise<BusDocument<D>[]>;
  /**
   * Creates, replaces or deletes one resource as `decide(current)` says, in one transaction (decide may
   * throw to abort with nothing written). When `touch` names a document, its `version` is incremented
   * in the same transaction (a rule's write touches its bus); a delete of an absent document writes
   * nothing and touches nothing. A replace keeps the document's lease. Returns decide's result.
   */
  writeDocument<D, R>(write: DocumentWrite<D, R>): Promise<R>;
  /**
   * Documents of `kind` due at `now` (dueAt ≤ now), oldest due first, at most `limit`: the candidates a
   * node may try to take with `fireDue`. Reading them takes nothing.
   */
  dueDocuments<D>(kind: BusDocumentKind, now: number, limit: number): Promise<BusDocument<D>[]>;
  /** The earliest `dueAt` of any document of `kind`, or undefined: when a node should look again. */
  nextDue(kind: BusDocumentKind): Promise<number | undefined>;
  /**
   * Takes one firing of a due document: if its `dueAt` still equals `expectedDueAt`, sets it to
   * `nextDueAt` (null: nothing more is due) and accepts `accepted` (the firing's deliveries), all in one
   * transaction; otherwise (another node took it, or the resource changed) writes nothing. Returns
   * whether this call took it. A firing changes neither the document's `version` nor `modifiedAt`
   * (its definition did not change).
   */
  fireDue(fire: DueFiring): Promise<boolean>;
  /**
   * Leases a document (long-running work such as a replay) for `owner` until `until` when it is free,
   * expired at `now`, or already `owner`'s; returns whether `owner` holds it now. The holder releases
   * it by claiming it again with `until` ≤ now. Changes neither `version` nor `modifiedAt`.
   */
  claimDocument(kind: BusDocumentKind, scope: string, name: string, owner: string, until: number, now: number): Promise<boolean>;

  /**
   * Stores accepted events' deliveries and archive entries, and counts them as matched, in one
   * transaction; resolves once durable (PutEvents answers after this). Deliveries are due at their
   * `dueAt` (usually now). Deliveries in `queued` are made in that same transaction (see
   * QueuedDelivery). Engines may commit several calls together.
   */
  acceptEvents(accepted: AcceptedEvents): Promise<AcceptOutcome>;
  /**
   * Leases up to `limit` deliveries that are due at `now` and not leased (or whose lease expired), for
   * `owner` until `until`, oldest due first — where a delivery whose lease expired counts as due when
   * its lease expired (the order in which deliveries become claimable; it keeps a claim's cost
   * proportional to `limit` however many deliveries are in flight). Deliveries may share one `target`
   * object (one parse per distinct target, kept across calls): treat it as read-only.
   */
  claimDeliveries(owner: string, now: number, until: number, limit: number): Promise<StoredDelivery[]>;
  /**
   * By their lease holder: extends `owner`'s leases of these deliveries to `until` (attempts still running).
   * A lease `owner` no longer holds (settled, taken over, released) is left alone; returns how many were extended.
   */
  renewDeliveryLeases(owner: string, ids: readonly string[], until: number): Promise<number>;
  /**
   * Records what became of claimed deliveries, in one transaction: each only if `owner` still holds it
   * (the others are skipped and not counted). A `delivered`, `dropped` or `dead-lettered` delivery is
   * removed and counted; a `retry` one gets its attempts, next due time and last error, and loses its
   * lease. Returns how many outcomes applied.
   */
  settleDeliveries(owner: string, outcomes: readonly DeliveryOutcome[]): Promise<number>;
  /**
   * When claimDeliveries may next return something: the earliest `dueAt` of an unleased delivery or
   * lease expiry of a leased one; undefined when none is pending. (Not the earliest `dueAt` of any
   * delivery: deliveries in flight are due already, and a runner waiting for that time would spin
   * while their leases hold.)
   */
  nextDeliveryDue(): Promise<number | undefined>;
  /**
   * Pending deliveries (for status views), in claim order (see claimDeliveries: oldest due first, a
   * leased one at its lease's expiry), at most `limit`, optionally of one bus.
   */
  pendingDeliveries(limit: number, bus?: string): Promise<StoredDelivery[]>;
  /** Counters per (bus, rule, target), for `eddy rules` and the console. */
  deliveryStats(bus?: string): Promise<TargetStats[]>;
  /**
   * Calls `listener` after every commit that added deliveries or made some claimable again (PutEvents,
   * a firing, a retry, releaseAllLeases), at most once per commit, so an idle delivery runner wakes
   * without polling and re-reads nextDeliveryDue (a retry may be due later). Returns an unsubscribe
   * function.
   */
  onDeliveries(listener: () => void): () => void;
  /**
   * Ends every delivery and document lease, whoever holds it; returns how many were held. For engines
   * used by one process only (capabilities.sharedAcrossProcesses false): at start, every lease is a
   * previous run's.
   */
  releaseAllLeases(): Promise<number>;

  /** Archived events of one archive whose event time is in [from, to], by (time, id), after `after`. */
  readArchive(read: ArchiveRead): Promise<ArchivedEventRow[]>;
  /** Count and summed size of an archive's events. */
  archiveStats(archive: string): Promise<{ eventCount: number; sizeBytes: number }>;
  /** Removes an archive's events with an event time before `before` (retention); returns how many. */
  trimArchive(archive: string, before: number): Promise<number>;
  /** Removes all of an archive's events (the archive was deleted). */
  clearArchive(archive: string): Promise<void>;
}

/** The kinds of resources the bus stores. `scope` is the bus name for rules, '' for the others. */
export type BusDocumentKind = 'bus' | 'rule' | 'archive' | 'replay' | 'connection' | 'api-destination';

export interface BusDocument<D = unknown> {
  readonly kind: BusDocumentKind;
  readonly scope: string;
  readonly name: string;
  /** Domain-owned, stored as JSON. */
  readonly definition: D;
  /** Starts at 1; incremented by every write of the document and every write that touches it. */
  readonly version: number;
  readonly createdAt: number;
  readonly modifiedAt: number;
  /** When work on it next comes due (a scheduled rule's next firing); absent when none. */
  readonly dueAt?: number;
  /** The current lease holder and its expiry, if any. */
  readonly owner?: string;
  readonly leaseUntil?: number;
}

export interface DocumentVersion {
  readonly version: number;
  readonly createdAt: number;
}

export interface DocumentWrite<D, R> {
  readonly kind: BusDocumentKind;
  readonly scope: string;
  readonly name: string;
  readonly now: number;
  /** A document whose version this write increments (a rule's bus), if it exists. */
  readonly touch?: { readonly kind: BusDocumentKind; readonly scope: string; readonly name: string };
  /**
   * Pure and synchronous; may be called again if the engine retries the transaction. `definition`
   * null deletes the document (a no-op when absent); `dueAt` undefined keeps the stored one, null
   * clears it.
   */
  decide(current: BusDocument<D> | undefined): { definition: D | null; dueAt?: number | null; result: R };
}

export interface DueFiring {
  readonly kind: BusDocumentKind;
  readonly scope: string;
  readonly name: string;
  readonly expectedDueAt: number;
  readonly nextDueAt: number | null;
  readonly accepted: AcceptedEvents;
}

/** What one PutEvents (or a firing, or a replay step) leaves to be done. */
export interface AcceptedEvents {
  readonly deliveries: readonly NewDelivery[];
  readonly archived: readonly ArchivedEvent[];
  /** Deliveries to queues of the same database, made in the accepting transaction (PutEvents and replays; a scheduled firing passes none). */
  readonly queued?: readonly QueuedDelivery[];
  /**
   * The documents (buses) the caller routed with, at the version it compiled them from: when one has
   * another version or is gone, the unit writes nothing and acceptEvents rejects with
   * StaleDocumentsError, so a node routing with a cache needs no read of its own before it writes.
   */
  readonly expected?: readonly ExpectedDocument[];
  readonly now: number;
}

export interface ExpectedDocument extends DocumentVersion {
  readonly kind: BusDocumentKind;
  readonly scope: string;
  readonly name: string;
}

/** acceptEvents found a document of `expected` changed: nothing was written; route again from the current version. */
export class StaleDocumentsError extends Error {
  constructor(readonly stale: ExpectedDocument) {
    super(`${stale.kind} ${stale.name} is no longer at version ${stale.version}`);
    this.name = 'StaleDocumentsError';
  }
}

/**
 * A delivery to a queue of the same database, made in the transaction that accepts its event: its
 * message is put on the queue as QueueStore.send would put it (FIFO deduplication included) and the
 * delivery is counted as matched and delivered, with nothing left to claim. A delivery whose queue no
 * longer exists when the transaction runs, or is at another version, is stored as an ordinary delivery
 * instead, for the runner to make with the queue as it is then.
 */
export interface QueuedDelivery {
  readonly delivery: NewDelivery;
  readonly queueId: number;
  /** The queue's version the message was prepared by (QueueRecord.version): a queue changed since is treated as gone. */
  readonly queueVersion: number;
  readonly message: NewMessage;
}

/** What acceptEvents did beyond storing: the queues that got messages (their waiters are woken by the caller). */
export interface AcceptOutcome {
  readonly queuedTo: readonly number[];
}

/** One event's delivery to one target of one rule. */
export interface NewDelivery {
  /** Unique id chosen by the caller. */
  readonly id: string;
  readonly bus: string;
  readonly rule: string;
  readonly targetId: string;
  /** The event's id (its `id` field). */
  readonly eventId: string;
  /** What the target receives (the event or its transformed input), as text. */
  readonly payload: string;
  /**
   * Everything the runner needs to deliver it, domain-owned JSON (the target as it was when the event
   * was accepted: ARN, retry policy, dead-letter queue, parameters). Deliveries to one target pass the
   * same object, which must not change once passed: an engine may remember what it stored for it.
   */
  readonly target: unknown;
  /** When the event was accepted: its age decides MaximumEventAgeInSeconds. */
  readonly acceptedAt: number;
  readonly dueAt: number;
}

export interface StoredDelivery extends NewDelivery {
  /** Attempts made so far (0 until the first ends). */
  readonly attempts: number;
  readonly lastError?: string;
}

export type DeliveryOutcome =
  | { readonly id: string; readonly kind: 'delivered' }
  /** `deferred`: no attempt was made (an API destination at its rate limit); `attempts` is unchanged. */
  | { readonly id: string; readonly kind: 'retry'; readonly attempts: number; readonly dueAt: number; readonly error: string; readonly deferred?: true }
  | { readonly id: string; readonly kind: 'dropped'; readonly error: string }
  | { readonly id: string; readonly kind: 'dead-lettered'; readonly error: string };

export interface TargetStats {
  readonly bus: string;
  readonly rule: string;
  readonly targetId: string;
  /** Deliveries created (events that matched the rule, times this target). */
  readonly matched: number;
  readonly delivered: number;
  /** Given up on with no dead-letter queue (or the dead-letter queue failed too). */
  readonly failed: number;
  readonly deadLettered: number;
  /** Pending now, and how many of them have failed at least once. */
  readonly pending: number;
  readonly retrying: number;
}

/** An event kept by an archive. */
export interface ArchivedEvent {
  readonly archive: string;
  readonly eventId: string;
  /** The event's `time` (epoch ms): replays select by it. */
  readonly eventTime: number;
  /** The event envelope as JSON text. */
  readonly json: string;
}

export interface ArchiveRead {
  readonly archive: string;
  readonly from: number;
  readonly to: number;
  /** Exclusive cursor: continue after this (time, id). */
  readonly after?: { readonly eventTime: number; readonly eventId: string };
  readonly limit: number;
}

export interface ArchivedEventRow extends ArchivedEvent {
  /** When it was archived (epoch ms). */
  readonly archivedAt: number;
}
