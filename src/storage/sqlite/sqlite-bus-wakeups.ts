/**
 * The bus store's onDeliveries listeners. `afterCommit` is called once a unit that added deliveries
 * (or made some claimable) has committed; the listeners run once per commit, in a microtask queued
 * after every unit of the group has been answered, never inside the transaction.
 */
export class BusWakeups {
  readonly #listeners = new Set<() => void>();
  #queued = false;

  add(listener: () => void): () => void {
    const entry = () => listener();
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }

  afterCommit(): void {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      for (const listener of this.#listeners) {
        try {
          listener();
        } catch {
          // A listener's failure is its own; the deliveries have committed either way.
        }
      }
    });
  }
}
