import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeStoreContract, type StoreContractContext } from '../../test/helpers/store-contract.js';
import { ENGINE_OPENERS } from '../../test/helpers/engine-openers.js';
import { decodeKeyValue, encodeKeyValue, partitionHash } from './key-encoding.js';
import type { ItemKey, RangeQuery, StorageEngine, StoredItem } from './engine.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const cmp = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b);

function startsWith(key: Uint8Array, prefix: Uint8Array): boolean {
  if (key.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return false;
  return true;
}

/** What readRange must return, computed by filtering and sorting every key of the partition. */
function expectedRange(keys: readonly Uint8Array[], q: Omit<RangeQuery, 'tableId' | 'hash' | 'partition'>): string[] {
  const selected = keys.filter(
    (k) =>
      (!q.lower || cmp(k, q.lower.value) > 0 || (q.lower.inclusive && cmp(k, q.lower.value) === 0)) &&
      (!q.upper || cmp(k, q.upper.value) < 0 || (q.upper.inclusive && cmp(k, q.upper.value) === 0)) &&
      (!q.prefix || startsWith(k, q.prefix)) &&
      (!q.after || (q.reverse ? cmp(k, q.after) < 0 : cmp(k, q.after) > 0)),
  );
  selected.sort(cmp);
  if (q.reverse) selected.reverse();
  return selected.slice(0, q.limit).map(hex);
}

async function putAll(engine: StorageEngine, tableId: number, keys: readonly ItemKey[]): Promise<void> {
  // One transaction per batch of targets keeps setup fast.
  for (let i = 0; i < keys.length; i += 500) {
    const batch = keys.slice(i, i + 500);
    await engine.writeItems({
      targets: batch.map((key) => ({ tableId, key })),
      decide: () => ({
        mutations: batch.map((key, target) => ({ target, item: { json: JSON.stringify({ k: hex(key.sort) }), size: 1 } })),
        result: undefined,
      }),
    });
  }
}

/**
 * One engine for the tests of a suite, set up once (thousands of items): opened outside `open`, which
 * closes what it opened after each test, and closed when the suite ends.
 */
function sharedEngine<T>(context: StoreContractContext<StorageEngine>, setUp: (engine: StorageEngine) => Promise<T>) {
  let made: Promise<{ engine: StorageEngine; close(): Promise<void>; data: T }> | undefined;
  after(async () => {
    if (made) await (await made).close();
  });
  return () =>
    (made ??= (async () => {
      const place = await context.database();
      const opened = await ENGINE_OPENERS[context.engine](place);
      return { engine: opened.store, close: () => opened.close(), data: await setUp(opened.store) };
    })());
}

// Sort keys over a tiny alphabet so that prefixes, 0x00 and 0xFF runs are everywhere.
const byteKeyArb = fc.uint8Array({ maxLength: 4 }).map((a) => a.map((b) => [0x00, 0x01, 0x7f, 0xfe, 0xff][b % 5]!));

// readRange of the StorageEngine contract (engine.ts), on every engine.
describeStoreContract<StorageEngine>('StorageEngine.readRange', ENGINE_OPENERS, (context) => {
  const partition = encodeKeyValue({ S: 'p' });
  const hash = partitionHash(partition);
  const keys: Uint8Array[] = [];
  const seen = new Set<string>();
  for (const key of fc.sample(byteKeyArb, { numRuns: 3000, seed: 7 })) {
    if (!seen.has(hex(key))) (seen.add(hex(key)), keys.push(key));
  }
  const setUp = sharedEngine(context, async (engine) => {
    const tableId = (await engine.createTable('T', {}))!.id;
    await putAll(engine, tableId, keys.map((sort) => ({ hash, partition, sort })));
    // Neighbours that must never leak into the results: another partition and another table.
    const other = encodeKeyValue({ S: 'q' });
    await putAll(engine, tableId, keys.map((sort) => ({ hash: partitionHash(other), partition: other, sort })));
    const otherTable = (await engine.createTable('U', {}))!.id;
    await putAll(engine, otherTable, keys.map((sort) => ({ hash, partition, sort })));
    return tableId;
  });

  const boundArb = fc.option(fc.record({ value: byteKeyArb, inclusive: fc.boolean() }), { nil: undefined });
  const queryArb = fc.record({
    lower: boundArb,
    upper: boundArb,
    prefix: fc.option(byteKeyArb, { nil: undefined }),
    reverse: fc.boolean(),
    after: fc.option(byteKeyArb, { nil: undefined }),
    limit: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(10_000)),
  });

  it('matches a filter-and-sort reference for any bounds, prefix, cursor, direction and limit', async () => {
    const { engine, data: tableId } = await setUp();
    assert.ok(keys.length > 400, `only ${keys.length} distinct keys`);
    await fc.assert(
      fc.asyncProperty(queryArb, async (q) => {
        const rows = await engine.readRange({ tableId, hash, partition, ...q });
        assert.deepEqual(rows.map((r) => hex(r.key.sort)), expectedRange(keys, q));
        for (const row of rows) {
          assert.equal(row.json, JSON.stringify({ k: hex(row.key.sort) }));
          assert.equal(row.key.hash, hash);
          assert.deepEqual(row.key.partition, partition);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('pages through a range with the cursor, in both directions, each key exactly once', async () => {
    const { engine, data: tableId } = await setUp();
    const query = { lower: { value: Uint8Array.of(0x01), inclusive: false }, prefix: undefined };
    for (const reverse of [false, true]) {
      const all = expectedRange(keys, { ...query, reverse, limit: 100_000 });
      const paged: string[] = [];
      let cursor: Uint8Array | undefined;
      for (;;) {
        const page = await engine.readRange({ tableId, hash, partition, ...query, reverse, after: cursor, limit: 37 });
        paged.push(...page.map((r) => hex(r.key.sort)));
        if (page.length < 37) break;
        cursor = page.at(-1)!.key.sort;
      }
      assert.deepEqual(paged, all);
      assert.ok(all.length > 300);
    }
  });

  it('handles prefixes of 0xFF bytes', async () => {
    const { engine, data: tableId } = await setUp();
    const ff = Uint8Array.of(0xff);
    const rows = await engine.readRange({ tableId, hash, partition, prefix: ff, limit: 10_000 });
    const got = rows.map((r) => hex(r.key.sort));
    assert.deepEqual(got, expectedRange(keys, { prefix: ff, limit: 10_000 }));
    assert.ok(got.includes('ff') && got.includes('ffffffff') && got.every((k) => k.startsWith('ff')));
    const prefix = Uint8Array.of(0x7f, 0xff);
    const under = await engine.readRange({ tableId, hash, partition, prefix, reverse: true, limit: 10_000 });
    assert.deepEqual(under.map((r) => hex(r.key.sort)), expectedRange(keys, { prefix, reverse: true, limit: 10_000 }));
    assert.equal(hex(prefix), '7fff'); // the caller's prefix is not modified
  });

  it('orders numeric sort keys numerically', async () => {
    const { engine, data: tableId } = await setUp();
    const numbers = ['-1e10', '-10', '-1.5', '-1', '-0.5', '0', '1e-130', '0.5', '1', '1.5', '10', '1e125'];
    const pk = encodeKeyValue({ S: 'numbers' });
    const h = partitionHash(pk);
    const shuffled = [...numbers].reverse(); // inserted out of order
    await putAll(engine, tableId, shuffled.map((n) => ({ hash: h, partition: pk, sort: encodeKeyValue({ N: n }) })));
    const decode = (rows: StoredItem[]) => rows.map((r) => (decodeKeyValue(r.key.sort, 'N') as { N: string }).N);
    const all = await engine.readRange({ tableId, hash: h, partition: pk, limit: 100 });
    assert.deepEqual(decode(all), ['-10000000000', '-10', '-1.5', '-1', '-0.5', '0', `0.${'0'.repeat(129)}1`, '0.5', '1', '1.5', '10', '1' + '0'.repeat(125)]);
    const between = await engine.readRange({
      tableId, hash: h, partition: pk, reverse: true, limit: 100,
      lower: { value: encodeKeyValue({ N: '-1.5' }), inclusive: false },
      upper: { value: encodeKeyValue({ N: '1' }), inclusive: true },
    });
    assert.deepEqual(decode(between), ['1', '0.5', `0.${'0'.repeat(129)}1`, '0', '-0.5', '-1']);
  });
});

// scan of the StorageEngine contract (engine.ts), on every engine.
describeStoreContract<StorageEngine>('StorageEngine.scan', ENGINE_OPENERS, (context) => {
  const expected = new Set<string>();
  const id = (k: ItemKey) => `${k.hash}/${hex(k.partition)}/${hex(k.sort)}`;
  const keys: ItemKey[] = [];
  for (let p = 0; p < 400; p++) {
    const partition = encodeKeyValue({ S: `user-${p}` });
    for (let s = 0; s < (p % 4) + 1; s++) keys.push({ hash: partitionHash(partition), partition, sort: encodeKeyValue({ N: String(s) }) });
  }
  // Two partitions forced onto one hash: order within a hash is by partition bytes. The hashes at both
  // ends of the space: a hash is unsigned.
  for (const name of ['collide-b', 'collide-a']) keys.push({ hash: 0x80000000, partition: encodeKeyValue({ S: name }), sort: new Uint8Array(0) });
  keys.push({ hash: 0, partition: encodeKeyValue({ S: 'lowest' }), sort: new Uint8Array(0) });
  keys.push({ hash: 0xffffffff, partition: encodeKeyValue({ S: 'highest' }), sort: new Uint8Array(0) });
  for (const k of keys) expected.add(id(k));
  const setUp = sharedEngine(context, async (engine) => {
    const tableId = (await engine.createTable('T', {}))!.id;
    await putAll(engine, tableId, keys);
    const other = (await engine.createTable('U', {}))!.id;
    await putAll(engine, other, keys.slice(0, 50));
    return tableId;
  });

  /** Pages through hash range [from, to] with the given page size. */
  async function scanSegment(from: number | undefined, to: number | undefined, pageSize: number): Promise<ItemKey[]> {
    const { engine, data: tableId } = await setUp();
    const out: ItemKey[] = [];
    let after: ItemKey | undefined;
    for (;;) {
      const page = await engine.scan({ tableId, hashFrom: from, hashTo: to, after, limit: pageSize });
      out.push(...page.map((r) => r.key));
      if (page.length < pageSize) return out;
      after = page.at(-1)!.key;
    }
  }

  const keyCompare = (a: ItemKey, b: ItemKey) => a.hash - b.hash || cmp(a.partition, b.partition) || cmp(a.sort, b.sort);

  it('returns every item once in (hash, partition, sort) order', async () => {
    const all = await scanSegment(undefined, undefined, 7);
    assert.equal(all.length, expected.size);
    assert.deepEqual(new Set(all.map(id)), expected);
    for (let i = 1; i < all.length; i++) assert.ok(keyCompare(all[i - 1]!, all[i]!) < 0, `order at ${i}`);
    const collide = all.filter((k) => k.hash === 0x80000000).map((k) => decodeKeyValue(k.partition, 'S'));
    assert.deepEqual(collide, [{ S: 'collide-a' }, { S: 'collide-b' }]);
    assert.equal(all[0]!.hash, 0);
    assert.equal(all.at(-1)!.hash, 0xffffffff);
  });

  for (const segments of [1, 2, 3, 7, 16]) {
    it(`covers each item exactly once across ${segments} parallel segments`, async () => {
      const seen = new Map<string, number>();
      for (let s = 0; s < segments; s++) {
        const from = Math.floor((s * 2 ** 32) / segments);
        const to = Math.floor(((s + 1) * 2 ** 32) / segments) - 1;
        for (const key of await scanSegment(from, to, 11)) {
          assert.ok(key.hash >= from && key.hash <= to);
          seen.set(id(key), (seen.get(id(key)) ?? 0) + 1);
        }
      }
      assert.equal(seen.size, expected.size);
      assert.ok([...seen.values()].every((n) => n === 1));
    });
  }

  it('treats a cursor outside the segment correctly', async () => {
    const { engine, data: tableId } = await setUp();
    const below = { hash: 5, partition: Uint8Array.of(0xff), sort: Uint8Array.of(0xff) };
    const inSegment = await engine.scan({ tableId, hashFrom: 0x40000000, hashTo: 0x7fffffff, limit: 10_000 });
    const withBelow = await engine.scan({ tableId, hashFrom: 0x40000000, hashTo: 0x7fffffff, after: below, limit: 10_000 });
    assert.ok(inSegment.length > 50);
    assert.deepEqual(withBelow.map((r) => id(r.key)), inSegment.map((r) => id(r.key)));
    const beyond = { hash: 0x80000000, partition: new Uint8Array(0), sort: new Uint8Array(0) };
    assert.deepEqual(await engine.scan({ tableId, hashFrom: 0x40000000, hashTo: 0x7fffffff, after: beyond, limit: 10 }), []);
    assert.deepEqual(await engine.scan({ tableId, limit: 0 }), []);
    assert.deepEqual(await engine.scan({ tableId, hashFrom: 10, hashTo: 9, limit: 10 }), []);
  });
});
