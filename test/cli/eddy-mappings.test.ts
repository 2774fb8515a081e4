import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../helpers/eddy.js';
import { runEddyCli, startEddyCli } from '../helpers/cli.js';

const config = fileURLToPath(new URL('../conformance/triggers/fixtures/eddy.config.ts', import.meta.url));

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
});
