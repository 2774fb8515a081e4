import type { ShardRow } from '../storage/engine.js';
import { streamNameOf } from '../streams/stream-arn.js';
import type { StreamMeta } from '../streams/stream-meta.js';
import type { Mapping } from './mappings-context.js';
import { leaseClockOf } from './lease-clock.js';
import { MappingStats } from './shard-stats.js';
import { ShardWorker, type MappingStream, type ShardWorkerDeps } from './shard-worker.js';

/** How often a consumer looks again for shards it could not lease (another process holds them) or new ones. */
const RESCAN_MS = 2_000;

export interface MappingConsumerDeps extends ShardWorkerDeps {
  /**
   * How many of `total` shards this node should hold (ClusterMembership.fairShare: shards spread evenly
   * over the nodes on the database); default all of them.
   */
  readonly share?: (total: number) => number;
}

/**
 * Runs one enabled mapping: a ShardWorker per shard whose parent is drained (parents before children,
 * as Lambda follows lineage), re-scanning the stream's shards when a worker finishes, when the engine
 * reports closed shards, and every few seconds for shards whose lease another consumer held.
 *
 * With several nodes, each holds its share of the shards that can be worked now: a scan stops the
 * workers beyond it (last shards first; each releases its lease once its checkpoint is stored) and
 * starts workers on free or expired shards up to it, so the shards move when a node joins or leaves.
 */
export class MappingConsumer {
  readonly #deps: MappingConsumerDeps;
  readonly #mapping: Mapping;
  readonly #workers = new Map<string, { worker: ShardWorker; done: Promise<void> }>();
  /** Workers told to stop to give their shard up, until they have. */
  readonly #yielding = new Set<string>();
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #scanning: Promise<void> | undefined;
  #rescan = false;
  /** Live counters for status(): last processing result, batches in flight, attempts, last error. */
  readonly stats = new MappingStats();

  constructor(deps: MappingConsumerDeps, mapping: Mapping) {
    this.#deps = deps;
    this.#mapping = mapping;
  }

  start(): void {
    this.#timer = setInterval(() => this.#scan(), RESCAN_MS);
    this.#timer.unref();
    const closed = this.#deps.engine.onShardsClosed(() => this.#scan());
    // An action asked for (retry, skip, rewind) on any node: the workers of this mapping look whether it is theirs.
    const actions = (this.#deps.positions ?? this.#deps.engine.triggers).onAction((consumer) => {
      if (consumer === undefined || consumer === this.#mapping.uuid) for (const { worker } of this.#workers.values()) worker.actionRequested();
    });
    this.#unsubscribe = () => {
      closed();
      actions();
    };
    this.#scan();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    for (const { worker } of this.#workers.values()) worker.stop();
    await this.#scanning;
    await Promise.all([...this.#workers.values()].map((w) => w.done));
  }

  /** Per shard id: the workers running now (for status). */
  get runningShards(): string[] {
    return [...this.#workers.keys()];
  }

  #scan(): void {
    if (this.#stopped) return;
    if (this.#scanning) {
      this.#rescan = true;
      return;
    }
    this.#scanning = this.#scanOnce()
      .catch((error) => this.#deps.logger.error(`event source mapping ${this.#mapping.uuid}: ${(error as Error).message}`, error))
      .finally(() => {
        this.#scanning = undefined;
        if (this.#rescan) {
          this.#rescan = false;
          this.#scan();
        }
      });
  }

  async #scanOnce(): Promise<void> {
    const name = streamNameOf(this.#mapping.sourceArn);
    if (!name) return;
    const found = await this.#deps.engine.getStream<StreamMeta>(name.tableName, name.label);
    if (!found || this.#stopped) return;
    const checkpoints = new Map((await (this.#deps.positions ?? this.#deps.engine.triggers).listCheckpoints(this.#mapping.uuid)).map((c) => [c.shardId, c]));
    const present = new Set(found.shards.map((s) => s.shardId));
    const finished = (shardId: string) => checkpoints.get(shardId)?.finished === true;
    const workable = found.shards.filter((shard) => {
      const parent = shard.parentShardId;
      return !finished(shard.shardId) && (parent === undefined || !present.has(parent) || finished(parent));
    });
    let room = this.#yieldBeyond(this.#deps.share?.(workable.length) ?? workable.length, new Set(workable.map((shard) => shard.shardId)));
    // Another holder's lease is judged as its claim will judge it (lease-clock.ts); a shard it holds is left alone.
    const now = this.#deps.clock ? leaseClockOf(this.#deps.clock).claimNow() : this.#deps.now();
    const heldElsewhere = (shardId: string) => {
      const lease = checkpoints.get(shardId);
      return lease?.owner !== undefined && lease.owner !== this.#deps.owner && (lease.leaseUntil ?? 0) > now;
    };
    for (const shard of workable) {
      if (this.#stopped || room <= 0) break;
      if (this.#workers.has(shard.shardId) || heldElsewhere(shard.shardId)) continue;
      room--;
      this.#startWorker(shard, {
        id: found.stream.id,
        arn: this.#mapping.sourceArn,
        name,
        viewType: found.stream.meta.viewType,
        partitionKey: found.stream.meta.keySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName,
      });
    }
  }

  /**
   * Stops the workers on `workable` shards beyond `share` (the last started first); answers how many more
   * it may start. A worker on a shard no longer workable (drained: its end is being stored) does not count.
   */
  #yieldBeyond(share: number, workable: ReadonlySet<string>): number {
    const kept = [...this.#workers].filter(([shardId]) => workable.has(shardId) && !this.#yielding.has(shardId));
    for (const [shardId, { worker }] of kept.slice(Math.max(0, share)).reverse()) {
      this.#yielding.add(shardId);
      worker.stop();
    }
    return share - Math.min(kept.length, share);
  }

  #startWorker(shard: ShardRow, stream: MappingStream): void {
    const worker = new ShardWorker(this.#deps, this.#mapping, stream, shard, this.stats);
    const ended = () => {
      this.#workers.delete(shard.shardId);
      this.#yielding.delete(shard.shardId);
    };
    const done = worker.run().then(
      (end) => {
        ended();
        if (end === 'finished' || worker.rewound) this.#scan();
      },
      (error) => {
        ended();
        this.#deps.logger.error(`event source mapping ${this.#mapping.uuid}, ${shard.shardId}: ${(error as Error).message}`, error);
      },
    );
    this.#workers.set(shard.shardId, { worker, done });
  }
}
