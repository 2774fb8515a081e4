import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../../test/helpers/store-contract.js';
import { engineOpeners } from '../../../test/helpers/engine-openers.js';
import { defaultDeployment } from '../../shared/arns.js';
import { ManualClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/logger.js';
import type { StorageEngine } from '../../storage/engine.js';
import { createTable } from '../operations/create-table.js';
import { putItem } from '../operations/put-item.js';
import { updateTable } from '../operations/update-table.js';
import { updateTimeToLive } from '../operations/update-time-to-live.js';
import { TableCatalog } from '../table-catalog.js';
import type { TableContext } from '../table-context.js';
import { TtlSweeper } from './ttl-sweeper.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1));
const node = (engine: StorageEngine): TableContext => ({ engine, catalog: new TableCatalog(engine), clock, deployment: defaultDeployment });
/** A table keyed by a string `pk`, its TTL on the attribute `exp`. */
async function ttlTable(ctx: TableContext, TableName: string): Promise<void> {
  await createTable(ctx, {
    TableName,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  await updateTimeToLive(ctx, { TableName, TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } });
}
const pkOf = (json: string) => (JSON.parse(json) as { pk: { S: string } }).pk.S;

// The background sweep's cursor is stored (engine.maintenance): a new maintenance leader, on another node or
// after a restart, goes on where the last one stopped. Two opens of one database are two nodes.
describeStoreContract<StorageEngine>(
  'TtlSweeper: the stored sweep cursor',
  engineOpeners(() => clock.now()),
  ({ open, database }) => {
    it('a sweeper on another node continues from the cursor the previous leader stored, then starts over after a full pass', async () => {
      const place = await database();
      const a = node(await open(place));
      await ttlTable(a, 'ttl-cursor');
      const expires = String(clock.now() / 1000 + 60);
      for (let i = 0; i < 30; i++) await putItem(a, { TableName: 'ttl-cursor', Item: { pk: { S: `k${i}` }, exp: { N: expires } } });
      const table = await a.catalog.require('ttl-cursor');
      const order = (await a.engine.scan({ tableId: table.id, limit: 100 })).map((item) => pkOf(item.json));

      // The first leader reads 10 items, none expired yet: it only moves the cursor.
      const first = new TtlSweeper(a, silentLogger, { pageSize: 5, itemsPerTick: 10 });
      assert.deepEqual(await first.sweepSome(), { deleted: 0 });
      await first.stop();

      clock.advance(61_000); // every item has expired now
      const b = node(await open(place));
      const next = new TtlSweeper(b, silentLogger, { pageSize: 5, itemsPerTick: 10 });
      assert.deepEqual(await next.sweepSome(), { deleted: 10 });
      const left = (await b.engine.scan({ tableId: table.id, limit: 100 })).map((item) => pkOf(item.json));
      assert.deepEqual(left, [...order.slice(0, 10), ...order.slice(20)], 'the 10 items after the first leader\'s cursor were swept');

      assert.deepEqual(await next.sweepSome(), { deleted: 10 });
      assert.deepEqual(await next.sweepSome(), { deleted: 0 }, 'the pass ends with the table');
      const again = new TtlSweeper(a, silentLogger, { pageSize: 5, itemsPerTick: 10 });
      assert.deepEqual(await again.sweepSome(), { deleted: 10 }, 'after a full pass the next sweep, on any node, starts over');
      assert.deepEqual(await a.engine.scan({ tableId: table.id, limit: 100 }), []);
      await next.stop();
      await again.stop();
    });

    it('a stored cursor it cannot read, or one naming a table that is gone, starts the sweep over', async () => {
      const a = node(await open());
      await ttlTable(a, 'ttl-restart');
      const expired = String(clock.now() / 1000 - 60);
      for (let i = 0; i < 3; i++) await putItem(a, { TableName: 'ttl-restart', Item: { pk: { S: `k${i}` }, exp: { N: expired } } });
      const sweeper = new TtlSweeper(a, silentLogger, { pageSize: 5, itemsPerTick: 10 });
      for (const stored of ['not json', '{"tableId":"1"}', '{"tableId":1,"after":{"hash":"x"}}', '{"tableId":999999,"after":{"hash":1,"partition":"AA==","sort":""}}']) {
        await a.engine.maintenance.put('ttl-sweep-cursor', stored);
        await putItem(a, { TableName: 'ttl-restart', Item: { pk: { S: 'again' }, exp: { N: expired } } });
        assert.ok((await sweeper.sweepSome()).deleted >= 1, stored);
        assert.equal(await a.engine.maintenance.get('ttl-sweep-cursor'), undefined, 'a full pass leaves no cursor');
      }
      await sweeper.stop();
    });

    it('a sweeper whose node cached the table before another node added its stream writes the REMOVE records all the same', async () => {
      const a = node(await open());
      await ttlTable(a, 'ttl-stale');
      const expired = String(clock.now() / 1000 - 60);
      for (const pk of ['a', 'b']) await putItem(a, { TableName: 'ttl-stale', Item: { pk: { S: pk }, exp: { N: expired } } });
      await a.catalog.require('ttl-stale'); // node a's cache: no stream

      // Node b: its own catalog (what a node caches) on the same storage; on PostgreSQL another process is the same.
      const b = node(a.engine);
      await updateTable(b, { TableName: 'ttl-stale', StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } });

      const sweeper = new TtlSweeper(a, silentLogger);
      assert.deepEqual(await sweeper.sweep(), { deleted: 2 });
      await sweeper.stop();
      const [stream] = await b.engine.listStreams();
      const found = await b.engine.getStream(stream!.tableName, stream!.label);
      const records = await b.engine.readShard({ streamId: stream!.id, shardId: found!.shards[0]!.shardId, limit: 10 });
      assert.deepEqual(records.map((record) => record.json.slice(0, 2)), ['RS', 'RS'], 'both deletes were decided with the stream node b added');
    });
  },
);
