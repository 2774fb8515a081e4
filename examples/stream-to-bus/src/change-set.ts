import type { AttributeValue, Image } from './lambda-types.js';

/** What is not the item's data: its keys (the table's and GSI1's) and who wrote it (the history says that apart). */
export const NOT_DATA: ReadonlySet<string> = new Set(['pk', 'sk', 'gsi1_pk', 'gsi1_sk', 'updatedBy']);

/** What a change did to an item's data, values in DynamoDB JSON as the stream carries them. */
export interface ChangeSet {
  /** Attributes the new image has and the old one had not: name → new value. */
  added: Image;
  /** Attributes both have with different values: name → { from, to }. */
  changed: Record<string, { from: AttributeValue; to: AttributeValue }>;
  /** Attributes the old image had and the new one has not: name → old value. */
  removed: Image;
}

/**
 * Compares two images of an item (an INSERT has no old image, a REMOVE no new one), leaving out NOT_DATA.
 * Values are compared as DynamoDB compares them: a set's order and a map's key order do not matter.
 */
export function changeSet(oldImage: Image = {}, newImage: Image = {}): ChangeSet {
  const result: ChangeSet = { added: {}, changed: {}, removed: {} };
  for (const name of Object.keys(newImage).sort()) {
    if (NOT_DATA.has(name)) continue;
    const from = oldImage[name];
    const to = newImage[name]!;
    if (from === undefined) result.added[name] = to;
    else if (canonical(from) !== canonical(to)) result.changed[name] = { from, to };
  }
  for (const name of Object.keys(oldImage).sort()) {
    if (!NOT_DATA.has(name) && newImage[name] === undefined) result.removed[name] = oldImage[name]!;
  }
  return result;
}

/** The value as JSON text with map keys and set members sorted, so equal values give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // SS, NS, BS are sets: [a, b] and [b, a] are the same set. (L is a list: its order counts.)
    out[key] = (key === 'SS' || key === 'NS' || key === 'BS') && Array.isArray(inner) ? [...inner].sort() : sorted(inner);
  }
  return out;
}
