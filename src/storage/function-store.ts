/**
 * The storage contract for functions created through the Lambda API: one document per function (its
 * $LATEST configuration and code location, published versions, aliases, tags), owned by the domain and
 * stored as JSON, with a revision that changes on every write. A store-wide change counter lets every
 * node's runtime notice, with one cheap read, that some function changed and follow it.
 */

/** A stored function: `document` is the domain's, `revision` a new id for each write. */
export interface StoredFunction<D = unknown> {
  readonly name: string;
  readonly revision: string;
  readonly document: D;
}

/** What `decide` returns: the new document (with its revision), or `null` to delete the function. */
export type FunctionWrite<D> = { readonly revision: string; readonly document: D } | null;

export interface FunctionStore {
  /** A number that changes whenever any function is written or deleted (on any node). */
  changeCount(): Promise<number>;
  get<D>(name: string): Promise<StoredFunction<D> | undefined>;
  /** Every function, by name. */
  list<D>(): Promise<StoredFunction<D>[]>;
  /**
   * Reads the function, lets `decide` (pure, synchronous) choose its new state, and writes it with the
   * change counter in one transaction; `decide` throws (a ServiceError) to write nothing. Resolves with
   * what was written (undefined for a delete).
   */
  write<D>(name: string, decide: (current: StoredFunction<D> | undefined) => FunctionWrite<D>): Promise<StoredFunction<D> | undefined>;
}
