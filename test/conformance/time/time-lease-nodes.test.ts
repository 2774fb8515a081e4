import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startEddyCli } from '../../helpers/cli.js';
import { dynamoClient, sqsClient, startTestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { JUMP_GRACE_MS } from '../../../src/triggers/lease-clock.js';
import { wireTestEngine } from '../../helpers/postgres-cluster.js';
import { durableStorages } from './durable-storage.js';

const config = fileURLToPath(new URL('../triggers/fixtures/eddy.config.ts', import.meta.url));
const HOUR = 3_600_000;

interface Mappings {
  mappings: { functionName: string; shards: { leaseOwner?: string }[] }[];
}

/**
 * Shard leases across a jump, on two nodes sharing one database (src/triggers/lease-clock.ts, docs/cli.md):
 * node A (an `eddy start` process) holds the `configured` trigger's shard; node B (in this process) jumps an
 * hour. A sees the jump within a second and renews its lease then; meanwhile, and for JUMP_GRACE_MS, B
 * judges leases on the time before the jump, so B never takes the shard while A lives. Once A is killed -9, its
 * lease runs out on Eddy's time and B takes the shard.
 */
describe('time control: shard leases on two nodes across a jump', () => {
  const durableStorage = durableStorages();

  // A SQLite data directory is one Eddy's (src/storage/sqlite/data-directory-lock.ts): B would be refused.
  const sqlite = wireTestEngine() === 'sqlite' && 'two nodes on one database need storage shared across processes (PostgreSQL); a SQLite data directory is one Eddy\'s';
  it('the other node does not take a live holder\'s lease after a jump, and takes it once the holder is killed', { skip: sqlite }, async () => {
    const storage = await durableStorage();
    // Shared storage: a node starting keeps the others' live leases, so A starts first and takes the shard, then B.
    const a = await startEddyCli(['--port', '0', ...storage.cliArgs, '--config', config]);
    const b = await (async () => {
      try {
        await eventually('A holding the shard', () => shardOwner(a.endpoint));
        return await startTestEddy({ ...storage.options, config });
      } catch (error) {
        a.child.kill('SIGKILL');
        throw error;
      }
    })();
    const aSqs = sqsClient(a.endpoint);
    const aDdb = dynamoClient(a.endpoint);
    try {
      const seenUrl = (await aSqs.send(new GetQueueUrlCommand({ QueueName: 'seen' }))).QueueUrl!;
      const delivered = async (pk: string) =>
        eventually(`${pk} delivered`, async () => {
          const sqs = b.sqs;
          const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: seenUrl, WaitTimeSeconds: 1 }));
          for (const m of Messages ?? []) await sqs.send(new DeleteMessageCommand({ QueueUrl: seenUrl, ReceiptHandle: m.ReceiptHandle }));
          return (Messages ?? []).some((m) => (JSON.parse(m.Body!) as { records: { pk: string }[] }).records.some((r) => r.pk === pk)) || undefined;
        });
      const owner = () => shardOwner(b.endpoint);
      const ownedByB = (holder: string | undefined) => holder !== undefined && holder.includes(`:${process.pid}:`);

      await aDdb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'before' } } }));
      await delivered('before');
      const holder = await eventually('A holding the shard', owner, { accept: (found) => found !== undefined && !ownedByB(found) });

      // B makes the jump: B is on the new time at once, A only once it reads the stored offset (within 1 s).
      await b.admin('/_eddy/time/advance', { by: '1h' });
      await eventually('A sees the jump', async () => ((await (await fetch(`${a.endpoint}/_eddy/time`)).json()) as { offsetMs: number }).offsetMs >= HOUR || undefined);
      // Through B's grace and past it (B looks for shards every 2 s): A keeps its lease.
      const until = performance.now() + JUMP_GRACE_MS + 2_500;
      // (Until A renews, B's view shows no owner: the lease looks expired on B's new time, though B may not take it.)
      while (performance.now() < until) {
        const now = await owner();
        assert.ok(now === undefined || now === holder, `B took the lease of a live holder after the jump (${now})`);
        await delay(250);
      }
      assert.equal(await owner(), holder, 'A renewed its lease on the new time');
      await aDdb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'after-jump' } } }));
      await delivered('after-jump');

      a.child.kill('SIGKILL');
      await a.exited;
      // A's lease (30 s on Eddy's time) runs out once time passes it; B's own jump has its grace too.
      await b.admin('/_eddy/time/advance', { by: '1m' });
      await eventually('B takes the dead holder\'s shard', owner, { accept: ownedByB, timeoutMs: 20_000, intervalMs: 200 });
    } finally {
      if (a.child.exitCode === null && a.child.signalCode === null) {
        a.child.kill('SIGKILL');
        await a.exited;
      }
      aSqs.destroy();
      aDdb.destroy();
      await b.stop();
    }
  });
});

/** The `configured` trigger's shard's lease owner, as the node at `endpoint` sees it. */
async function shardOwner(endpoint: string): Promise<string | undefined> {
  const { mappings } = (await (await fetch(`${endpoint}/_eddy/mappings`)).json()) as Mappings;
  return mappings.find((m) => m.functionName === 'configured')?.shards[0]?.leaseOwner;
}
