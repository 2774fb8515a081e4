import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { SeededRandom } from './seeded-random.js';

/**
 * Random items for the source table. Each attribute name keeps one type (so ADD, DELETE and list_append
 * always apply): name S, count N, active BOOL, note NULL, tags SS, scores NS, blobs BS, data B,
 * history L, profile M.
 */

export type Item = Record<string, AttributeValue>;

const WORDS = ['amber', 'birch', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'heron', 'iris', 'juniper'];
const CITIES = ['Lisbon', 'Oslo', 'Quito', 'Kyoto', 'Accra'];

/** The key of the n-th item: 30 partitions, a numeric sort key. */
export function keyOf(n: number): Item {
  return { pk: { S: `tenant-${n % 30}` }, sk: { N: String(n) } };
}

export const word = (random: SeededRandom) => random.pick(WORDS);

/** A number as DynamoDB takes it: integers, decimals, negatives, a trailing zero to normalise. */
export function number(random: SeededRandom): string {
  return random.pick([String(random.int(-1000, 1000)), `${random.int(0, 99)}.${random.int(0, 9)}0`, String(random.int(0, 1e9))]);
}

export const strings = (random: SeededRandom) => random.some(WORDS, random.int(1, 3));
export const numbers = (random: SeededRandom) => [...new Set(Array.from({ length: random.int(1, 3) }, () => String(random.int(0, 50))))];
export const binaries = (random: SeededRandom) =>
  [...new Set(Array.from({ length: random.int(1, 3) }, () => String(random.int(0, 20))))].map((n) => Uint8Array.of(Number(n), 7));

export function profile(random: SeededRandom): AttributeValue {
  return {
    M: {
      city: { S: random.pick(CITIES) },
      zip: { N: String(random.int(1000, 9999)) },
      prefs: { M: { dark: { BOOL: random.chance(0.5) }, langs: { L: strings(random).map((S) => ({ S })) } } },
    },
  };
}

export function historyEntries(random: SeededRandom): AttributeValue[] {
  return Array.from({ length: random.int(1, 3) }, () =>
    random.pick<AttributeValue>([
      { S: word(random) },
      { N: number(random) },
      { M: { at: { N: String(random.int(0, 1e6)) }, by: { S: word(random) } } },
      { B: random.bytes(random.int(1, 8)) },
    ]),
  );
}

/** A whole item for key n with a random selection of attributes. */
export function randomItem(random: SeededRandom, n: number): Item {
  const item: Item = { ...keyOf(n) };
  const maybe = (name: string, value: () => AttributeValue) => {
    if (random.chance(0.6)) item[name] = value();
  };
  maybe('name', () => ({ S: `${word(random)} ${word(random)}` }));
  maybe('count', () => ({ N: number(random) }));
  maybe('active', () => ({ BOOL: random.chance(0.5) }));
  maybe('note', () => ({ NULL: true }));
  maybe('tags', () => ({ SS: strings(random) }));
  maybe('scores', () => ({ NS: numbers(random) }));
  maybe('blobs', () => ({ BS: binaries(random) }));
  maybe('data', () => ({ B: random.bytes(random.int(1, 32)) }));
  maybe('history', () => ({ L: historyEntries(random) }));
  maybe('profile', () => profile(random));
  return item;
}
