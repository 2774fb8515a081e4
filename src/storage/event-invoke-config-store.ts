/**
 * The storage contract for functions' asynchronous invocation settings (Lambda's event invoke configs:
 * retry attempts, maximum event age, destinations), one per function and qualifier. Every read goes to
 * storage, so a change made through one node is what every node's next async attempt sees.
 */

/** A stored config: `config` is the domain's document (JSON), `lastModified` epoch ms of its last write. */
export interface StoredEventInvokeConfig<C = unknown> {
  readonly functionName: string;
  readonly qualifier: string;
  readonly config: C;
  readonly lastModified: number;
}

export interface EventInvokeConfigStore {
  get<C>(functionName: string, qualifier: string): Promise<StoredEventInvokeConfig<C> | undefined>;
  /**
   * Writes a config after deciding against the current one (undefined when there is none), in one
   * transaction: `decide` is pure and synchronous and returns the new document, or throws (typically a
   * ServiceError) to write nothing — so Update's merge cannot lose a concurrent write.
   */
  write<C>(functionName: string, qualifier: string, now: number, decide: (current: StoredEventInvokeConfig<C> | undefined) => C): Promise<StoredEventInvokeConfig<C>>;
  /** Removes a config; false when there was none. */
  delete(functionName: string, qualifier: string): Promise<boolean>;
  /** A function's configs, by qualifier. */
  list<C>(functionName: string): Promise<StoredEventInvokeConfig<C>[]>;
}
