import { decodeBlock } from './sqlite-stream-blocks.js';

/** Compressed blocks kept decoded, newest last; a consumer reading a block in batches decompresses it once. */
const MAX_BLOCKS = 32;
/** A block whose text is longer than this is decoded on every read rather than kept. */
const MAX_KEPT_CHARS = 1 << 20;

/**
 * The records of stored stream blocks, the compressed ones kept decoded for the next read: a trigger or
 * pipe reading 10 records at a time from a block of a few hundred (one group commit's) otherwise
 * decompresses and splits the whole block for each 10. Kept by shard and first sequence and checked
 * against the stored bytes on every hit (a block never changes once written, but a key could name a
 * new block after its shard's row id was reused): a stale entry can never be served.
 */
export class DecodedBlocks {
  readonly #blocks = new Map<string, { readonly stored: Uint8Array; readonly texts: string[] }>();

  records(shard: number, firstSeq: number, stored: string | Uint8Array): string[] {
    if (typeof stored === 'string') return decodeBlock(stored); // short: splitting it is cheap
    const key = `${shard}:${firstSeq}`;
    const kept = this.#blocks.get(key);
    if (kept !== undefined && Buffer.compare(kept.stored, stored) === 0) return kept.texts;
    const texts = decodeBlock(stored);
    if (kept !== undefined) this.#blocks.delete(key);
    let chars = 0;
    for (const text of texts) chars += text.length;
    if (chars > MAX_KEPT_CHARS) return texts;
    if (this.#blocks.size >= MAX_BLOCKS) this.#blocks.delete(this.#blocks.keys().next().value!);
    this.#blocks.set(key, { stored, texts });
    return texts;
  }
}
