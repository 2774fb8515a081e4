/**
 * The storage contract for several Eddy nodes on one database (issue 22): which nodes are alive, and
 * named leases that let one of them at a time do a singleton job (the 'maintenance' leader).
 *
 * Both are judged by the caller's clock, as the TriggerStore's shard leases are: a node is alive while
 * `now < until` of its last heartbeat, a lease is held while `now < until`. Nodes share Eddy's clock
 * (the stored offset of `eddy time`), so their `now`s differ only by the skew of their wall clocks.
 * Every change is one conditional statement, so two nodes racing for a lease cannot both get it.
 */

/** A node as its last heartbeat left it. */
export interface ClusterNode {
  readonly nodeId: string;
  /** When (epoch ms) the node's current run of heartbeats began: its first one, or the first after it had expired. */
  readonly joinedAt: number;
  /** The node counts as alive until then (epoch ms). */
  readonly until: number;
  /** What the node said about itself (host, pid …), as given; absent when it said nothing. */
  readonly info?: unknown;
}

/** Who holds a lease, and until when. */
export interface LeaseHolder {
  readonly owner: string;
  readonly until: number;
}

export interface ClusterStore {
  /**
   * Says that `nodeId` is alive until `until`, with `info` (JSON-serialisable) replacing what it said
   * before. A node not yet known, or whose last heartbeat had expired at `now`, (re)joins at `now`.
   */
  heartbeat(nodeId: string, now: number, until: number, info?: unknown): Promise<void>;
  /**
   * The nodes alive at `now`, in a stable order every node sees alike: by joinedAt, then by nodeId
   * (byte order). A node that joins later comes last, so the ranks of the others do not move.
   */
  liveNodes(now: number): Promise<ClusterNode[]>;
  /** Forgets `nodeId` (a node stopping): the others see it gone at once instead of when it expires. */
  leave(nodeId: string): Promise<void>;
  /** Forgets every node whose heartbeat expired before `before`; answers how many. Node ids are per run, so dead ones pile up otherwise. */
  forgetNodes(before: number): Promise<number>;

  /**
   * Takes the lease `name` for `owner` until `until` when it is free, expired at `now` (held while
   * now < until), or already `owner`'s — which is how the holder renews it. True exactly when `owner`
   * holds it afterwards. One statement: of two claimants racing for a free lease, one wins.
   */
  claimLease(name: string, owner: string, now: number, until: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it (expired or not); nothing otherwise. */
  releaseLease(name: string, owner: string): Promise<void>;
  /** The holder of `name` at `now`; undefined when free or expired. */
  leaseHolder(name: string, now: number): Promise<LeaseHolder | undefined>;
}
