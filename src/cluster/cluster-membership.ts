import { onClockChange, type Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { randomUuid } from '../shared/random-uuid.js';
import { SerialPasses } from '../shared/serial-passes.js';
import type { ClusterNode, ClusterStore } from '../storage/cluster-store.js';
import { leaseClockOf } from '../triggers/lease-clock.js';
import { fairShare } from './fair-share.js';

/** The lease whose holder runs the singleton maintenance (trimming, rotation, TTL sweeps, retention). */
export const MAINTENANCE_LEASE = 'maintenance';
/** How long a heartbeat and the leader lease last on Eddy's clock by default; both are renewed every third of it. */
export const DEFAULT_CLUSTER_LEASE_MS = 15_000;
/** Nodes dead this long are forgotten by the leader (ids are per run, so dead ones would pile up). */
const FORGET_AFTER_MS = 60 * 60_000;

export interface ClusterMembershipOptions {
  readonly store: ClusterStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This node's id; default a random one per start, so a restarted node is a new node. */
  readonly nodeId?: string;
  /** See DEFAULT_CLUSTER_LEASE_MS. */
  readonly leaseMs?: number;
  /** What the node says about itself in its heartbeats (host, pid …): JSON-serialisable. */
  readonly info?: unknown;
}

/**
 * This node's place among the nodes sharing the database. Every third of the lease length (and at once
 * after a jump of Eddy's clock, which makes every heartbeat look old) it beats: stores its heartbeat,
 * claims or renews the 'maintenance' lease, and reads the live nodes. What it answers between beats comes
 * from the last one, so `isLeader()` and `fairShare()` cost nothing and can be asked on every pass.
 *
 * Leadership is judged on this node's clock: it acts as leader only while the lease it last renewed has
 * not expired, so a node cut off from the database stops by itself at the time another may take over
 * (up to the skew between the nodes' clocks: on a shared database each node's wall clock follows the
 * server's, src/time/database-clock.ts, so about half a round trip). On an engine used by one process
 * there is one node: it is the leader and its share is everything, so no caller branches on the engine.
 */
export class ClusterMembership {
  readonly nodeId: string;
  readonly #store: ClusterStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #leaseMs: number;
  readonly #info: unknown;
  readonly #passes: SerialPasses;
  #nodes: readonly ClusterNode[] = [];
  /** Until when (Eddy's time) this node holds the maintenance lease; undefined while it does not. */
  #leaderUntil: number | undefined;
  #unsubscribe: (() => void) | undefined;
  /** A beat asked for that has not begun (see beat()). */
  #asked: Promise<void> | undefined;
  #stopped = false;

  constructor(options: ClusterMembershipOptions) {
    this.nodeId = options.nodeId ?? randomUuid();
    this.#store = options.store;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#leaseMs = options.leaseMs ?? DEFAULT_CLUSTER_LEASE_MS;
    this.#info = options.info;
    this.#passes = new SerialPasses(async () => {
      try {
        await this.#beat();
      } catch (error) {
        this.#logger.error(`cluster: heartbeat of node ${this.nodeId} failed; trying again`, error);
      }
      this.#passes.wakeIn(this.#leaseMs / 3);
    });
  }

  /** Beats once (so the answers are there when it resolves), then on its timer and after every jump. */
  async start(): Promise<void> {
    await this.beat();
    this.#unsubscribe = onClockChange(this.#clock, () => {
      this.beat().catch((error) => this.#logger.error(`cluster: heartbeat of node ${this.nodeId} after a jump failed; trying again`, error));
    });
    this.#passes.wakeIn(this.#leaseMs / 3);
  }

  /**
   * One beat now (after one under way): heartbeat, maintenance lease, live nodes. Rejects when the store
   * fails. Joins a beat asked for and not begun yet: each step of a replayed jump asks twice (this node's
   * clock listener, then the jump's cluster pass), and on shared storage each beat is four round trips.
   */
  beat(): Promise<void> {
    if (this.#asked) return this.#asked;
    const asked = this.#passes.run(() => {
      this.#asked = undefined;
      return this.#beat();
    });
    this.#asked = asked;
    return asked;
  }

  /** Whether this node should run the singleton maintenance now. */
  isLeader(): boolean {
    return this.#leaderUntil !== undefined && this.#clock.now() < this.#leaderUntil;
  }

  /** The live nodes as of the last beat, in the order every node sees (cluster-store.ts), this one among them. */
  liveNodes(): readonly ClusterNode[] {
    return this.#nodes;
  }

  /** How many of `total` shards (of one mapping or pipe) this node should hold: see fair-share.ts. */
  fairShare(total: number): number {
    const ids = this.#nodes.map((node) => node.nodeId);
    if (!ids.includes(this.nodeId)) ids.push(this.nodeId); // not beaten yet, or its heartbeat lapsed: it counts itself
    return fairShare(total, ids.length, ids.indexOf(this.nodeId));
  }

  /** Stops beating, then leaves and gives the maintenance lease up, so the others take over at once. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#unsubscribe?.();
    await this.#passes.close();
    this.#leaderUntil = undefined;
    try {
      await this.#store.leave(this.nodeId);
      await this.#store.releaseLease(MAINTENANCE_LEASE, this.nodeId);
    } catch (error) {
      this.#logger.warn(`cluster: node ${this.nodeId} could not leave (${String(error)}); the others see it gone when its heartbeat expires`);
    }
  }

  async #beat(): Promise<void> {
    if (this.#stopped) return;
    const until = this.#clock.now() + this.#leaseMs;
    // Others' heartbeats and leases are judged on the time before a recent jump (lease-clock.ts): every
    // node renews at a jump, but not all in the same instant.
    const judged = leaseClockOf(this.#clock).claimNow();
    // Two round trips rather than four (a replayed jump beats at every step): the heartbeat and the lease
    // are separate rows; the live nodes are read once this node's heartbeat is in.
    const [, leader] = await Promise.all([
      this.#store.heartbeat(this.nodeId, judged, until, this.#info),
      this.#store.claimLease(MAINTENANCE_LEASE, this.nodeId, judged, until),
    ]);
    if (leader !== (this.#leaderUntil !== undefined)) {
      this.#logger.info(leader ? `cluster: node ${this.nodeId} leads maintenance` : `cluster: node ${this.nodeId} no longer leads maintenance`);
    }
    this.#leaderUntil = leader ? until : undefined;
    const [nodes] = await Promise.all([this.#store.liveNodes(judged), leader ? this.#store.forgetNodes(judged - FORGET_AFTER_MS) : undefined]);
    this.#nodes = nodes;
  }
}
