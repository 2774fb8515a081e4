import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { eventually } from '../../test/helpers/eventually.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../test/helpers/eddy.js';

const config = fileURLToPath(new URL('./eddy.config.ts', import.meta.url));

/** One play at `time` on each of `days` consecutive UTC days from `first` (YYYY-MM-DD). */
function daily(first: string, days: number, time: string): string[] {
  const start = Date.parse(`${first}T00:00:00.000Z`);
  return Array.from({ length: days }, (_, i) => `${new Date(start + i * 86_400_000).toISOString().slice(0, 10)}T${time}`);
}
/** `count` plays a minute apart from `first` (an ISO time). */
function minutely(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.parse(first) + i * 60_000).toISOString());
}

describe('example: badges (plays → stream → achievements)', () => {
  let eddy: TestEddy;
  let lambda: LambdaClient;
  let playsStream: string;
  const started = new Date().toISOString();

  before(async () => {
    eddy = await startTestEddy({ config, triggers: { retryBaseMs: 20, retryMaxMs: 200 } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    playsStream = (await eddy.ddb.send(new DescribeTableCommand({ TableName: 'plays' }))).Table!.LatestStreamArn!;
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  /** The last sequence number of every shard of the plays stream that has records. */
  async function streamHeads(): Promise<Map<string, string>> {
    const heads = new Map<string, string>();
    const { StreamDescription } = await eddy.streams.send(new DescribeStreamCommand({ StreamArn: playsStream }));
    for (const shard of StreamDescription!.Shards!) {
      let iterator = (await eddy.streams.send(new GetShardIteratorCommand({ StreamArn: playsStream, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator !== undefined) {
        const page = await eddy.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        if (page.Records!.length === 0) break;
        heads.set(shard.ShardId!, page.Records!.at(-1)!.dynamodb!.SequenceNumber!);
        iterator = page.NextShardIterator;
      }
    }
    return heads;
  }

  /** Waits until mapping `uuid` has checkpointed every record of the plays stream; returns its status. */
  async function caughtUp(uuid: string): Promise<{ lastProcessingResult: string }> {
    const heads = await streamHeads();
    const status = await eventually(`mapping ${uuid} to reach ${JSON.stringify([...heads])}`, async () => {
      const { mappings } = (await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as {
        mappings: { uuid: string; lastProcessingResult: string; shards: { shardId: string; checkpoint?: string; inFlight: number }[] }[];
      };
      const mapping = mappings.find((m) => m.uuid === uuid);
      const done = mapping !== undefined && [...heads].every(([shardId, last]) => mapping.shards.some((s) => s.shardId === shardId && s.checkpoint === last && s.inFlight === 0));
      return done ? mapping : undefined;
    });
    return status!;
  }

  async function writePlays(playerId: string, plays: string[]): Promise<void> {
    for (let i = 0; i < plays.length; i += 25) {
      const chunk = plays.slice(i, i + 25).map((playedAt) => ({ PutRequest: { Item: { playerId, playedAt } } }));
      await eddy.doc.send(new BatchWriteCommand({ RequestItems: { plays: chunk } }));
    }
  }

  /** The achievements table as DynamoDB returns it (typed attribute values), in key order. */
  async function achievementsTable(): Promise<string> {
    const { Items = [] } = await eddy.ddb.send(new ScanCommand({ TableName: 'achievements' }));
    const key = (item: (typeof Items)[number]) => `${item.playerId!.S}/${item.badge!.S}`;
    return JSON.stringify(Items.sort((a, b) => (key(a) < key(b) ? -1 : 1)));
  }

  it('awards first-play, ten-day-streak and hundred-plays from the whole history, once each; a redelivered stream changes nothing', async () => {
    // ada: ten consecutive UTC days across the leap day; day 10's first play (00:10) completes the streak.
    // Written newest first: the badges follow the play times, not the write order.
    await writePlays('ada', [...daily('2024-02-25', 10, '23:30:00.000Z'), '2024-02-25T00:05:00.000Z', '2024-03-05T00:10:00.000Z'].reverse());
    // bob: days 1–5 and 7–15, no play on day 6: runs of 5 and 9 days, no streak.
    await writePlays('bob', [...daily('2024-01-01', 5, '09:00:00.000Z'), ...daily('2024-01-07', 9, '09:00:00.000Z')]);
    // dee: 100 plays in one afternoon (3 Query pages of 40); eve: 99.
    await writePlays('dee', minutely('2024-04-01T15:00:00.000Z', 100));
    await writePlays('eve', minutely('2024-04-01T15:00:00.000Z', 99));
    // cy: one play, through the HTTP route.
    const res = await fetch(`${eddy.httpEndpoint}/players/cy/plays`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ playedAt: '2024-06-01T12:00:00+02:00' }),
    });
    assert.equal(res.status, 201);
    const cyPlay = ((await res.json()) as { playedAt: string }).playedAt;
    assert.match(cyPlay, /^2024-06-01T10:00:00\.000Z#[0-9a-f]{8}$/);

    const firstUuid = (await mappingOf('awardBadges')).uuid;
    const first = await caughtUp(firstUuid);
    assert.equal(first.lastProcessingResult, 'OK');
    const before = await achievementsTable();
    const items = JSON.parse(before) as Record<string, { S: string }>[];
    assert.deepEqual(
      items.map((item) => [item.playerId!.S, item.badge!.S, item.title!.S, item.earnedBy!.S]),
      [
        ['ada', 'first-play', 'First play', '2024-02-25T00:05:00.000Z'],
        ['ada', 'ten-day-streak', '10 days in a row', '2024-03-05T00:10:00.000Z'],
        ['bob', 'first-play', 'First play', '2024-01-01T09:00:00.000Z'],
        ['cy', 'first-play', 'First play', cyPlay],
        ['dee', 'first-play', 'First play', '2024-04-01T15:00:00.000Z'],
        ['dee', 'hundred-plays', '100 plays', '2024-04-01T16:39:00.000Z'],
        ['eve', 'first-play', 'First play', '2024-04-01T15:00:00.000Z'],
      ],
    );
    for (const item of items) {
      assert.deepEqual(Object.keys(item).sort(), ['awardedAt', 'badge', 'earnedBy', 'playerId', 'title']);
      assert.match(item.awardedAt!.S, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.ok(item.awardedAt!.S >= started && item.awardedAt!.S <= new Date().toISOString(), item.awardedAt!.S);
    }

    // The same records again. Lambda allows one mapping per function and stream (a second one is a
    // ResourceConflictException), so replay the way one would on AWS: delete it, map again from TRIM_HORIZON.
    await lambda.send(new DeleteEventSourceMappingCommand({ UUID: firstUuid }));
    const second = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: 'awardBadges',
        EventSourceArn: playsStream,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 7,
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
      }),
    );
    assert.notEqual(second.UUID, firstUuid);
    const replay = await caughtUp(second.UUID!);
    assert.equal(replay.lastProcessingResult, 'OK');
    assert.equal(await achievementsTable(), before);
  });

  it('serves a player\'s achievements over HTTP', async () => {
    const res = await fetch(`${eddy.httpEndpoint}/players/ada/achievements`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { playerId: string; achievements: { badge: string; earnedBy: string }[] };
    assert.equal(body.playerId, 'ada');
    assert.deepEqual(body.achievements.map((a) => `${a.badge} ${a.earnedBy}`), ['first-play 2024-02-25T00:05:00.000Z', 'ten-day-streak 2024-03-05T00:10:00.000Z']);
  });

  it('refuses a play whose time is not a time', async () => {
    const res = await fetch(`${eddy.httpEndpoint}/players/cy/plays`, { method: 'POST', body: JSON.stringify({ playedAt: 'yesterday' }) });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { message: 'playedAt must be an ISO-8601 time' });
  });

  async function mappingOf(functionName: string): Promise<{ uuid: string }> {
    const { mappings } = (await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: { uuid: string; functionName: string }[] };
    const found = mappings.filter((m) => m.functionName === functionName);
    assert.equal(found.length, 1);
    return found[0]!;
  }
});
