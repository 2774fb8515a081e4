import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeStoreContract } from '../../test/helpers/store-contract.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPostgresEngine } from './postgres/postgres-engine.js';
import type { StorageEngine } from './engine.js';
import type { ShardPositions } from './pipe-store.js';

const T0 = 1_700_000_000_000;
const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/a/stream/2026-01-01T00:00:00.000';
const SHARD = 'shardId-00000001700000000000-0000000a';
const OTHER = 'shardId-00000001700000000001-0000000b';

/** The two homes of shard rows: a mapping's (the trigger store) and a pipe's (the pipe store's positions). */
const consumers: { name: string; make(engine: StorageEngine, id: string): Promise<ShardPositions> }[] = [
  {
    name: 'a mapping',
    async make(engine, id) {
      await engine.triggers.createMapping({ uuid: id, functionName: 'fn', sourceArn: ARN, config: {}, now: T0 });
      return engine.triggers;
    },
  },
  {
    name: 'a pipe',
    async make(engine, id) {
      await engine.pipes.write(`pipe-${id}`, T0, () => ({ consumerId: id }));
      return engine.pipes.positions;
    },
  },
];

/**
 * Listens on `positions`: `listening` resolves once the store says it may have missed requests (its
 * notifications' LISTEN has taken effect, on storage shared between processes); `heard` with the
 * consumers named since.
 */
function listen(positions: ShardPositions) {
  const heard: string[] = [];
  let ready: () => void = () => undefined;
  let told: () => void = () => undefined;
  const listening = new Promise<void>((resolve) => (ready = resolve));
  const stop = positions.onAction((consumer) => {
    if (consumer === undefined) ready();
    else {
      heard.push(consumer);
      told();
    }
  });
  const hear = async (consumer: string) => {
    while (!heard.includes(consumer)) await new Promise<void>((resolve) => (told = resolve));
  };
  return { listening, hear, stop };
}

// ShardControls (trigger-store.ts) on every engine, for mapping_shards and pipe_shards alike.
describeStoreContract<StorageEngine>(
  'ShardControls contract',
  {
    sqlite(path) {
      const engine = openSqliteEngine({ path });
      return { store: engine, close: () => engine.close() };
    },
    async postgres(url) {
      const engine = await openPostgresEngine({ url });
      return { store: engine, close: () => engine.close() };
    },
  },
  ({ open, database }) => {
    for (const consumer of consumers) {
      it(`${consumer.name}: only the lease holder stores the blocking batch; it shows with the checkpoint until cleared`, async () => {
        const engine = await open();
        const positions = await consumer.make(engine, 'c-1');
        assert.equal(await positions.markBlocked('c-1', SHARD, 'me', '{"attempts":1}'), false, 'no row, no lease');
        assert.equal(await positions.claimLease('c-1', SHARD, 'me', T0 + 30_000, T0), true);
        assert.equal(await positions.markBlocked('c-1', SHARD, 'other', '{"attempts":1}'), false);
        assert.equal((await positions.getCheckpoint('c-1', SHARD))?.blocked, undefined);
        assert.equal(await positions.markBlocked('c-1', SHARD, 'me', '{"attempts":2,"keys":["ü\\u0000"]}'), true);
        assert.equal((await positions.getCheckpoint('c-1', SHARD))?.blocked, '{"attempts":2,"keys":["ü\\u0000"]}');
        assert.equal((await positions.listCheckpoints('c-1'))[0]?.blocked, '{"attempts":2,"keys":["ü\\u0000"]}');
        assert.equal(await positions.markBlocked('c-1', SHARD, 'me', null), true);
        assert.equal((await positions.getCheckpoint('c-1', SHARD))?.blocked, undefined);
      });

      it(`${consumer.name}: an action is stored for a shard without a row, replaced by a later one, and taken once by the lease holder only`, async () => {
        const engine = await open();
        const positions = await consumer.make(engine, 'c-2');
        assert.equal(await positions.requestAction('missing', SHARD, '{"kind":"retry"}'), false, 'no such consumer');
        assert.deepEqual(await positions.listCheckpoints('missing'), []);
        assert.equal(await positions.requestAction('c-2', SHARD, '{"kind":"retry"}'), true);
        const row = await positions.getCheckpoint('c-2', SHARD);
        assert.deepEqual(row, { shardId: SHARD, finished: false, action: '{"kind":"retry"}' }, 'a row without lease or position');
        assert.equal(await positions.requestAction('c-2', SHARD, '{"kind":"skip"}'), true);
        assert.equal(await positions.takeAction('c-2', SHARD, 'me'), undefined, 'not the lease holder');
        assert.equal(await positions.claimLease('c-2', SHARD, 'me', T0 + 30_000, T0), true);
        assert.equal((await positions.getCheckpoint('c-2', SHARD))?.action, '{"kind":"skip"}', 'a claim keeps the action');
        assert.equal(await positions.takeAction('c-2', SHARD, 'other'), undefined);
        assert.equal(await positions.takeAction('c-2', SHARD, 'me'), '{"kind":"skip"}');
        assert.equal(await positions.takeAction('c-2', SHARD, 'me'), undefined, 'taken once');
        assert.equal((await positions.getCheckpoint('c-2', SHARD))?.action, undefined);
        assert.equal((await positions.getCheckpoint('c-2', OTHER)), undefined, 'other shards untouched');
      });

      it(`${consumer.name}: of concurrent takes on one database, exactly one gets the action`, async () => {
        const db = await database();
        const [a, b] = [await open(db), await open(db)];
        const positions = [await consumer.make(a!, 'c-3'), consumer.name === 'a mapping' ? b!.triggers : b!.pipes.positions];
        await positions[0]!.claimLease('c-3', SHARD, 'me', T0 + 30_000, T0);
        for (let round = 0; round < 5; round++) {
          await positions[round % 2]!.requestAction('c-3', SHARD, `{"round":${round}}`);
          const taken = await Promise.all([0, 1, 0, 1].map((i) => positions[i]!.takeAction('c-3', SHARD, 'me')));
          assert.deepEqual(taken.filter((t) => t !== undefined), [`{"round":${round}}`]);
        }
      });

      it(`${consumer.name}: a request tells the onAction listeners of this store and of another on the same database`, async () => {
        const db = await database();
        const [a, b] = [await open(db), await open(db)];
        const here = await consumer.make(a!, 'c-4');
        const there = consumer.name === 'a mapping' ? b!.triggers : b!.pipes.positions;
        const [nearby, far] = [listen(here), listen(there)];
        const shared = b!.capabilities.sharedAcrossProcesses;
        if (shared) await far.listening; // another process hears through the engine's notifications (PostgreSQL's LISTEN)
        assert.equal(await here.requestAction('c-4', SHARD, '{"kind":"retry"}'), true);
        await nearby.hear('c-4');
        if (shared) await far.hear('c-4');
        nearby.stop();
        far.stop();
      });
    }
  },
);
