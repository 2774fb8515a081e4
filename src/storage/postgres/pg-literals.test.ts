import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Pool } from 'pg';
import { sharedPostgresCluster, testEngines } from '../../../test/helpers/postgres-cluster.js';
import { sqlArray, sqlBytes, sqlInt, sqlNullableText, sqlText } from './pg-literals.js';
import { openPgPool } from './pg-pool.js';

const skip = !testEngines().includes('postgres') && 'PostgreSQL is not among EDDY_TEST_ENGINES (no initdb on the PATH)';
const cluster = sharedPostgresCluster();

/** Texts an item's JSON can carry that would end or bend a badly quoted literal. */
const TEXTS = [
  '',
  "'",
  "''",
  "\\'",
  '\\',
  '\\\\',
  "'; DROP TABLE items; --",
  "E'\\x41'",
  '\\x41',
  '$$',
  '$tag$ x $tag$',
  '"\\u0000"', // JSON's escape of U+0000: six characters, not the character
  '{"s":{"S":"it\'s \\"quoted\\" \\\\ and \\n"}}',
  'line\nbreak\r\ttab',
  'ünïcödé ✓ 𝄞 😀',
  '\u2028\u2029\uFEFF',
  "%_ LIKE 'x' /* */ -- comment",
];

describe('SQL literals written into statement text', { skip }, () => {
  let pool: Pool;
  before(async () => {
    pool = await openPgPool({ url: (await cluster()).url, size: 1 });
  });
  after(() => pool?.end());

  for (const conforming of ['on', 'off']) {
    it(`read back exactly what they were made of, with standard_conforming_strings ${conforming}`, async () => {
      const client = await pool.connect();
      try {
        await client.query(`SET standard_conforming_strings = ${conforming}`);
        for (const text of TEXTS) {
          const { rows } = await client.query(`SELECT ${sqlText(text)} AS t, ${sqlNullableText(text)} AS n`);
          assert.equal(rows[0].t, text, JSON.stringify(text));
          assert.equal(rows[0].n, text);
        }
        const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        for (const bytes of [Buffer.alloc(0), every, randomBytes(4096), new Uint8Array(every.buffer, 10, 20)]) {
          const { rows } = await client.query(`SELECT ${sqlBytes(bytes)} AS b`);
          assert.deepEqual(new Uint8Array(rows[0].b), new Uint8Array(bytes));
        }
        // As arrays (the arguments of the write path's EXECUTEs), empty ones included.
        const arrays = await client.query(
          `SELECT ${sqlArray(TEXTS.map(sqlText), 'text')} AS t, ${sqlArray([sqlBytes(every)], 'bytea')} AS b, ${sqlArray([sqlInt(-1), sqlInt(2 ** 31 - 1)], 'integer')} AS i, ${sqlArray([], 'bigint')} AS e`,
        );
        assert.deepEqual(arrays.rows[0].t, TEXTS);
        assert.deepEqual(new Uint8Array(arrays.rows[0].b[0]), new Uint8Array(every));
        assert.deepEqual(arrays.rows[0].i, [-1, 2 ** 31 - 1]);
        assert.deepEqual(arrays.rows[0].e, []);
        const { rows } = await client.query(`SELECT ${sqlInt(-42)} AS a, ${sqlInt(2 ** 53 - 1)} AS b, ${sqlInt(12345678901234567890n)}::numeric AS c, ${sqlNullableText(null)} AS d`);
        assert.deepEqual(rows[0], { a: -42, b: String(2 ** 53 - 1), c: '12345678901234567890', d: null });
      } finally {
        client.release();
      }
    });
  }

  it('refuses what it cannot write as a literal instead of splicing it in', () => {
    assert.throws(() => sqlText('a\0b'), { name: 'StorageError' });
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) assert.throws(() => sqlInt(bad), { name: 'StorageError' });
  });
});
