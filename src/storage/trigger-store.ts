/**
 * The trigger half of the storage contract (StorageEngine.triggers): event source mappings, and the
 * lease and checkpoint of each (mapping, shard) that make a mapping's position durable.
 *
 * A shard of a mapping is processed by whoever holds its lease; a lease has an owner (a consumer id,
 * unique per process and start) and an expiry, and is taken over once expired, so a crashed process's
 * shards move on. Checkpoints are written only by the lease holder (a conditional write), so a consumer
 * that lost its lease can never move a position backwards or forwards. Times are epoch milliseconds
 * from the caller's clock. Sequence numbers are decimal strings (DynamoDB stream sequence numbers).
 */
export interface TriggerStore extends ShardControls {
  /** Stores a new mapping (uuid chosen by the caller); rejects if the uuid exists. */
  createMapping<C>(mapping: NewMapping<C>): Promise<MappingRecord<C>>;
  getMapping<C>(uuid: string): Promise<MappingRecord<C> | undefined>;
  /** Mappings in creation order, optionally only those of one function and/or one source ARN. */
  listMappings<C>(filter?: { functionName?: string; sourceArn?: string }): Promise<MappingRecord<C>[]>;
  /**
   * Replaces a mapping's function name and config with `decide(current)` (which may throw to abort),
   * setting modifiedAt to `now`. Undefined when the mapping does not exist.
   */
  updateMapping<C>(
    uuid: string,
    now: number,
    decide: (current: MappingRecord<C>) => { functionName: string; config: C },
  ): Promise<MappingRecord<C> | undefined>;
  /** Deletes the mapping with all its leases and checkpoints; false when absent. */
  deleteMapping(uuid: string): Promise<boolean>;

  /**
   * Takes the lease of (mapping, shard) for `owner` until `until` when it is free, expired at `now`, or
   * already `owner`'s. Returns whether `owner` holds it now. Creates the shard's row on first use.
   */
  claimLease(mappingUuid: string, shardId: string, owner: string, until: number, now: number): Promise<boolean>;
  /** Extends `owner`'s lease; false (and nothing changed) when another owner holds it. */
  renewLease(mappingUuid: string, shardId: string, owner: string, until: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it. */
  releaseLease(mappingUuid: string, shardId: string, owner: string): Promise<void>;
  /**
   * Ends every lease, whoever holds it; returns how many were held. For engines used by one process
   * only (capabilities.sharedAcrossProcesses false): at start, every lease is a previous run's.
   */
  releaseAllLeases(): Promise<number>;
  /**
   * Stores the shard's position (the last sequence number fully handled) and optional consumer state
   * (tumbling-window state, JSON text), if `owner` holds the lease. `finished` marks a closed shard as
   * drained, which lets its children start. Returns false, changing nothing, when `owner` does not hold it.
   * Resolves once committed: the position survives a crash of the process, but with durability power it may
   * not yet survive a power loss (it is Eddy's bookkeeping, not an acknowledged write: a position that moves
   * back delivers its records again, at least once as Lambda promises), so the next batch need not wait
   * for a flush of the disk.
   */
  checkpoint(mappingUuid: string, shardId: string, owner: string, position: ShardPosition): Promise<boolean>;
  /** The stored position of one shard of a mapping (undefined: never checkpointed). */
  getCheckpoint(mappingUuid: string, shardId: string): Promise<ShardCheckpoint | undefined>;
  /** Every shard row of a mapping, by shard id. */
  listCheckpoints(mappingUuid: string): Promise<ShardCheckpoint[]>;
}

/**
 * What users see of a stream consumer's shard beyond its position, and what they ask of it (issue 23:
 * retry, skip, rewind): the holder of the shard's lease writes the batch blocking it, and takes the
 * action asked for and acts on it. Both are stored on the shard's row, so any node can show them or ask,
 * and the node working the shard acts, whichever it is. `consumer` is the mapping's uuid (a pipe's
 * consumer id in the pipe store). Documents are the domain's JSON text.
 */
export interface ShardControls {
  /**
   * Stores the batch blocking the shard (`blocked`; null clears it) if `owner` holds the lease, as a
   * checkpoint is held; false, changing nothing, when it does not.
   */
  markBlocked(consumer: string, shardId: string, owner: string, blocked: string | null): Promise<boolean>;
  /**
   * Stores `action` for the shard, replacing one not yet taken; creates the shard's row (without a lease)
   * under an existing consumer. False when the consumer does not exist. Then tells the onAction listeners
   * of every process on the storage.
   */
  requestAction(consumer: string, shardId: string, action: string): Promise<boolean>;
  /** Returns and clears the shard's action, atomically, if `owner` holds the lease; undefined when there is none or it does not. */
  takeAction(consumer: string, shardId: string, owner: string): Promise<string | undefined>;
  /**
   * Calls `listener(consumer)` after an action was requested for one of `consumer`'s shards, by this
   * process or another sharing the storage; `undefined` when requests may have been missed (look at every
   * consumer). Returns the unsubscribe function. Listeners must not throw.
   */
  onAction(listener: (consumer: string | undefined) => void): () => void;
}

export interface NewMapping<C> {
  readonly uuid: string;
  readonly functionName: string;
  readonly sourceArn: string;
  /** Domain-owned settings (batch size, filters, state, ...), stored as JSON. */
  readonly config: C;
  readonly now: number;
}

export interface MappingRecord<C = unknown> {
  readonly uuid: string;
  readonly functionName: string;
  readonly sourceArn: string;
  readonly config: C;
  readonly createdAt: number;
  readonly modifiedAt: number;
}

export interface ShardPosition {
  /** The last sequence number handled (delivered, filtered out, or sent to the on-failure destination). */
  readonly sequence?: string;
  /** Consumer state carried between batches (tumbling windows), JSON text. */
  readonly state?: string;
  /** The shard is closed and every record of it is handled. */
  readonly finished?: boolean;
}

export interface ShardCheckpoint {
  readonly shardId: string;
  readonly sequence?: string;
  readonly state?: string;
  readonly finished: boolean;
  /** The current lease holder and its expiry, if any. */
  readonly owner?: string;
  readonly leaseUntil?: number;
  /** The batch blocking the shard, as its lease holder last stored it (ShardControls.markBlocked). */
  readonly blocked?: string;
  /** An action asked for and not yet taken (ShardControls.requestAction). */
  readonly action?: string;
}
