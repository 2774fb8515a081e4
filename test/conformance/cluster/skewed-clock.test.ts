import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import { CreateQueueCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { openPgPool, query } from '../../../src/storage/postgres/pg-pool.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { sharedPostgresCluster, testEngines } from '../../helpers/postgres-cluster.js';

// Issue 22: leases are judged on the database's time. A node whose machine clock runs minutes ahead would,
// on its own clock, see every other node's lease expired and take it; disciplined to the server's clock it
// sees them as they are. 3 minutes: far past every lease here, within SigV4's 5-minute allowance (a
// signature's date is judged on the same clock), so what fails without the discipline is the leases.
const skip = testEngines().includes('postgres') ? false : 'PostgreSQL is not among EDDY_TEST_ENGINES';

const SKEW_MS = 3 * 60_000;
/** Heartbeat and maintenance lease; renewed every third of it. */
const LEASE_MS = 3_000;

interface LeaseRow {
  owner: string;
  /** How long the lease has left on the server's clock (int8 arrives as text). */
  left_ms: string;
}

describe('two nodes on one PostgreSQL database, one machine clock 3 minutes ahead', { skip }, () => {
  const nodes: TestEddy[] = [];
  const pools: Pool[] = [];
  after(async () => {
    for (const node of nodes.splice(0)) await node.stop();
    for (const pool of pools.splice(0)) await pool.end();
  });
  const cluster = sharedPostgresCluster(); // its after() is registered second: it stops once the nodes have

  it("the skewed node takes neither the maintenance lease nor a message the other received while it is alive, and stores the server's time", async () => {
    const url = await (await cluster()).createDatabase();
    const db = await openPgPool({ url, size: 2 });
    pools.push(db);
    const sqlNow = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';
    const maintenance = async () => (await query<LeaseRow>(db, `SELECT owner, until - ${sqlNow} AS left_ms FROM cluster_leases WHERE name = 'maintenance'`))[0];
    const heartbeats = () => query<{ node_id: string; until: string; left_ms: string }>(db, `SELECT node_id, until, until - ${sqlNow} AS left_ms FROM cluster_nodes`);

    const first = await startTestEddy({ storage: url, cluster: { leaseMs: LEASE_MS } });
    nodes.push(first);
    const [firstId] = (await heartbeats()).map((row) => row.node_id);
    assert.equal((await maintenance())?.owner, firstId, 'alone, the first node leads');

    const queueUrl = (await first.sqs.send(new CreateQueueCommand({ QueueName: 'skew' }))).QueueUrl;
    await first.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'once' }));
    const received = await first.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 60 }));
    assert.deepEqual(received.Messages?.map((m) => m.Body), ['once']);

    const skewed = await startTestEddy({ storage: url, cluster: { leaseMs: LEASE_MS }, wallClock: { now: () => Date.now() + SKEW_MS } });
    nodes.push(skewed);
    const skewedId = (await heartbeats()).map((row) => row.node_id).find((id) => id !== firstId);
    assert.ok(skewedId, 'the skewed node has joined');
    // Two of the skewed node's heartbeats after the one its start made: each claimed the maintenance lease.
    const beatAt = async () => (await heartbeats()).find((row) => row.node_id === skewedId)!.until;
    const joined = await beatAt();
    let renewals = 0;
    let seen = joined;
    await eventually('two more heartbeats of the skewed node', async () => {
      const until = await beatAt();
      if (until !== seen) [renewals, seen] = [renewals + 1, until];
      return renewals;
    }, { accept: (count) => count >= 2, timeoutMs: 10 * LEASE_MS });

    const lease = await maintenance();
    assert.equal(lease?.owner, firstId, 'the first node still leads: its lease had not expired on the database\'s clock');
    assert.ok(Number(lease!.left_ms) > 0 && Number(lease!.left_ms) <= LEASE_MS + 500, `the lease ends ${lease!.left_ms} ms from now on the server's clock`);
    for (const row of await heartbeats()) {
      const left = Number(row.left_ms);
      assert.ok(left > -LEASE_MS && left <= LEASE_MS + 500, `node ${row.node_id === skewedId ? 'skewed' : 'first'}: heartbeat ends ${left} ms from now on the server's clock, not minutes off`);
    }

    const urlOnSkewed = (await skewed.sqs.send(new GetQueueUrlCommand({ QueueName: 'skew' }))).QueueUrl;
    const again = await skewed.sqs.send(new ReceiveMessageCommand({ QueueUrl: urlOnSkewed, WaitTimeSeconds: 0 }));
    assert.equal(again.Messages, undefined, 'still invisible for the rest of its 60 s visibility timeout, whichever node is asked');
  });
});
