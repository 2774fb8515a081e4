import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openSqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import { ClusterMembership, MAINTENANCE_LEASE } from './cluster-membership.js';
import { startCluster } from './start-cluster.js';

const dir = mkdtempSync(join(tmpdir(), 'eddy-start-cluster-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('startCluster', () => {
  it('on storage no other process uses, forgets a previous run that never stopped and leads at once', async () => {
    const path = join(dir, 'restart.sqlite');
    const clock = new ManualClock(1_000_000);
    const crashed = openSqliteEngine({ path });
    const before = new ClusterMembership({ store: crashed.cluster, clock, logger: silentLogger, nodeId: 'killed' });
    await before.beat(); // its node and lease stay: it is never stopped
    await crashed.close();

    const engine = openSqliteEngine({ path });
    try {
      assert.equal((await engine.cluster.leaseHolder(MAINTENANCE_LEASE, clock.now()))?.owner, 'killed');
      const node = await startCluster(engine, clock, silentLogger);
      assert.equal(node.isLeader(), true);
      assert.deepEqual(node.liveNodes().map((n) => n.nodeId), [node.nodeId]);
      assert.equal(node.fairShare(4), 4);
      assert.deepEqual(node.liveNodes()[0]!.info, { host: (await import('node:os')).hostname(), pid: process.pid });
      await node.stop();
    } finally {
      await engine.close();
    }
  });

  it('on storage shared with other nodes, leaves the others alone', async () => {
    const path = join(dir, 'shared.sqlite');
    const clock = new ManualClock(1_000_000);
    const other = openSqliteEngine({ path });
    const engine = openSqliteEngine({ path });
    try {
      const first = new ClusterMembership({ store: other.cluster, clock, logger: silentLogger, nodeId: 'first' });
      await first.beat();
      clock.advance(1); // joins after it, so ranks after it
      const shared = { cluster: engine.cluster, capabilities: { sharedAcrossProcesses: true } };
      const node = await startCluster(shared, clock, silentLogger);
      assert.equal(node.isLeader(), false);
      assert.deepEqual(node.liveNodes().map((n) => n.nodeId), ['first', node.nodeId]);
      assert.equal(node.fairShare(4), 2);
      await node.stop();
      await first.stop();
    } finally {
      await engine.close();
      await other.close();
    }
  });
});
