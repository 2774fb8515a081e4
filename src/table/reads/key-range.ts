import type { ItemKey, SortBound } from '../../storage/engine.js';
import { encodeKeyValue, partitionHash } from '../../storage/key-encoding.js';
import { tableErrors } from '../errors.js';
import { bindKeyCondition, type KeyCondition, type KeyConditionTerm } from '../expressions/index.js';
import { tooManyConditions } from '../expressions/key-condition.js';
import { encodeKeyTuple, tupleComponent, tupleEnd } from '../../storage/key-tuple.js';
import { encodeKeyPart, hasMultiAttributeKey, partitionAttributesOf } from '../indexes/index-key.js';
import type { KeyShape } from '../table-definition.js';
import type { AttributeValue } from '../values/attribute-value.js';
import { checkKeyValue } from '../values/key-rules.js';

/** The part of a range read a key condition decides: which partition, and the sort-key bounds. */
export interface KeyRange {
  readonly hash: number;
  readonly partition: Uint8Array;
  readonly lower?: SortBound;
  readonly upper?: SortBound;
  readonly prefix?: Uint8Array;
}

/** Operators legacy KeyConditions accept but no key can be read by (dynalite's suite, run against AWS). */
const NOT_INDEXABLE: ReadonlySet<string> = new Set(['NULL', 'NOT_NULL', 'NE', 'CONTAINS', 'NOT_CONTAINS', 'IN']);

/**
 * Binds a query's key-condition terms to the key schema read (see `bindKeyCondition` for its
 * errors). Legacy KeyConditions with an operator no key supports get DynamoDB's own message; the
 * partition value must be a valid key value (non-empty, within the size limit).
 */
export function bindQueryKey(terms: readonly KeyConditionTerm[], key: KeyShape, legacy: boolean): KeyCondition {
  if (terms.length > 2 && !hasMultiAttributeKey(key)) throw tooManyConditions();
  if (legacy && terms.some((t) => NOT_INDEXABLE.has(t.op))) {
    throw tableErrors.validation('Attempted conditional constraint is not an indexable operation');
  }
  const condition = bindKeyCondition(terms, key);
  const values = condition.partitionValues ?? [condition.partition.value];
  partitionAttributesOf(key).forEach((attribute, i) => checkKeyValue(attribute.name, values[i]!, attribute.type, true));
  return condition;
}

/**
 * The encoded partition and sort-key bounds a bound key condition reads. On a multi-attribute sort
 * key (tuple encoded), equality on the leading attributes is a byte prefix and the condition on the
 * last one used a range inside it (see storage/key-tuple.ts).
 */
export function keyRangeOf(condition: KeyCondition, key?: KeyShape): KeyRange {
  const partition = encodeKeyPart(condition.partitionValues ?? [condition.partition.value], key?.partitionAttributes !== undefined);
  const hash = partitionHash(partition);
  const sort = condition.sort;
  if (sort === undefined) return { hash, partition };
  if (key?.sortAttributes !== undefined) return { hash, partition, ...tupleSortRange(condition.sortPrefix ?? [], sort) };
  // One object a case, not a spread of a partial one: this runs for every Query.
  const first = encodeKeyValue(sort.values[0]!);
  switch (sort.op) {
    case 'EQ':
      return { hash, partition, lower: { value: first, inclusive: true }, upper: { value: first, inclusive: true } };
    case 'LT':
      return { hash, partition, upper: { value: first, inclusive: false } };
    case 'LE':
      return { hash, partition, upper: { value: first, inclusive: true } };
    case 'GT':
      return { hash, partition, lower: { value: first, inclusive: false } };
    case 'GE':
      return { hash, partition, lower: { value: first, inclusive: true } };
    case 'BETWEEN':
      return { hash, partition, lower: { value: first, inclusive: true }, upper: { value: encodeKeyValue(sort.values[1]!), inclusive: true } };
    case 'BEGINS_WITH':
      return { hash, partition, prefix: first };
  }
}

function tupleSortRange(equalities: readonly AttributeValue[], sort: NonNullable<KeyCondition['sort']>): Omit<KeyRange, 'hash' | 'partition'> {
  const head = encodeKeyTuple(equalities.map((value) => encodeKeyValue(value)));
  const at = (value: AttributeValue) => Buffer.concat([head, tupleComponent(encodeKeyValue(value))]);
  // Every tuple whose component equals `value` (whatever follows) lies below this.
  const past = (value: AttributeValue) => tupleEnd(at(value));
  const within = head.length > 0 ? { prefix: head } : {};
  const [first, second] = sort.values as [AttributeValue, AttributeValue | undefined];
  switch (sort.op) {
    case 'EQ':
      return { prefix: at(first) };
    case 'LT':
      return { ...within, upper: { value: at(first), inclusive: false } };
    case 'LE':
      return { ...within, upper: { value: past(first), inclusive: false } };
    case 'GT':
      return { ...within, lower: { value: past(first), inclusive: true } };
    case 'GE':
      return { ...within, lower: { value: at(first), inclusive: true } };
    case 'BETWEEN':
      return { ...within, lower: { value: at(first), inclusive: true }, upper: { value: past(second!), inclusive: false } };
    case 'BEGINS_WITH': {
      // The component's bytes as escaped, without its terminator: the values starting with the prefix.
      const component = tupleComponent(encodeKeyValue(first));
      return { prefix: Buffer.concat([head, component.subarray(0, component.length - 2)]) };
    }
  }
}

/**
 * An ExclusiveStartKey must lie inside what the query reads: its sort key must satisfy the sort
 * condition ("does not match the range key predicate") and its partition must be the one queried —
 * DynamoDB words the latter differently with and without a sort condition (dynalite's suite, run
 * against AWS; the "at most one row" wording is odd but is what was observed).
 */
export function checkStartKeyInRange(range: KeyRange, start: ItemKey, hasSortCondition: boolean): void {
  if (hasSortCondition && !sortInRange(range, start.sort)) {
    throw tableErrors.validation('The provided starting key does not match the range key predicate');
  }
  if (Buffer.compare(start.partition, range.partition) !== 0) {
    throw tableErrors.validation(
      hasSortCondition
        ? 'The query can return at most one row and cannot be restarted'
        : 'The provided starting key is outside query boundaries based on provided conditions',
    );
  }
}

function sortInRange(range: KeyRange, sort: Uint8Array): boolean {
  if (range.lower) {
    const order = Buffer.compare(sort, range.lower.value);
    if (order < 0 || (order === 0 && !range.lower.inclusive)) return false;
  }
  if (range.upper) {
    const order = Buffer.compare(sort, range.upper.value);
    if (order > 0 || (order === 0 && !range.upper.inclusive)) return false;
  }
  if (range.prefix) {
    const prefix = range.prefix;
    if (sort.length < prefix.length || Buffer.compare(sort.subarray(0, prefix.length), prefix) !== 0) return false;
  }
  return true;
}
