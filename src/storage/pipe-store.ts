import type { TriggerStore } from './trigger-store.js';

/**
 * The storage contract for EventBridge Pipes: one document per pipe name (the domain's definition as
 * JSON), with a version that every write bumps; and where a pipe's stream source stands — the lease
 * and checkpoint of each (pipe, shard), with the trigger store's semantics, keyed by the pipe's
 * consumer id (its definition's `consumerId`). A lease is created only while that pipe exists.
 */

/** Leases and checkpoints of a stream consumer, as the trigger runtime's shard loop uses them. */
export type ShardPositions = Pick<
  TriggerStore,
  'claimLease' | 'renewLease' | 'releaseLease' | 'releaseAllLeases' | 'checkpoint' | 'getCheckpoint' | 'listCheckpoints'
  | 'markBlocked' | 'requestAction' | 'takeAction' | 'onAction'
>;

/** A stored pipe: `definition` is the domain's document; times are epoch ms. */
export interface StoredPipe<D = unknown> {
  readonly name: string;
  readonly version: number;
  readonly createdAt: number;
  readonly modifiedAt: number;
  readonly definition: D;
}

export interface PipeStore {
  get<D>(name: string): Promise<StoredPipe<D> | undefined>;
  /** Every pipe, by name. */
  list<D>(): Promise<StoredPipe<D>[]>;
  /**
   * Writes a pipe after deciding against the current one (undefined when there is none), in one
   * transaction: `decide` is pure and synchronous and returns the new definition, or throws (a
   * ServiceError: a conflict, a pipe not found) to write nothing.
   */
  write<D>(name: string, now: number, decide: (current: StoredPipe<D> | undefined) => D): Promise<StoredPipe<D>>;
  /** Removes a pipe with its leases and checkpoints; false when there was none. */
  delete(name: string): Promise<boolean>;
  /** The leases and checkpoints of pipes' shards, by consumer id. */
  readonly positions: ShardPositions;
}
