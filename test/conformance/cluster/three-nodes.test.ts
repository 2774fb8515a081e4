import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, PutItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { runNodeScript, type CliProcess } from '../../helpers/cli.js';
import { dynamoClient, streamsClient } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { sharedPostgresCluster, testEngines } from '../../helpers/postgres-cluster.js';

// Issue 22, "proven under failure": three nodes on one database, clients writing through all three, two
// mappings and a bus rule; one node killed -9 mid-load; then what each guarantee says, checked one by one.
// Opt-in (EDDY_TEST_THREE_NODES=1, which `npm run test:postgres` sets): it starts four Eddy processes and waits out a
// cluster heartbeat (6 s here); 80–90 s on a quiet 2-core machine, and on a loaded one a start alone has taken 80–150 s.
const skip = !testEngines().includes('postgres')
  ? 'PostgreSQL is not among EDDY_TEST_ENGINES'
  : process.env.EDDY_TEST_THREE_NODES !== '1'
    ? 'opt-in: set EDDY_TEST_THREE_NODES=1 (four Eddy processes; over 120 s on a loaded machine)'
    : false;
const nodeScript = fileURLToPath(new URL('./fixtures/node.ts', import.meta.url));
const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));

const KEYS = 20;
const VERSIONS = 15; // per key, before the restart; one more after it
/** The cluster heartbeat (fixtures/node.ts: cluster.leaseMs) + the trigger lease + a rescan + slack. */
const TAKEOVER_MS = 6_000 + 3_000 + 2_000 + 5_000;

interface Node {
  cli: CliProcess;
  endpoint: string;
  pid: number;
  ddb: DynamoDBClient;
  alive: boolean;
}

interface StreamEntry {
  key: string;
  version: number;
  sequence: string;
  eventId: string;
}

