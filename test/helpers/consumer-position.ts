import { signedHeaders } from './eddy.js';
import { eventually } from './eventually.js';

interface ListedConsumer {
  readonly uuid: string;
  readonly shards?: readonly { readonly shardId: string; readonly checkpoint?: string; readonly leaseOwner?: string }[];
}

/**
 * Resolves once the stream consumer `uuid` (an event source mapping's UUID, or a pipe's ARN) has stored a
 * position on every shard of its stream, as `GET /_eddy/mappings` shows it (`checkpoint`).
 *
 * A consumer at StartingPosition LATEST takes the shard's newest record when it first reads the shard, in the
 * background after CreateEventSourceMapping or CreatePipe answers (as on AWS), and stores that position before
 * it reads on. A record written before then may fall before the position and is never delivered; one written
 * after this resolves always is. Tests that start at LATEST and then write wait for this instead of sleeping.
 * (At TRIM_HORIZON nothing is stored until a record is handled: this would wait for one.)
 */
export async function untilPositioned(endpoint: string, uuid: string, options: { timeoutMs?: number } = {}): Promise<void> {
  await untilShards(endpoint, uuid, `a position on every shard of ${uuid}`, (shards) => shards.length > 0 && shards.every((s) => s.checkpoint !== undefined), options);
}

/**
 * Resolves once no shard of the stream consumer `uuid` has a lease holder (`leaseOwner` in `GET /_eddy/mappings`):
 * each of its workers has stopped, stored its position and let its shard go, so it delivers nothing more. After
 * UpdateEventSourceMapping disables a mapping (or StopPipe), its consumer stops in the background; a record written
 * before then may still be delivered. (A consumer that has not leased a shard yet passes too.)
 */
export async function untilReleased(endpoint: string, uuid: string, options: { timeoutMs?: number } = {}): Promise<void> {
  await untilShards(endpoint, uuid, `no lease on the shards of ${uuid}`, (shards) => shards.every((s) => s.leaseOwner === undefined), options);
}

async function untilShards(endpoint: string, uuid: string, what: string, done: (shards: NonNullable<ListedConsumer['shards']>) => boolean, options: { timeoutMs?: number }): Promise<void> {
  const url = `${endpoint}/_eddy/mappings`;
  await eventually(
    what,
    async () => {
      const res = await fetch(url, { headers: signedHeaders('GET', url, {}, '', 'eddy') });
      if (!res.ok) throw new Error(`GET /_eddy/mappings: ${res.status} ${await res.text()}`);
      const { mappings } = (await res.json()) as { mappings: ListedConsumer[] };
      return mappings.find((m) => m.uuid === uuid)?.shards;
    },
    { accept: (shards) => shards !== undefined && done(shards), timeoutMs: options.timeoutMs ?? 20_000 },
  );
}
