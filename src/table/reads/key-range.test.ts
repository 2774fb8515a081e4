import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeKeyPart } from '../indexes/index-key.js';
import type { KeyCondition, SortKeyOperator } from '../expressions/index.js';
import type { KeyShape } from '../table-definition.js';
import type { AttributeValue } from '../values/attribute-value.js';
import { compareValues } from '../values/compare.js';
import { keyRangeOf, type KeyRange } from './key-range.js';

// A GSI with partition key (t S, r S) and sort key (n N, s S, b B).
const KEY: KeyShape = {
  partition: { name: 't', type: 'S' },
  sort: { name: 'n', type: 'N' },
  partitionAttributes: [{ name: 't', type: 'S' }, { name: 'r', type: 'S' }],
  sortAttributes: [{ name: 'n', type: 'N' }, { name: 's', type: 'S' }, { name: 'b', type: 'B' }],
};
const NAMES = ['n', 's', 'b'];

const number = fc.constantFrom('-10', '-1.5', '-1', '0', '0.001', '1', '1.5', '2', '10', '100').map((N): AttributeValue => ({ N }));
const string = fc.constantFrom('', 'a', 'a\u0000', 'ab', 'b', '\u0001', 'é').map((S): AttributeValue => ({ S }));
const binary = fc
  .array(fc.constantFrom(0, 1, 2, 255), { maxLength: 3 })
  .map((bytes): AttributeValue => ({ B: Buffer.from(bytes).toString('base64') }));
const arbitraries = [number, string, binary];
const sortTuple = fc.tuple(number, string, binary);

/** Whether the encoded sort key lies in the range, as the engine reads it (memcmp, shorter first). */
function inRange(range: KeyRange, sort: Uint8Array): boolean {
  if (range.prefix && (sort.length < range.prefix.length || Buffer.compare(sort.subarray(0, range.prefix.length), range.prefix) !== 0)) return false;
  if (range.lower) {
    const order = Buffer.compare(sort, range.lower.value);
    if (order < 0 || (order === 0 && !range.lower.inclusive)) return false;
  }
  if (range.upper) {
    const order = Buffer.compare(sort, range.upper.value);
    if (order > 0 || (order === 0 && !range.upper.inclusive)) return false;
  }
  return true;
}

/** The condition evaluated on the values themselves. */
function holds(op: SortKeyOperator, value: AttributeValue, operands: AttributeValue[]): boolean {
  const c = (x: AttributeValue) => compareValues(value, x)!;
  switch (op) {
    case 'EQ':
      return c(operands[0]!) === 0;
    case 'LT':
      return c(operands[0]!) < 0;
    case 'LE':
      return c(operands[0]!) <= 0;
    case 'GT':
      return c(operands[0]!) > 0;
    case 'GE':
      return c(operands[0]!) >= 0;
    case 'BETWEEN':
      return c(operands[0]!) >= 0 && c(operands[1]!) <= 0;
    case 'BEGINS_WITH': {
      const bytes = (v: AttributeValue) => ('S' in v ? Buffer.from(v.S) : Buffer.from((v as { B: string }).B, 'base64'));
      const [whole, prefix] = [bytes(value), bytes(operands[0]!)];
      return whole.length >= prefix.length && Buffer.compare(whole.subarray(0, prefix.length), prefix) === 0;
    }
  }
}

describe('keyRangeOf on a multi-attribute key', () => {
  it('reads exactly the tuples matching equality on leading sort attributes and a condition on the next', () => {
    const condition = fc.integer({ min: 0, max: 2 }).chain((used) =>
      fc.record({
        used: fc.constant(used),
        prefix: sortTuple.map((t) => t.slice(0, used)),
        op: fc.constantFrom<SortKeyOperator>('EQ', 'LT', 'LE', 'GT', 'GE', 'BETWEEN', ...(used > 0 ? (['BEGINS_WITH'] as const) : [])),
        operands: fc.tuple(arbitraries[used]!, arbitraries[used]!),
      }),
    );
    fc.assert(
      fc.property(condition, sortTuple, ({ used, prefix, op, operands }, tuple) => {
        const values = op === 'BETWEEN' ? [...operands].sort((x, y) => compareValues(x, y)!) : [operands[0]];
        const bound: KeyCondition = {
          partition: { name: 't', value: { S: 'p' } },
          partitionValues: [{ S: 'p' }, { S: 'q' }],
          sortPrefix: prefix,
          sort: { name: NAMES[used]!, op, values },
        };
        const range = keyRangeOf(bound, KEY);
        const expected = prefix.every((v, i) => compareValues(v, tuple[i]!) === 0) && holds(op, tuple[used]!, values);
        assert.equal(inRange(range, encodeKeyPart(tuple, true)), expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('encodes the partition as the tuple of its values, apart from concatenations of them', () => {
    const range = (t: string, r: string) =>
      keyRangeOf({ partition: { name: 't', value: { S: t } }, partitionValues: [{ S: t }, { S: r }] }, KEY).partition;
    assert.notDeepEqual(range('W', 'EU'), range('WE', 'U'));
    assert.deepEqual(range('W', 'EU'), encodeKeyPart([{ S: 'W' }, { S: 'EU' }], true));
  });
});
