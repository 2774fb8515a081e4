import type { ItemKey, StoredItem } from '../engine.js';

/**
 * An item of a range read or a scan whose key stays the row's hex text until the key is read. A page
 * uses only its last item's key (LastEvaluatedKey, the next batch's cursor), so decoding every row's
 * key to a Buffer cost a 10-item Query about 1.3 KB of garbage for one key used (docs/benchmarks.md,
 * "Query's allocation, second pass"). The key is decoded once, at its first read.
 */
export class HexKeyedItem implements StoredItem {
  readonly json: string;
  readonly size: number;
  readonly #hash: number;
  /** The partition key's bytes, or their hex when the row gave them so. */
  readonly #partition: Uint8Array | string;
  readonly #sortHex: string;
  #key: ItemKey | undefined;

  constructor(hash: number, partition: Uint8Array | string, sortHex: string, json: string, size: number) {
    this.#hash = hash;
    this.#partition = partition;
    this.#sortHex = sortHex;
    this.json = json;
    this.size = size;
  }

  get key(): ItemKey {
    if (this.#key === undefined) {
      const partition = typeof this.#partition === 'string' ? Buffer.from(this.#partition, 'hex') : this.#partition;
      this.#key = { hash: this.#hash, partition, sort: Buffer.from(this.#sortHex, 'hex') };
    }
    return this.#key;
  }
}
