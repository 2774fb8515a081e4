/**
 * The storage contract for EventBridge Pipes: one document per pipe name (the domain's definition as
 * JSON), with a version that every write bumps. Where a pipe's stream source stands (leases and
 * checkpoints) is kept by the trigger store under the pipe's consumer id, as a mapping's is.
 */

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
  /** Removes a pipe; false when there was none. */
  delete(name: string): Promise<boolean>;
}
