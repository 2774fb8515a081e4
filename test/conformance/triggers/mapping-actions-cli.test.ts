import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ManualClock } from '../../../src/shared/clock.js';
import type { MappingStatus } from '../../../src/triggers/mapping-status.js';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { runEddyCli } from '../../helpers/cli.js';
import { eventually } from '../../helpers/eventually.js';

const config = fileURLToPath(new URL('./fixtures-actions/eddy.config.ts', import.meta.url));

describe('eddy mappings retry|skip|rewind', () => {
  const clock = new ManualClock(Date.UTC(2026, 2, 14, 12, 3, 41));
  let eddy: TestEddy;
  let lambda: LambdaClient;

  before(async () => {
    eddy = await startTestEddy({ config, clock, triggers: { retryBaseMs: 60_000, retryMaxMs: 60_000 } });
    lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  });
  after(async () => {
    lambda.destroy();
    await eddy.stop();
  });

  async function cli(...args: string[]) {
    const run = runEddyCli(['mappings', ...args, '--endpoint', eddy.endpoint]);
    const { code } = await run.exited;
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  }
  async function shardOf(uuid: string) {
    const { mappings } = (await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: MappingStatus[] };
    return mappings.find((m) => m.uuid === uuid)?.shards[0];
  }

  it('names a mapping by its function, retries and skips its blocking batch, rewinds it; says what is wrong otherwise', async () => {
    const table = await eddy.ddb.send(
      new CreateTableCommand({
        TableName: 'Mail',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    for (const pk of ['poison:x', 'ok-2']) await eddy.ddb.send(new PutItemCommand({ TableName: 'Mail', Item: { pk: { S: pk } } }));
    const arn = table.TableDescription!.LatestStreamArn!;
    const { UUID } = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'flaky', EventSourceArn: arn, StartingPosition: 'TRIM_HORIZON', BatchSize: 1 }));
    const uuid = UUID!;
    const blocked = await eventually('the shard to block', () => shardOf(uuid), { accept: (s) => s?.blockingBatch !== undefined });
    const first = blocked!.blockingBatch!.records.firstSequence;

    const retried = await cli('retry', 'flaky');
    assert.equal(retried.code, 0, retried.stderr);
    assert.equal(retried.stdout, `retry now asked for (${uuid})\n  ${blocked!.shardId}\n`);
    await eventually('a second attempt', () => shardOf(uuid), { accept: (s) => s?.blockingBatch?.attempts === 2 });

    const skipped = await cli('skip', uuid, '--shard', blocked!.shardId, '--json');
    assert.equal(skipped.code, 0, skipped.stderr);
    assert.deepEqual(JSON.parse(skipped.stdout), { uuid, action: 'skip', shards: [{ shardId: blocked!.shardId }] });
    const past = await eventually('the checkpoint past both records', () => shardOf(uuid), { accept: (s) => s?.checkpoint !== undefined && s.checkpoint > first && s.blockingBatch === undefined });

    const rewound = await cli('rewind', 'flaky', '--to', first);
    assert.equal(rewound.code, 0, rewound.stderr);
    assert.equal(rewound.stdout, `rewind asked for (${uuid})\n  ${blocked!.shardId}  resumes after ${(BigInt(first) - 1n).toString().padStart(21, '0')}\n`);
    // From the poison record again: it blocks the shard once more.
    await eventually('the poison record to block the shard again', () => shardOf(uuid), { accept: (s) => s?.blockingBatch?.records.firstSequence === first });
    assert.ok(past!.checkpoint! > first);

    const unknown = await cli('retry', 'nobody');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^eddy mappings retry: ResourceNotFoundException: No event source mapping or pipe nobody\n$/);
    const neither = await cli('rewind', uuid);
    assert.equal(neither.code, 2);
    assert.match(neither.stderr, /give either --to SEQUENCE or --at TIME/);
    const misplaced = await cli('skip', uuid, '--at', '2026-01-01T00:00:00Z');
    assert.equal(misplaced.code, 2);
  });
});
