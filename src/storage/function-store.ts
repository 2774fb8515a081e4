/**
 * The storage contract for functions created through the Lambda API: one document per function (its
 * $LATEST configuration and code location, published versions, aliases, tags), owned by the domain and
 * stored as JSON, with a revision that changes on every write. A store-wide change counter lets every
 * node's runtime notice, with one cheap read, that some function changed and follow it. The functions'
 * code packages are stored beside them, so any node sharing the database can run any function.
 */

/** A stored function: `document` is the domain's, `revision` a new id for each write. */
export interface StoredFunction<D = unknown> {
  readonly name: string;
  readonly revision: string;
  readonly document: D;
}

/**
 * A deployment package as it was uploaded, named by Lambda's CodeSha256 (base64 SHA-256 of the zip).
 * The zip itself is kept, not its unpacked files: its digest is the name, so a node can check what it
 * read before unpacking it, and one row holds a whole package with its file modes.
 */
export interface CodePackage {
  readonly sha256: string;
  readonly zip: Uint8Array;
}

/**
 * What `decide` returns: the new document (with its revision), or `null` to delete the function with its
 * packages. `packages`, when given, are the CodeSha256 values the document still names: the function's
 * other packages are deleted in the same transaction (absent: every package is kept).
 */
export type FunctionWrite<D> = { readonly revision: string; readonly document: D; readonly packages?: readonly string[] } | null;

export interface FunctionStore {
  /** A number that changes whenever any function is written or deleted (on any node). */
  changeCount(): Promise<number>;
  get<D>(name: string): Promise<StoredFunction<D> | undefined>;
  /** Every function, by name. */
  list<D>(): Promise<StoredFunction<D>[]>;
  /**
   * Reads the function, lets `decide` (pure, synchronous) choose its new state, and writes it with the
   * change counter in one transaction; `decide` throws (a ServiceError) to write nothing. `code`, a
   * package the new document names, is stored in that transaction too (a package already stored under
   * its digest is kept as it is), so no document is ever visible before its code. Resolves with what
   * was written (undefined for a delete).
   */
  write<D>(
    name: string,
    decide: (current: StoredFunction<D> | undefined) => FunctionWrite<D>,
    code?: CodePackage,
  ): Promise<StoredFunction<D> | undefined>;
  /** A package of the function by its CodeSha256, as it was stored; undefined when it has none of that digest. */
  codePackage(name: string, sha256: string): Promise<Uint8Array | undefined>;
}
