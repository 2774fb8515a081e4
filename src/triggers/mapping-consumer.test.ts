import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ClusterMembership } from '../cluster/cluster-membership.js';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openSqliteEngine, type SqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import { ShardWatcher } from '../streams/shard-watcher.js';
import { MappingConsumer } from './mapping-consumer.js';
import type { MappingSettings } from './mapping-settings.js';
import { LABEL, STREAM_ARN, STREAM_SETTINGS, T0 } from '../../test/helpers/stream-mapping.js';
import type { Mapping } from './mappings-context.js';
import { DEFAULT_TIMINGS } from './trigger-timings.js';


const dir = mkdtempSync(join(tmpdir(), 'eddy-consumer-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** One node: its own engine on the shared file (as another process would have), membership and consumer. */
class Node {
  readonly engine: SqliteEngine;
  readonly membership: ClusterMembership;
  readonly consumer: MappingConsumer;

  constructor(path: string, clock: ManualClock, id: string, mapping: Mapping) {
    this.engine = openSqliteEngine({ path });
    const watcher = new ShardWatcher(this.engine);
    this.membership = new ClusterMembership({ store: this.engine.cluster, clock, logger: silentLogger, nodeId: id, leaseMs: 600_000 });
    this.consumer = new MappingConsumer(
      {
        engine: this.engine,
        watcher,
        destination: { arn: 'arn:aws:lambda:us-east-1:000000000000:function:fn', deliver: async () => assert.fail('no records were written') },
        logger: silentLogger,
        region: 'us-east-1',
        owner: `owner-${id}`,
        timings: DEFAULT_TIMINGS,
        now: () => clock.now(),
        filter: undefined,
        discard: async () => undefined,
        share: (total) => this.membership.fairShare(total),
      },
      mapping,
    );
    cleanup.push(() => this.engine.close(), () => watcher.close());
  }

  async start(): Promise<void> {
    await this.membership.start();
    this.consumer.start();
    cleanup.push(() => this.stop());
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.membership.stop();
  }
}

/** How many shards each owner holds, once `expected` (owner → count) is what the store says; fails after 15 s. */
async function settlesTo(engine: SqliteEngine, expected: Record<string, number>): Promise<void> {
  const held = async () => {
    const counts: Record<string, number> = {};
    for (const lease of await engine.triggers.listCheckpoints('m')) if (lease.owner !== undefined) counts[lease.owner] = (counts[lease.owner] ?? 0) + 1;
    return counts;
  };
  const deadline = performance.now() + 15_000;
  while (JSON.stringify(await held()) !== JSON.stringify(expected) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(await held(), expected);
}

describe('MappingConsumer on several nodes', () => {
  it('spreads the shards of a mapping over the live nodes: 4 on one, 2 and 2 when a second joins, 4 again when it stops', async () => {
    const path = join(dir, 'shared.sqlite');
    const clock = new ManualClock(T0);
    const setup = openSqliteEngine({ path });
    const meta = { tableName: 'tbl', viewType: 'NEW_IMAGE', keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] };
    await setup.createTable('tbl', {}, { label: LABEL, enabled: true, shardCount: 4, meta });
    const mapping = await setup.triggers.createMapping<MappingSettings>({ uuid: 'm', functionName: 'fn', sourceArn: STREAM_ARN, config: STREAM_SETTINGS, now: T0 });
    await setup.close();

    const a = new Node(path, clock, 'a', mapping);
    await a.start();
    await settlesTo(a.engine, { 'owner-a': 4 });

    const b = new Node(path, clock, 'b', mapping);
    await b.start();
    await a.membership.beat(); // a hears of b at its next beat; here, now
    await settlesTo(a.engine, { 'owner-a': 2, 'owner-b': 2 });

    await b.stop();
    await a.membership.beat();
    await settlesTo(a.engine, { 'owner-a': 4 });
  });

  it('alone, with no share function, takes every shard as before', async () => {
    const path = join(dir, 'alone.sqlite');
    const clock = new ManualClock(T0);
    const engine = openSqliteEngine({ path });
    cleanup.push(() => engine.close());
    await engine.createTable('tbl', {}, { label: LABEL, enabled: true, shardCount: 3, meta: { tableName: 'tbl', viewType: 'KEYS_ONLY', keySchema: [] } });
    const mapping = await engine.triggers.createMapping<MappingSettings>({ uuid: 'm', functionName: 'fn', sourceArn: STREAM_ARN, config: STREAM_SETTINGS, now: T0 });
    const watcher = new ShardWatcher(engine);
    const consumer = new MappingConsumer(
      {
        engine, watcher, logger: silentLogger, region: 'us-east-1', owner: 'solo', timings: DEFAULT_TIMINGS, now: () => clock.now(), filter: undefined,
        destination: { arn: 'arn:aws:lambda:us-east-1:000000000000:function:fn', deliver: async () => assert.fail('no records were written') },
        discard: async () => undefined,
      },
      mapping,
    );
    consumer.start();
    cleanup.push(() => watcher.close(), () => consumer.stop());
    await settlesTo(engine, { solo: 3 });
  });
});
