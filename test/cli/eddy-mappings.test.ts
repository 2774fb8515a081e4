import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ManualClock } from '../../src/shared/clock.js';
import type { MappingStatus } from '../../src/triggers/mapping-status.js';
import { dynamoClient, startTestEddy, testCredentials } from '../helpers/eddy.js';
import { runEddyCli, startEddyCli } from '../helpers/cli.js';
import { eventually } from '../helpers/eventually.js';

const config = fileURLToPath(new URL('../conformance/triggers/fixtures/eddy.config.ts', import.meta.url));
/** Handlers that fail for "stuck:…", "poison:…" and "slow:…" items until a Switches item fixes them. */
const statusConfig = fileURLToPath(new URL('../conformance/triggers/fixtures-status/eddy.config.ts', import.meta.url));

describe('eddy mappings', () => {
  it('shows each mapping with its shards, checkpoints and lag, as text and as JSON', async () => {
    const eddy = await startEddyCli(['--port', '0', '--memory', '--config', config]);
    const ddb = dynamoClient(eddy.endpoint);
    try {
      await ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'status-1' } } }));
      interface Status { functionName: string; state: string; lastProcessingResult: string; shards: { checkpoint?: string; iteratorAgeMs: number }[] }
      let mappings: Status[] = [];
      const deadline = Date.now() + 10_000;
      do {
        const json = runEddyCli(['mappings', '--endpoint', eddy.endpoint, '--json']);
        assert.equal((await json.exited).code, 0);
        mappings = JSON.parse(json.stdout()) as Status[];
      } while (mappings[0]?.shards[0]?.checkpoint === undefined && Date.now() < deadline);
      assert.equal(mappings.length, 1);
      assert.equal(mappings[0]!.functionName, 'configured');
      assert.equal(mappings[0]!.state, 'Enabled');
      assert.equal(mappings[0]!.lastProcessingResult, 'OK');
      assert.match(mappings[0]!.shards[0]!.checkpoint!, /^\d{21,}$/);
      assert.equal(mappings[0]!.shards[0]!.iteratorAgeMs, 0);
      const text = runEddyCli(['mappings', '--endpoint', eddy.endpoint]);
      assert.equal((await text.exited).code, 0);
      assert.match(text.stdout(), /^configured ← Orders stream \S+ {2}Enabled {2}last result OK {2}\(/m);
      assert.match(text.stdout(), /^ {2}shardId-\d{20}-[0-9a-f]{8} {2}OK {2}checkpoint \d+ {2}behind 0 ms$/m);
    } finally {
      ddb.destroy();
      eddy.child.kill('SIGTERM');
      await eddy.exited;
    }
  });

  it('shows a stuck shard as RETRYING since when, with its attempts and why (partial batch failure, function error, timeout); OK lines again once it recovers', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 14, 12, 3, 41));
    const eddy = await startTestEddy({ config: statusConfig, clock, triggers: { retryBaseMs: 5, retryMaxMs: 20 } });
    const lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    try {
      const table = await eddy.ddb.send(
        new CreateTableCommand({
          TableName: 'Mail',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        }),
      );
      for (const pk of ['stuck:e', 'poison:f', 'slow:g']) await eddy.ddb.send(new PutItemCommand({ TableName: 'Mail', Item: { pk: { S: pk } } }));
      const streamArn = table.TableDescription!.LatestStreamArn!;
      for (const FunctionName of ['stubborn', 'throwing', 'sleepy']) {
        const reportFailures = FunctionName === 'stubborn' ? { FunctionResponseTypes: ['ReportBatchItemFailures' as const] } : {};
        await lambda.send(new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', ...reportFailures }));
      }
      const statuses = async () => ((await (await fetch(`${eddy.endpoint}/_eddy/mappings`)).json()) as { mappings: MappingStatus[] }).mappings;
      await eventually('every mapping retrying', statuses, { accept: (all) => all.every((m) => m.shards[0]?.lastFailure !== undefined && m.shards[0].attempts >= 1) });

      const stuck = runEddyCli(['mappings', '--endpoint', eddy.endpoint]);
      assert.equal((await stuck.exited).code, 0);
      const lines = (name: string) => stuck.stdout().slice(stuck.stdout().indexOf(`${name} ← `)).split('\n').slice(0, 3);
      const retrying = /^ {2}shardId-\d{20}-[0-9a-f]{8} {2}RETRYING since 12:03:41 \(\d+ attempts?\) {2}checkpoint - {2}behind 0 ms {2}in flight 1$/;
      const [heading, shard, failure] = lines('stubborn');
      assert.match(heading!, /^stubborn ← Mail stream \S+ {2}Enabled {2}last result OK {2}\(/);
      assert.match(shard!, retrying);
      assert.match(failure!, /^ {4}— partial batch failure: 1 of 3 records \(seq \d{21}\)$/);
      assert.match(lines('throwing')[0]!, / {2}last result PROBLEM: Function call failed {2}\(/);
      assert.match(lines('throwing')[1]!, retrying);
      assert.equal(lines('throwing')[2], '    — function error: Error: SMTP refused');
      assert.match(lines('sleepy')[1]!, retrying);
      assert.equal(lines('sleepy')[2], '    — timed out after 1 s');

      const json = runEddyCli(['mappings', '--endpoint', eddy.endpoint, '--json']);
      assert.equal((await json.exited).code, 0);
      const kinds = (JSON.parse(json.stdout()) as MappingStatus[]).map((m) => [m.functionName, m.shards[0]!.state, m.shards[0]!.lastFailure?.kind]);
      assert.deepEqual(kinds, [
        ['stubborn', 'RETRYING', 'partial-batch-failure'],
        ['throwing', 'RETRYING', 'function-error'],
        ['sleepy', 'RETRYING', 'timeout'],
      ]);

      for (const name of ['e', 'f', 'g']) await eddy.ddb.send(new PutItemCommand({ TableName: 'Switches', Item: { name: { S: name } } }));
      await eventually('every mapping to recover', statuses, { accept: (all) => all.every((m) => m.shards[0]?.checkpoint !== undefined && m.shards[0].inFlight === 0) });
      const recovered = runEddyCli(['mappings', '--endpoint', eddy.endpoint]);
      assert.equal((await recovered.exited).code, 0);
      const shardLines = recovered.stdout().split('\n').filter((line) => line.startsWith('  '));
      assert.equal(shardLines.length, 3, recovered.stdout());
      for (const line of shardLines) assert.match(line, /^ {2}shardId-\d{20}-[0-9a-f]{8} {2}OK {2}checkpoint \d{21} {2}behind 0 ms$/);
    } finally {
      lambda.destroy();
      await eddy.stop();
    }
  });
});