describe('three nodes on one PostgreSQL database', { skip }, () => {
  const cluster = sharedPostgresCluster();
  const nodes: Node[] = [];
  const dirs: string[] = [];
  after(async () => {
    for (const node of nodes) {
      node.ddb.destroy();
      if (!node.alive) continue;
      node.cli.child.kill('SIGTERM');
      await node.cli.exited;
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const startNode = async (url: string): Promise<Node> => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-cluster-node-'));
    dirs.push(data);
    const cli = runNodeScript(nodeScript, [url, data, config]);
    const [, endpoint, pid] = await cli.waitFor(/ready on (http:\/\/\S+) pid (\d+)/, 120_000);
    const node = { cli, endpoint: endpoint!, pid: Number(pid), ddb: dynamoClient(endpoint!), alive: true };
    nodes.push(node);
    return node;
  };

  it('keeps every acknowledged write, streams each change once, delivers each record in per-key order across kill -9, and shares the shards again', async () => {
    const url = await (await cluster()).createDatabase();
    const first = await startNode(url);
    await Promise.all([startNode(url), startNode(url)]);
    const live = () => nodes.filter((n) => n.alive);

    // Every node holds a share of both mappings' four shards before the load starts.
    await eventually('every node holding a shard of each mapping', () => leaseOwners(first.endpoint), {
      accept: (owners) => owners.length === 2 && owners.every((m) => m.every((o) => o !== undefined)) && nodes.every((n) => owners.every((m) => m.some((o) => ownedBy(o, n)))),
      timeoutMs: 20_000,
    });

    // Per key, versions 1, 2, … written in turn, each through the next node in the round; a write the dead node
    // did not answer is not acknowledged, and the key moves on to the next version through another node.
    const acknowledged = new Map<string, Set<number>>();
    const attempted = new Map<string, Set<number>>();
    let acks = 0;
    let killAt: number | undefined;
    const victim = nodes[1]!;
    const writeKey = async (k: number, from: number, to: number, through?: Node) => {
      const key = `k${String(k).padStart(2, '0')}`;
      for (let v = from; v <= to; v++) {
        const alive = live();
        const node = through ?? alive[(k + v) % alive.length]!;
        (attempted.get(key) ?? attempted.set(key, new Set()).get(key)!).add(v);
        try {
          await node.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: key }, v: { N: String(v) } } }));
        } catch (error) {
          if (node.alive) throw error;
          continue;
        }
        (acknowledged.get(key) ?? acknowledged.set(key, new Set()).get(key)!).add(v);
        if (++acks === 100) {
          killAt = Date.now();
          victim.alive = false;
          victim.cli.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: KEYS }, (_, k) => writeKey(k, 1, VERSIONS)));
    assert.ok(killAt !== undefined, 'the victim was killed mid-load');
    await victim.cli.exited;

    // The dead node's shards are taken over by the survivors, within the leases' time.
    const survivor = nodes[0]!;
    await eventually('the survivors holding every shard of both mappings', () => leaseOwners(survivor.endpoint), {
      accept: (owners) => owners.every((m) => m.every((o) => o !== undefined && live().some((n) => ownedBy(o, n)))),
      timeoutMs: Math.max(1, killAt + TAKEOVER_MS - Date.now()),
      intervalMs: 200,
    });

    // The killed node comes back (a new process, a new node) and gets a share back.
    const restarted = await startNode(url);
    await eventually('the restarted node holding a shard of each mapping', () => leaseOwners(survivor.endpoint), {
      accept: (owners) => owners.every((m) => m.some((o) => ownedBy(o, restarted))),
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    // One more version of every key, through the restarted node, after the shards moved again.
    await Promise.all(Array.from({ length: KEYS }, (_, k) => writeKey(k, VERSIONS + 1, VERSIONS + 1, restarted)));

    // Every acknowledged write is there: the item holds the key's last acknowledged version or a later attempted one.
    const scanned = await scanAll(survivor.ddb, 'Orders');
    for (const [key, acked] of acknowledged) {
      const item = scanned.get(key);
      assert.ok(item, `item ${key} present`);
      assert.equal(Number(item.v!.N), Math.max(...acked), `${key} holds its last acknowledged version`);
    }

    // The stream has each change once: per key, each acknowledged version, no version twice, in version order;
    // per shard, sequence numbers strictly increasing, and every eventID once.
    const stream = await readStream(survivor.endpoint);
    const eventIds = new Set(stream.flatMap((shard) => shard.map((r) => r.eventId)));
    assert.equal(eventIds.size, stream.flat().length, 'every eventID once');
    for (const shard of stream) {
      for (let i = 1; i < shard.length; i++) assert.ok(BigInt(shard[i]!.sequence) > BigInt(shard[i - 1]!.sequence), 'sequence numbers increase along a shard');
    }
    const byKey = new Map<string, StreamEntry[]>();
    for (const r of stream.flat()) (byKey.get(r.key) ?? byKey.set(r.key, []).get(r.key)!).push(r);
    for (const [key, acked] of acknowledged) {
      const versions = (byKey.get(key) ?? []).map((r) => r.version);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `${key}'s changes in version order`);
      assert.equal(new Set(versions).size, versions.length, `${key}: no change twice`);
      for (const v of acked) assert.ok(versions.includes(v), `${key}: acknowledged version ${v} in the stream`);
      for (const v of versions) assert.ok(attempted.get(key)!.has(v), `${key}: version ${v} was written`);
    }

    // Every record delivered at least once to both mappings' functions, per key in stream order (a redelivery
    // repeats what follows a checkpoint; the first delivery of each record comes after its predecessor's),
    // and at least once through the bus rule.
    const expected = new Map([...byKey].map(([key, records]) => [key, records.map((r) => `${r.version}@${r.sequence}`)]));
    const total = stream.flat().length;
    // Slow is not stuck: on a loaded 2-core machine each UpdateItem of the handlers takes hundreds of ms, so the
    // wait ends in failure only when no new record has arrived anywhere for STALL_MS, not after a fixed time.
    const logs = await untilDelivered(async () => {
      const log = await scanAll(survivor.ddb, 'Log');
      const got = (prefix: string, key: string) => new Set(log.get(`${prefix}#${key}`)?.seen?.L?.map((e) => e.S!) ?? []);
      const prefixes = ['recorder', 'publisher', 'bus'];
      const keysDelivered = prefixes.map((p) => [...expected].filter(([key, entries]) => entries.every((e) => got(p, key).has(e))).length);
      const records = prefixes.reduce((sum, p) => sum + [...expected].reduce((n, [key, entries]) => n + entries.filter((e) => got(p, key).has(e)).length, 0), 0);
      // EDDY_CLUSTER_NODE_LOG=1: progress and each node's mappings (checkpoints, leases, last errors) while waiting.
      if (process.env.EDDY_CLUSTER_NODE_LOG === '1') {
        const mappings = await Promise.all(live().map(async (n) => (await fetch(`${n.endpoint}/_eddy/mappings`)).json()));
        console.error(new Date().toISOString(), JSON.stringify(keysDelivered), records, JSON.stringify(mappings));
      }
      return { log: () => log, done: keysDelivered.every((c) => c === expected.size), records, keysDelivered };
    });
    for (const prefix of ['recorder', 'publisher', 'bus']) {
      for (const [key, entries] of expected) {
        const delivered = logs.log().get(`${prefix}#${key}`)!.seen!.L!.map((e) => e.S!);
        for (const e of delivered) assert.ok(entries.includes(e), `${prefix}: ${key} got only its stream's records (${e})`);
        if (prefix === 'bus') continue; // the bus promises no order
        const firsts = [...new Set(delivered)];
        assert.deepEqual(firsts, entries, `${prefix}: ${key}'s records first delivered in stream order`);
      }
    }
    assert.ok(total >= KEYS * (VERSIONS + 1) - 30, `most writes made it (${total} changes)`);
  });
});

