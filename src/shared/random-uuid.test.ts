import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomUuid } from './random-uuid.js';

describe('randomUuid', () => {
  it('makes version 4 UUIDs, lower case, all different, across refills', () => {
    const ids = Array.from({ length: 1000 }, () => randomUuid());
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('spreads every random digit over all sixteen values', () => {
    const seen = Array.from({ length: 36 }, () => new Set<string>());
    for (let n = 0; n < 2000; n++) [...randomUuid()].forEach((char, i) => seen[i]!.add(char));
    const sizes = seen.map((chars) => chars.size);
    // Dashes at 8, 13, 18, 23; the version digit at 14; the variant digit (8, 9, a, b) at 19.
    assert.deepEqual(sizes, sizes.map((_, i) => ([8, 13, 18, 23].includes(i) ? 1 : i === 14 ? 1 : i === 19 ? 4 : 16)));
  });
});
