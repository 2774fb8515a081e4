import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ManualClock, type Clock, type TimeChange } from '../shared/clock.js';
import { silentLogger } from '../shared/logger.js';
import { openSqliteEngine, type SqliteEngine } from '../storage/sqlite/sqlite-engine.js';
import { ClusterMembership, MAINTENANCE_LEASE } from './cluster-membership.js';

const LEASE = 15_000;
const dir = mkdtempSync(join(tmpdir(), 'eddy-cluster-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
/** What a test opened, stopped and closed after it even when it fails (an open engine keeps the process up). */
const opened: { members: ClusterMembership[]; engines: SqliteEngine[] } = { members: [], engines: [] };
afterEach(async () => {
  for (const member of opened.members.splice(0)) await member.stop();
  for (const engine of opened.engines.splice(0)) await engine.close();
});

/** `count` engines on one new SQLite file: as many processes, each a node. */
function nodesOnOneFile(count: number): SqliteEngine[] {
  const path = join(dir, `cluster-${++files}.sqlite`);
  const engines = Array.from({ length: count }, () => openSqliteEngine({ path }));
  opened.engines.push(...engines);
  return engines;
}

function member(options: ConstructorParameters<typeof ClusterMembership>[0]): ClusterMembership {
  const made = new ClusterMembership(options);
  opened.members.push(made);
  return made;
}

describe('ClusterMembership', () => {
  it('alone on its database: leader, its share is everything; stopping leaves and frees the lease', async () => {
    const [engine] = nodesOnOneFile(1);
    const clock = new ManualClock(1_000_000);
    const node = member({ store: engine!.cluster, clock, logger: silentLogger, leaseMs: LEASE, info: { pid: 1 } });
    assert.equal(node.isLeader(), false, 'not before its first beat');
    await node.start();
    assert.match(node.nodeId, /^[0-9a-f-]{36}$/);
    assert.equal(node.isLeader(), true);
    assert.deepEqual(node.liveNodes(), [{ nodeId: node.nodeId, joinedAt: 1_000_000, until: 1_000_000 + LEASE, info: { pid: 1 } }]);
    assert.deepEqual([0, 1, 4, 7].map((total) => node.fairShare(total)), [0, 1, 4, 7]);
    await node.stop();
    assert.equal(node.isLeader(), false);
    assert.equal(await engine!.cluster.leaseHolder(MAINTENANCE_LEASE, clock.now()), undefined);
    assert.deepEqual(await engine!.cluster.liveNodes(clock.now()), []);
  });

  it('two nodes: one leads, shares split by rank; when the first stops the second leads and takes all', async () => {
    const engines = nodesOnOneFile(2);
    const clock = new ManualClock(1_000_000);
    const [a, b] = engines.map((engine, i) => member({ store: engine.cluster, clock, logger: silentLogger, leaseMs: LEASE, nodeId: `node-${i}` }));
    await a!.start();
    clock.advance(10);
    await b!.start();
    await a!.beat(); // a hears of b
    assert.deepEqual([a!.isLeader(), b!.isLeader()], [true, false]);
    assert.deepEqual(a!.liveNodes().map((node) => node.nodeId), ['node-0', 'node-1']);
    assert.deepEqual(b!.liveNodes().map((node) => node.nodeId), ['node-0', 'node-1']);
    for (const total of [0, 1, 2, 3, 4, 5, 9]) {
      const shares = [a!.fairShare(total), b!.fairShare(total)];
      assert.equal(shares[0]! + shares[1]!, total, `${total}: ${shares.join('/')}`);
      assert.ok(shares[0]! - shares[1]! >= 0 && shares[0]! - shares[1]! <= 1, `${total}: ${shares.join('/')}`);
    }
    assert.deepEqual([a!.fairShare(4), b!.fairShare(4)], [2, 2]);
    assert.deepEqual([a!.fairShare(3), b!.fairShare(3)], [2, 1]);
    await a!.stop();
    assert.equal(b!.fairShare(4), 2, 'until its next beat');
    await b!.beat();
    assert.equal(b!.isLeader(), true, 'the lease was released: no wait for its expiry');
    assert.equal(b!.fairShare(4), 4);
  });

  it('a leader that cannot renew stops leading when its lease expires on its clock; a live node takes over', async () => {
    const engines = nodesOnOneFile(2);
    const clock = new ManualClock(1_000_000);
    const [a, b] = engines.map((engine, i) => member({ store: engine.cluster, clock, logger: silentLogger, leaseMs: LEASE, nodeId: `node-${i}` }));
    await a!.beat();
    await b!.beat();
    clock.advance(LEASE - 1);
    assert.equal(a!.isLeader(), true);
    await b!.beat();
    assert.equal(b!.isLeader(), false, 'the lease is held until it expires');
    clock.advance(1);
    assert.equal(a!.isLeader(), false, 'expired on its own clock, before anyone took over');
    await b!.beat();
    assert.equal(b!.isLeader(), true);
    assert.deepEqual(b!.liveNodes().map((node) => node.nodeId), ['node-1'], 'a stopped beating: no longer alive');
    assert.equal(b!.fairShare(4), 4);
    await a!.beat();
    assert.equal(a!.isLeader(), false, 'taken over: renewing fails');
    assert.deepEqual(a!.liveNodes().map((node) => node.nodeId), ['node-1', 'node-0'], 'back, joined again after b');
    await b!.beat();
    assert.deepEqual([b!.fairShare(3), a!.fairShare(3)], [2, 1], 'b ranks first now');
  });

  it('beats again at once when Eddy\'s clock jumps, keeping the lease instead of seeing it expired', async () => {
    const [engine] = nodesOnOneFile(1);
    const clock = new JumpingClock(1_000_000);
    // A lease of 10 minutes: its timer (every 200 s) cannot be what renews it here.
    const lease = 600_000;
    const node = member({ store: engine!.cluster, clock, logger: silentLogger, leaseMs: lease });
    await node.start();
    clock.jump(24 * 3_600_000);
    assert.equal(node.isLeader(), false, 'the lease it holds ended before the new time');
    const renewed = async () => (await engine!.cluster.leaseHolder(MAINTENANCE_LEASE, clock.now()))?.owner === node.nodeId;
    const deadline = performance.now() + 5_000;
    // The beat stores the lease, then reads the live nodes back: wait for both.
    const beaten = async () => (await renewed()) && node.liveNodes()[0]?.until === clock.now() + lease;
    while (!(await beaten()) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    assert.ok(await renewed(), 'renewed within 5 s of the jump');
    assert.equal(node.isLeader(), true);
    assert.deepEqual(node.liveNodes().map((n) => n.until), [clock.now() + lease]);
  });

  it('a failing store is logged and the node stops leading once its lease runs out', async () => {
    const [engine] = nodesOnOneFile(1);
    const clock = new ManualClock(1_000_000);
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (message: string) => void errors.push(message) };
    const node = member({ store: engine!.cluster, clock, logger, leaseMs: 30, nodeId: 'n' });
    await node.start();
    assert.equal(node.isLeader(), true);
    await engine!.close();
    await assert.rejects(node.beat());
    // Its timer beats every 10 ms of real time: each fails and is logged.
    while (errors.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.match(errors[0]!, /heartbeat of node n failed/);
    clock.advance(29);
    assert.equal(node.isLeader(), true);
    clock.advance(1);
    assert.equal(node.isLeader(), false);
    await node.stop(); // cannot leave: warned, not thrown
  });
});

/** A clock that jumps when told, announcing it as Eddy's controllable clock does. */
class JumpingClock implements Clock {
  #now: number;
  readonly #listeners = new Set<(change: TimeChange) => void>();
  constructor(start: number) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  onChange(listener: (change: TimeChange) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
  jump(by: number): void {
    const from = this.#now;
    this.#now += by;
    for (const listener of this.#listeners) listener({ from, to: this.#now });
  }
}