/** How long delivery may make no progress at all before the test calls it stuck. */
const STALL_MS = 60_000;

/** Probes every 500 ms until `done`; fails when `records` (delivered so far) has not grown for STALL_MS. */
async function untilDelivered<T extends { done: boolean; records: number; keysDelivered: number[] }>(probe: () => Promise<T>): Promise<T> {
  let best = -1;
  let progressAt = Date.now();
  for (;;) {
    const seen = await probe();
    if (seen.done) return seen;
    if (seen.records > best) [best, progressAt] = [seen.records, Date.now()];
    if (Date.now() - progressAt > STALL_MS) {
      throw new Error(`delivery stuck: no new record for ${STALL_MS / 1000} s; ${seen.records} delivered, whole keys per recorder/publisher/bus: ${seen.keysDelivered.join('/')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

type Item = Record<string, { S?: string; N?: string; L?: { S?: string }[] }>;

async function scanAll(ddb: DynamoDBClient, table: string): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  let start: Record<string, never> | undefined;
  do {
    const page = await ddb.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }));
    for (const item of (page.Items ?? []) as Item[]) items.set(item.pk!.S!, item);
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return items;
}

/** Per shard of the Orders stream, its records from the start, read through the Streams API until a page comes back empty. */
async function readStream(endpoint: string): Promise<StreamEntry[][]> {
  const ddb = dynamoClient(endpoint);
  const streams = streamsClient(endpoint);
  try {
    const StreamArn = (await ddb.send(new DescribeTableCommand({ TableName: 'Orders' }))).Table!.LatestStreamArn!;
    const shards = (await streams.send(new DescribeStreamCommand({ StreamArn }))).StreamDescription!.Shards!;
    const result: StreamEntry[][] = [];
    for (const shard of shards) {
      const records: StreamEntry[] = [];
      let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        for (const r of page.Records ?? []) {
          records.push({ key: r.dynamodb!.Keys!.pk!.S!, version: Number(r.dynamodb!.NewImage!.v!.N), sequence: r.dynamodb!.SequenceNumber!, eventId: r.eventID! });
        }
        iterator = (page.Records ?? []).length === 0 ? undefined : page.NextShardIterator;
      }
      result.push(records);
    }
    return result;
  } finally {
    ddb.destroy();
    streams.destroy();
  }
}

/** Per stream mapping, the lease owner of each of its shards (undefined: none). */
async function leaseOwners(endpoint: string): Promise<(string | undefined)[][]> {
  const response = await fetch(`${endpoint}/_eddy/mappings`);
  const { mappings } = (await response.json()) as { mappings: { kind: string; shards: { leaseOwner?: string; finished: boolean }[] }[] };
  return mappings.filter((m) => m.kind === 'stream').map((m) => m.shards.filter((s) => !s.finished).map((s) => s.leaseOwner));
}

/** Lease owners are `host:pid:uuid` (trigger-supervisor.ts). */
function ownedBy(owner: string | undefined, node: Node): boolean {
  return owner?.split(':')[1] === String(node.pid);
}
