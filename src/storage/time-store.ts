/**
 * The storage contract for Eddy's time offset (`eddy time`): how far Eddy's clock runs ahead of the wall
 * clock, with a version that grows on every change. One row shared by every node on the database, so time
 * is the same on all of them and survives a restart; each node caches it and reads the version again.
 */

/** The stored offset: never set reads as offset 0, version 0. */
export interface StoredTimeOffset {
  readonly offsetMs: number;
  readonly version: number;
}

export interface TimeStore {
  read(): Promise<StoredTimeOffset>;
  /**
   * Replaces the offset after deciding against the current one, in one transaction (so two nodes moving
   * time at once cannot both pass the forward-only check on the same old value): `decide` is pure and
   * synchronous and returns the new offset, or throws to write nothing. Answers the new row.
   */
  change(decide: (current: StoredTimeOffset) => number): Promise<StoredTimeOffset>;
  /**
   * The database server's clock now (epoch ms, fractional), read in one round trip, on an engine several
   * processes share: the one clock they all can read, which each node disciplines its wall clock to
   * (src/time/database-clock.ts) so leases are judged on one time. Absent on an engine with no server
   * (SQLite): its one process's clock is the only one.
   */
  readonly serverTime?: () => Promise<number>;
}
