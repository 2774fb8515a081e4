import type { StorageEngine } from '../storage/engine.js';
import type { Counter, CounterFamily } from './instruments.js';
import type { MetricsRegistry } from './metrics-registry.js';

/**
 * Stream records this node's writes appended, per table. The engine tells each commit's count by
 * stream id (onAppend); the table a stream belongs to is looked up at the next scrape (one listStreams),
 * so a write never waits for it.
 */
export class StreamMetrics {
  readonly #appended: CounterFamily;
  readonly #byStream = new Map<number, Counter>();
  /** Records of streams not named yet, by stream id. */
  readonly #unnamed = new Map<number, number>();

  constructor(registry: MetricsRegistry) {
    this.#appended = registry.counter('eddy_stream_records_appended_total', 'Stream records this node\'s writes appended (item writes, TTL deletions, transactions), by table.', ['table']);
  }

  /** Counts the engine's appends from now on; returns the unsubscribe function. */
  listen(engine: Pick<StorageEngine, 'onAppend'>): () => void {
    return engine.onAppend((streamId, _shardId, _lastSequence, count) => {
      if (count === undefined || count === 0) return; // another node's append: counted there
      const counter = this.#byStream.get(streamId);
      if (counter) counter.inc(count);
      else this.#unnamed.set(streamId, (this.#unnamed.get(streamId) ?? 0) + count);
    });
  }

  /** Names the streams appended to since the last scrape (a stream gone since, with its table, is dropped). */
  async collect(engine: Pick<StorageEngine, 'listStreams'>): Promise<void> {
    if (this.#unnamed.size === 0) return;
    const tables = new Map((await engine.listStreams()).map((stream) => [stream.id, stream.tableName]));
    for (const [streamId, count] of this.#unnamed) {
      this.#unnamed.delete(streamId);
      const table = tables.get(streamId);
      if (table === undefined) continue;
      const counter = this.#appended.labels(table);
      this.#byStream.set(streamId, counter);
      counter.inc(count);
    }
  }
}
