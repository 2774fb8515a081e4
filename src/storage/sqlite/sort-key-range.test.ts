import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prefixEnd, sortKeyRange, successor } from './sort-key-range.js';
import type { RangeQuery } from '../engine.js';

const b = (h: string) => Buffer.from(h, 'hex');
const hex = (u: Uint8Array | undefined) => (u === undefined ? undefined : Buffer.from(u).toString('hex'));
const base: RangeQuery = { tableId: 1, hash: 0, partition: b('00'), limit: 10 };
const range = (q: Partial<RangeQuery>) => {
  const r = sortKeyRange({ ...base, ...q });
  return r && { from: hex(r.from), to: hex(r.to) };
};

describe('sortKeyRange', () => {
  it('computes prefix ends, skipping trailing 0xFF bytes', () => {
    assert.equal(hex(prefixEnd(b('61'))), '62');
    assert.equal(hex(prefixEnd(b('61ff'))), '62');
    assert.equal(hex(prefixEnd(b('00ffff'))), '01');
    assert.equal(hex(prefixEnd(b('ffff'))), undefined);
    assert.equal(hex(prefixEnd(b(''))), undefined);
    assert.equal(hex(successor(b('61'))), '6100');
  });

  it('turns bounds into [from, to)', () => {
    assert.deepEqual(range({}), { from: '', to: undefined });
    assert.deepEqual(range({ lower: { value: b('10'), inclusive: true } }), { from: '10', to: undefined });
    assert.deepEqual(range({ lower: { value: b('10'), inclusive: false } }), { from: '1000', to: undefined });
    assert.deepEqual(range({ upper: { value: b('20'), inclusive: true } }), { from: '', to: '2000' });
    assert.deepEqual(range({ upper: { value: b('20'), inclusive: false } }), { from: '', to: '20' });
    assert.deepEqual(range({ prefix: b('41ff') }), { from: '41ff', to: '42' });
    assert.deepEqual(range({ prefix: b('ff') }), { from: 'ff', to: undefined });
  });

  it('keeps the tightest of bounds, prefix and cursor', () => {
    const q = { lower: { value: b('10'), inclusive: true }, upper: { value: b('30'), inclusive: false } };
    assert.deepEqual(range({ ...q, prefix: b('12') }), { from: '12', to: '13' });
    assert.deepEqual(range({ ...q, prefix: undefined, after: b('15') }), { from: '1500', to: '30' });
    assert.deepEqual(range({ ...q, prefix: undefined, after: b('15'), reverse: true }), { from: '10', to: '15' });
    assert.deepEqual(range({ ...q, prefix: undefined, after: b('40'), reverse: true }), { from: '10', to: '30' });
  });

  it('is empty when nothing can match', () => {
    assert.equal(range({ lower: { value: b('20'), inclusive: true }, upper: { value: b('20'), inclusive: false } }), undefined);
    assert.equal(range({ lower: { value: b('20'), inclusive: false }, upper: { value: b('20'), inclusive: true } }), undefined);
    assert.deepEqual(range({ lower: { value: b('20'), inclusive: true }, upper: { value: b('20'), inclusive: true } }), { from: '20', to: '2000' });
    assert.equal(range({ prefix: b('50'), upper: { value: b('50'), inclusive: false } }), undefined);
    assert.equal(range({ after: b('10'), upper: { value: b('1000'), inclusive: false } }), undefined);
  });
});
