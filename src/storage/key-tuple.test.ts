import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeKeyTuple, encodeKeyTuple, tupleComponent, tupleEnd } from './key-tuple.js';
import { encodeKeyValue } from './key-encoding.js';
import { prefixEnd } from './sqlite/sort-key-range.js';

const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);
const bytes = fc.uint8Array({ maxLength: 6 }).map((b) => Uint8Array.from(b));
/** Bytes rich in 0x00, 0x01 and 0xFF, the values the escaping has to get right. */
const edgyBytes = fc.array(fc.constantFrom(0x00, 0x01, 0x02, 0xfe, 0xff), { maxLength: 5 }).map((b) => Uint8Array.from(b));
const component = fc.oneof(bytes, edgyBytes);

/** Lexicographic tuple order, each component by memcmp with shorter first. */
function compareTuples(a: readonly Uint8Array[], b: readonly Uint8Array[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = Buffer.compare(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

describe('encodeKeyTuple', () => {
  it('escapes 0x00 and terminates each component', () => {
    assert.deepEqual([...encodeKeyTuple([Uint8Array.of(0x61, 0x00), Uint8Array.of()])], [0x61, 0x00, 0xff, 0x00, 0x01, 0x00, 0x01]);
  });

  it('decodes to the components it encoded', () => {
    fc.assert(
      fc.property(fc.array(component, { maxLength: 4 }), (tuple) => {
        assert.deepEqual(decodeKeyTuple(encodeKeyTuple(tuple)).map((c) => [...c]), tuple.map((c) => [...c]));
      }),
    );
  });

  it('orders encodings as the tuples (same length), component by component', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.array(component, { minLength: n, maxLength: n }), fc.array(component, { minLength: n, maxLength: n }))), ([a, b]) => {
        assert.equal(sign(Buffer.compare(encodeKeyTuple(a), encodeKeyTuple(b))), sign(compareTuples(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('puts exactly the tuples starting with given components under their encoding as a byte prefix', () => {
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 2 }), fc.array(component, { minLength: 1, maxLength: 3 }), (head, tuple) => {
        const prefix = encodeKeyTuple(head);
        const encoded = encodeKeyTuple(tuple);
        const starts = encoded.length >= prefix.length && Buffer.compare(encoded.subarray(0, prefix.length), prefix) === 0;
        const componentsMatch = head.length <= tuple.length && head.every((c, i) => Buffer.compare(c, tuple[i]!) === 0);
        assert.equal(starts, componentsMatch);
        const end = tupleEnd(prefix);
        assert.deepEqual([...end], [...prefixEnd(prefix)!]);
        const inside = Buffer.compare(encoded, prefix) >= 0 && Buffer.compare(encoded, end) < 0;
        assert.equal(inside, componentsMatch);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps numeric order inside a tuple of numbers and strings', () => {
    const key = (n: string, s: string) => encodeKeyTuple([encodeKeyValue({ N: n }), encodeKeyValue({ S: s })]);
    const ordered = [key('-10', 'z'), key('-1', ''), key('0', 'a'), key('0', 'a\u0000'), key('0', 'ab'), key('5', ''), key('50', '')];
    for (let i = 1; i < ordered.length; i++) assert.ok(Buffer.compare(ordered[i - 1]!, ordered[i]!) < 0, `at ${i}`);
  });

  it('tupleComponent is one component of the tuple encoding', () => {
    const parts = [Uint8Array.of(1, 0, 2), Uint8Array.of(0)];
    assert.deepEqual([...encodeKeyTuple(parts)], [...Buffer.concat(parts.map(tupleComponent))]);
  });

  it('refuses a truncated encoding', () => {
    assert.throws(() => decodeKeyTuple(Uint8Array.of(0x61, 0x00)), /corrupt key tuple/);
    assert.throws(() => decodeKeyTuple(Uint8Array.of(0x61)), /corrupt key tuple/);
  });
});
