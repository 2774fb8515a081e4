import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RawJson } from '../../shared/raw-json.js';
import { defaultDeployment } from '../../shared/arns.js';
import { ManualClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/logger.js';
import type { ScanQuery, StorageEngine } from '../../storage/engine.js';
import { openSqliteEngine, type SqliteEngine } from '../../storage/sqlite/sqlite-engine.js';
import { createTable } from '../operations/create-table.js';
import { deleteItem } from '../operations/delete-item.js';
import { deleteTable } from '../operations/delete-table.js';
import { getItem } from '../operations/get-item.js';
import { putItem } from '../operations/put-item.js';
import { updateItem } from '../operations/update-item.js';
import { updateTimeToLive } from '../operations/update-time-to-live.js';
import { TableCatalog } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import { TTL_IGNORED_AFTER_SECONDS } from './ttl-expiry.js';
import { TtlSweeper, type TtlSweeperOptions } from './ttl-sweeper.js';

const clock = new ManualClock();
const NOW_S = clock.now() / 1000;
const PAST = String(NOW_S - 60);
const FUTURE = String(NOW_S + 60);

/** The real in-memory engine; `onScan` runs after each scan page is read, before the sweeper sees it. */
describe('TtlSweeper', () => {
  let engine: SqliteEngine;
  let ctx: TableContext;
  let onScan: (() => Promise<void>) | undefined;
  let sweepers: TtlSweeper[];

  beforeEach(() => {
    clock.set(Date.UTC(2026, 0, 1));
    engine = openSqliteEngine({ path: ':memory:', now: () => clock.now() });
    ctx = { engine, catalog: new TableCatalog(engine), clock, deployment: defaultDeployment };
    onScan = undefined;
    sweepers = [];
  });
  afterEach(async () => {
    for (const sweeper of sweepers) await sweeper.stop();
    await engine.close();
  });

  /** A sweeper whose engine lets a test act between a scan and the deletes that follow it. */
  const sweeper = (options: TtlSweeperOptions = {}) => {
    const racing = new Proxy(engine, {
      get(target, prop) {
        if (prop === 'scan') {
          return async (query: ScanQuery) => {
            const page = await target.scan(query);
            if (onScan) await onScan();
            return page;
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as StorageEngine;
    const created = new TtlSweeper({ ...ctx, engine: racing }, silentLogger, options);
    sweepers.push(created);
    return created;
  };

  /** Tests name tables briefly; DynamoDB wants at least 3 characters. */
  const full = (name: string) => `tbl-${name}`;
  const newTable = async (short: string, options: { ttl?: string; stream?: boolean } = {}) => {
    const name = full(short);
    await createTable(ctx, {
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...(options.stream && { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }),
    });
    if (options.ttl) await updateTimeToLive(ctx, { TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: options.ttl } });
  };
  const put = (table: string, pk: string, extra: Record<string, unknown> = {}) =>
    putItem(ctx, { TableName: full(table), Item: { pk: { S: pk }, ...extra } });
  /** GetItem's answer as JSON (it may come back as RawJson text). */
  const get = async (short: string, pk: string): Promise<unknown> => {
    const out = await getItem(ctx, { TableName: full(short), Key: { pk: { S: pk } } });
    return out instanceof RawJson ? JSON.parse(out.text) : out;
  };
  const keys = async (short: string): Promise<string[]> => {
    const table = await ctx.catalog.require(full(short));
    const items = await engine.scan({ tableId: table.id, limit: 10_000 });
    return items.map((item) => (JSON.parse(item.json) as { pk: { S: string } }).pk.S).sort();
  };

  it('deletes items whose TTL Number is in the past, and nothing else', async () => {
    await newTable('t', { ttl: 'exp' });
    await put('t', 'past', { exp: { N: PAST } });
    await put('t', 'just-past', { exp: { N: String(NOW_S - 0.001) } });
    await put('t', 'now', { exp: { N: String(NOW_S) } });
    await put('t', 'future', { exp: { N: FUTURE } });
    await put('t', 'missing', {});
    await put('t', 'string', { exp: { S: PAST } });
    await put('t', 'set', { exp: { NS: [PAST] } });
    await put('t', 'nested', { m: { M: { exp: { N: PAST } } } });
    await put('t', 'other-name', { expires: { N: PAST } });
    await put('t', 'too-old', { exp: { N: String(NOW_S - TTL_IGNORED_AFTER_SECONDS - 1) } });
    await put('t', 'five-years', { exp: { N: String(NOW_S - TTL_IGNORED_AFTER_SECONDS) } });

    assert.deepEqual(await sweeper().sweep(), { deleted: 3 });
    assert.deepEqual(await keys('t'), ['future', 'missing', 'nested', 'now', 'other-name', 'set', 'string', 'too-old']);
    assert.deepEqual(await sweeper().sweep(), { deleted: 0 });

    clock.advance(61_000);
    assert.deepEqual(await sweeper().sweep(), { deleted: 2 });
    assert.deepEqual(await keys('t'), ['missing', 'nested', 'other-name', 'set', 'string', 'too-old']);
  });

  it('leaves tables without TTL, or with TTL disabled, alone', async () => {
    await newTable('plain');
    await newTable('disabled', { ttl: 'exp' });
    await updateTimeToLive(ctx, { TableName: full('disabled'), TimeToLiveSpecification: { Enabled: false, AttributeName: 'exp' } });
    await newTable('on', { ttl: 'exp' });
    for (const table of ['plain', 'disabled', 'on']) await put(table, 'a', { exp: { N: PAST } });

    assert.deepEqual(await sweeper().sweep(), { deleted: 1 });
    assert.deepEqual(await keys('plain'), ['a']);
    assert.deepEqual(await keys('disabled'), ['a']);
    assert.deepEqual(await keys('on'), []);
  });

  it('still returns expired items to reads until a sweep runs', async () => {
    await newTable('t', { ttl: 'exp' });
    await put('t', 'a', { exp: { N: PAST } });
    assert.deepEqual(await get('t', 'a'), { Item: { pk: { S: 'a' }, exp: { N: PAST } } });
    await sweeper().sweep();
    assert.deepEqual(await get('t', 'a'), {});
  });

  for (const pageSize of [1, 7, 100]) {
    it(`walks a table in pages of ${pageSize}`, async () => {
      await newTable('t', { ttl: 'exp' });
      const kept: string[] = [];
      for (let i = 0; i < 90; i++) {
        const pk = `k${String(i).padStart(2, '0')}`;
        await put('t', pk, { exp: { N: i % 3 === 0 ? FUTURE : PAST } });
        if (i % 3 === 0) kept.push(pk);
      }
      let scans = 0;
      onScan = async () => void scans++;
      assert.deepEqual(await sweeper({ pageSize }).sweep(), { deleted: 60 });
      assert.deepEqual(await keys('t'), kept);
      assert.equal(scans, Math.floor(90 / pageSize) + 1);
    });
  }

  it('appends a REMOVE record marked as a service delete', async () => {
    await newTable('s', { ttl: 'exp', stream: true });
    await put('s', 'a', { exp: { N: PAST }, v: { S: 'x' } });
    clock.advance(5_000);
    assert.deepEqual(await sweeper().sweep(), { deleted: 1 });

    const [stream] = await engine.listStreams();
    const found = await engine.getStream(stream!.tableName, stream!.label);
    const records = await engine.readShard({ streamId: stream!.id, shardId: found!.shards[0]!.shardId, limit: 10 });
    assert.equal(records.length, 2);
    const image = `{"pk":{"S":"a"},"exp":{"N":"${PAST}"},"v":{"S":"x"}}`;
    assert.equal(
      records[1]!.json,
      `RS{"ApproximateCreationDateTime":${NOW_S + 5},"Keys":{"pk":{"S":"a"}},"OldImage":${image},"SizeBytes":${records[1]!.json.match(/"SizeBytes":(\d+)/)![1]}}`,
    );
    assert.match(records[0]!.json, /^I-/);
  });

  it('keeps an item updated to a future TTL, or deleted, between the scan and the delete', async () => {
    await newTable('t', { ttl: 'exp', stream: true });
    for (const pk of ['a', 'b', 'c', 'd']) await put('t', pk, { exp: { N: PAST } });
    onScan = async () => {
      onScan = undefined;
      await updateItem(ctx, {
        TableName: full('t'),
        Key: { pk: { S: 'b' } },
        UpdateExpression: 'SET exp = :f',
        ExpressionAttributeValues: { ':f': { N: FUTURE } },
      });
      await deleteItem(ctx, { TableName: full('t'), Key: { pk: { S: 'c' } } });
    };
    assert.deepEqual(await sweeper().sweep(), { deleted: 2 });
    assert.deepEqual(await keys('t'), ['b']);
    assert.deepEqual(await get('t', 'b'), { Item: { pk: { S: 'b' }, exp: { N: FUTURE } } });

    // Records: 4 INSERT, the MODIFY of b, the user's REMOVE of c, then service REMOVEs of a and d only.
    const [stream] = await engine.listStreams();
    const found = await engine.getStream(stream!.tableName, stream!.label);
    const records = await engine.readShard({ streamId: stream!.id, shardId: found!.shards[0]!.shardId, limit: 20 });
    const summary = records.map((r) => `${r.json.slice(0, 2)} ${/"Keys":\{"pk":\{"S":"(\w)"/.exec(r.json)![1]}`);
    assert.deepEqual(summary.slice(4).sort(), ['M- b', 'R- c', 'RS a', 'RS d']);
  });

  it('stops walking a table whose TTL is disabled mid-sweep', async () => {
    await newTable('t', { ttl: 'exp' });
    for (let i = 0; i < 10; i++) await put('t', `k${i}`, { exp: { N: PAST } });
    onScan = async () => {
      onScan = undefined;
      await updateTimeToLive(ctx, { TableName: full('t'), TimeToLiveSpecification: { Enabled: false, AttributeName: 'exp' } });
    };
    // The first page was read while TTL was on, but its deletes name the table's version: TTL turned off
    // replaced the definition, so they are decided again with it, and the walk stops there.
    assert.deepEqual(await sweeper({ pageSize: 4 }).sweep(), { deleted: 0 });
    assert.equal((await keys('t')).length, 10);
  });

  it('skips a table deleted mid-sweep and goes on with the others', async () => {
    await newTable('a-gone', { ttl: 'exp' });
    await newTable('b-kept', { ttl: 'exp' });
    await put('a-gone', 'x', { exp: { N: PAST } });
    await put('b-kept', 'y', { exp: { N: PAST } });
    onScan = async () => {
      onScan = undefined;
      await deleteTable(ctx, { TableName: full('a-gone') });
    };
    assert.deepEqual(await sweeper().sweep(), { deleted: 1 });
    assert.deepEqual(await keys('b-kept'), []);
  });

  it('runs one sweep at a time', async () => {
    await newTable('t', { ttl: 'exp' });
    for (let i = 0; i < 30; i++) await put('t', `k${i}`, { exp: { N: PAST } });
    const s = sweeper({ pageSize: 5 });
    const results = await Promise.all([s.sweep(), s.sweep()]);
    assert.deepEqual(results, [{ deleted: 30 }, { deleted: 0 }]);
  });

  it('sweeps on its own once started, until stopped', async () => {
    await newTable('s', { ttl: 'exp', stream: true });
    await put('s', 'a', { exp: { N: PAST } });
    const s = sweeper({ periodMs: 5 });
    // The sweeper's timer is unref'd: the upper bound also keeps the process alive while waiting.
    const removed = new Promise<void>((resolve, reject) => {
      const bound = setTimeout(() => reject(new Error('no sweep within 10 s')), 10_000);
      const off = engine.onAppend(() => {
        off();
        clearTimeout(bound);
        resolve();
      });
    });
    s.start();
    await removed;
    await s.stop();
    assert.deepEqual(await keys('s'), []);
  });

  it('reads at most itemsPerTick items a background sweep, going on from there the next time, table after table', async () => {
    await newTable('t', { ttl: 'exp' });
    await newTable('u', { ttl: 'exp' });
    await newTable('v');
    for (let i = 0; i < 30; i++) await put('t', `k${i}`, { exp: { N: PAST } });
    for (let i = 0; i < 3; i++) await put('u', `gone${i}`, { exp: { N: PAST } });
    for (let i = 0; i < 2; i++) await put('u', `kept${i}`, { exp: { N: FUTURE } });
    await put('v', 'untouched', { exp: { N: PAST } });
    const s = sweeper({ pageSize: 5, itemsPerTick: 10 });
    const steps = [];
    for (let i = 0; i < 5; i++) steps.push((await s.sweepSome()).deleted);
    assert.deepEqual(steps, [10, 10, 10, 3, 0]);
    assert.deepEqual(await keys('t'), []);
    assert.deepEqual(await keys('u'), ['kept0', 'kept1']);
    assert.deepEqual(await keys('v'), ['untouched'], 'no TTL on v');
    await put('t', 'later', { exp: { N: PAST } });
    assert.deepEqual(await s.sweepSome(), { deleted: 1 }, 'after a full pass the next sweep starts over');
  });
});
