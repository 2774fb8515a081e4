import type { ItemKey } from '../../storage/engine.js';

/**
 * A string naming one item of one table, for the "same item twice" checks of the batch and
 * transaction operations. Keys are compared encoded, so equal numbers written differently (`1`,
 * `1.0`) name the same item, as they do in DynamoDB.
 */
export function itemIdentity(tableId: number, key: ItemKey): string {
  return `${tableId}:${Buffer.from(key.partition).toString('base64')}:${Buffer.from(key.sort).toString('base64')}`;
}

/** Tracks the items a request names; `add` answers false for an item named before. */
export class ItemIdentitySet {
  readonly #seen = new Set<string>();

  add(tableId: number, key: ItemKey): boolean {
    const id = itemIdentity(tableId, key);
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    return true;
  }
}
