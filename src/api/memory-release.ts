import { runInNewContext } from 'node:vm';
import { v8 } from '../shared/node-builtins.js';

/** Bodies from this size on make a heap of garbage worth collecting once the server is quiet. */
const LARGE_BODY_BYTES = 1024 * 1024;

let collect: (() => void) | undefined;

/** V8's full collection, made callable once (the same as starting node with --expose-gc). */
function fullCollection(): () => void {
  if (!collect) {
    v8().setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  return collect;
}

/**
 * Gives memory back after large requests. A 16 MB body of small values becomes about 130 MB of
 * objects (parsed, then normalised), and V8 collects them only when something is allocated again:
 * an idle server kept ~370 MB resident for good after one such request (bench/request-memory.mjs;
 * 126 MB with this). So when a large body has been handled and no other has come for `quietMs`,
 * one full collection runs (tens of ms, on an idle server). Small requests never trigger it.
 */
export class MemoryRelease {
  readonly #quietMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(quietMs = 2_000) {
    this.#quietMs = quietMs;
  }

  /** A request body of `bytes` has been handled. */
  handled(bytes: number): void {
    if (bytes < LARGE_BODY_BYTES) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      fullCollection()();
    }, this.#quietMs);
    this.#timer.unref();
  }

  close(): void {
    clearTimeout(this.#timer);
  }
}
