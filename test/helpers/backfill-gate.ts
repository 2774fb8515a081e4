import type { BackfillPage, IndexBackfillOptions } from '../../src/table/indexes/index-backfill.js';

/**
 * Holds GSI backfills before each page until the test lets them go on, so what Eddy shows between two pages
 * can be looked at: `startTestEddy({ indexBackfill: gate.options })`. A held page goes on by itself when Eddy
 * stops (its signal), so a test that forgets to open the gate does not hang the stop.
 */
export class BackfillGate {
  #open = false;
  readonly #held: { page: BackfillPage; go: () => void }[] = [];
  readonly #waiting: ((page: BackfillPage) => void)[] = [];

  readonly options: IndexBackfillOptions = {
    beforePage: (page) => {
      if (this.#open || page.signal.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const held = { page, go: () => resolve() };
        const stopped = () => {
          const at = this.#held.indexOf(held);
          if (at >= 0) this.#held.splice(at, 1);
          resolve();
        };
        held.go = () => {
          page.signal.removeEventListener('abort', stopped);
          resolve();
        };
        page.signal.addEventListener('abort', stopped, { once: true });
        this.#held.push(held);
        this.#waiting.splice(0).forEach((wake) => wake(page));
      });
    },
  };

  /** The page a backfill is held before: at once when one is, else the next to be held (rejects after `timeoutMs`). */
  held(timeoutMs = 20_000): Promise<BackfillPage> {
    const first = this.#held[0];
    if (first) return Promise.resolve(first.page);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no GSI backfill page held within ${timeoutMs} ms`)), timeoutMs);
      this.#waiting.push((page) => {
        clearTimeout(timer);
        resolve(page);
      });
    });
  }

  /** Lets the backfills held go on to their next page, where they are held again. */
  step(): void {
    for (const { go } of this.#held.splice(0)) go();
  }

  /** Lets every backfill go on, from now on without holding. */
  open(): void {
    this.#open = true;
    this.step();
  }
}
