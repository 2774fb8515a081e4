/**
 * The engine's onShardsClosed listeners: told, after the commit, the id of a stream whose shards a
 * rotation, a stream change or a table deletion closed. A listener added twice is called twice.
 */
export class ShardsClosedListeners {
  readonly #listeners = new Set<(streamId: number) => void>();

  add(listener: (streamId: number) => void): () => void {
    const entry = (streamId: number) => listener(streamId);
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }

  closed(streamId: number): void {
    for (const listener of this.#listeners) {
      try {
        listener(streamId);
      } catch {
        // A listener's failure is its own; the change has committed either way.
      }
    }
  }
}
