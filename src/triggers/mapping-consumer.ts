import type { ShardRow } from '../storage/engine.js';
import { streamNameOf } from '../streams/stream-arn.js';
import type { StreamMeta } from '../streams/stream-meta.js';
import type { Mapping } from './mappings-context.js';
import { MappingStats } from './shard-stats.js';
import { ShardWorker, type MappingStream, type ShardWorkerDeps } from './shard-worker.js';

/** How often a consumer looks again for shards it could not lease (another process holds them) or new ones. */
const RESCAN_MS = 2_000;

/**
 * Runs one enabled mapping: a ShardWorker per shard whose parent is drained (parents before children,
 * as Lambda follows lineage), re-scanning the stream's shards when a worker finishes, when the engine
 * reports closed shards, and every few seconds for shards whose lease another consumer held.
 */
export class MappingConsumer {
  readonly #deps: ShardWorkerDeps;
  readonly #mapping: Mapping;
  readonly #workers = new Map<string, { worker: ShardWorker; done: Promise<void> }>();
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #scanning: Promise<void> | undefined;
  #rescan = false;
  /** Live counters for status(): last processing result, batches in flight, attempts, last error. */
  readonly stats = new MappingStats();

  constructor(deps: ShardWorkerDeps, mapping: Mapping) {
    this.#deps = deps;
    this.#mapping = mapping;
  }

  start(): void {
    this.#timer = setInterval(() => this.#scan(), RESCAN_MS);
    this.#timer.unref();
    this.#unsubscribe = this.#deps.engine.onShardsClosed(() => this.#scan());
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
    for (const shard of found.shards) {
      if (this.#stopped || this.#workers.has(shard.shardId) || finished(shard.shardId)) continue;
      const parent = shard.parentShardId;
      if (parent !== undefined && present.has(parent) && !finished(parent)) continue;
      this.#startWorker(shard, {
        id: found.stream.id,
        arn: this.#mapping.sourceArn,
        name,
        viewType: found.stream.meta.viewType,
        partitionKey: found.stream.meta.keySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName,
      });
    }
  }

  #startWorker(shard: ShardRow, stream: MappingStream): void {
    const worker = new ShardWorker(this.#deps, this.#mapping, stream, shard, this.stats);
    const done = worker.run().then(
      (end) => {
        this.#workers.delete(shard.shardId);
        if (end === 'finished') this.#scan();
      },
      (error) => {
        this.#workers.delete(shard.shardId);
        this.#deps.logger.error(`event source mapping ${this.#mapping.uuid}, ${shard.shardId}: ${(error as Error).message}`, error);
      },
    );
    this.#workers.set(shard.shardId, { worker, done });
  }
}
