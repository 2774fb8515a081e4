import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, LimitExceededException } from '@aws-sdk/client-dynamodb-streams';
import { dynamoClient, streamsClient } from '../helpers/eddy.js';
import { runEddyCli, startEddyCli } from '../helpers/cli.js';

describe('eddy start: stream flags', () => {
  it('refuses out-of-range values, naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--stream-shards', '0'], /--stream-shards must be an integer from 1 to 1000, got '0'/],
      [['--shard-rotation=-5'], /--shard-rotation must be a number of seconds \(0: off\), got '-5'/],
      [['--stream-retention', '0'], /--stream-retention must be a number of hours above 0, got '0'/],
      [['--stream-read-limit', '2.5'], /--stream-read-limit must be a whole number of calls a second \(0: no limit\), got '2.5'/],
    ];
    for (const [flags, message] of cases) {
      const cli = runEddyCli(['start', '--memory', '--port', '0', ...flags]);
      assert.equal((await cli.exited).code, 2, flags.join(' '));
      assert.match(cli.stderr(), message);
    }
  });

  it('--stream-shards and --stream-read-limit reach the Streams API', async () => {
    const eddy = await startEddyCli(['--port', '0', '--memory', '--stream-shards', '3', '--stream-read-limit', '1']);
    const ddb = dynamoClient(eddy.endpoint);
    const streams = streamsClient(eddy.endpoint);
    try {
      const created = await ddb.send(
        new CreateTableCommand({
          TableName: 'flags',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        }),
      );
      const StreamArn = created.TableDescription!.LatestStreamArn!;
      const shards = (await streams.send(new DescribeStreamCommand({ StreamArn }))).StreamDescription!.Shards!;
      assert.equal(shards.length, 3);
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn, ShardId: shards[0]!.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      // Five calls at once against a limit of one a second: the first is admitted, the rest refused
      // (unless the machine stalls for a whole second between them, which only admits more).
      const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map(() => streams.send(new GetRecordsCommand({ ShardIterator }))));
      const refused = outcomes.filter((o) => o.status === 'rejected');
      assert.ok(outcomes.some((o) => o.status === 'fulfilled'));
      assert.ok(refused.length >= 1, 'at least one call is throttled');
      for (const o of refused) assert.ok((o as PromiseRejectedResult).reason instanceof LimitExceededException);
    } finally {
      ddb.destroy();
      streams.destroy();
      eddy.child.kill('SIGTERM');
      await eddy.exited;
    }
  });
});
