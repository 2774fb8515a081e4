import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startTestEddy, testCredentials, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';

const config = fileURLToPath(new URL('./fixtures/async.config.json', import.meta.url));

describe('Lambda: asynchronous invocations survive a restart', () => {
  const data = mkdtempSync(join(tmpdir(), 'eddy-async-restart-'));
  after(() => rmSync(data, { recursive: true, force: true }));

  const attempts = async (eddy: TestEddy, id: string) =>
    Number((await eddy.ddb.send(new GetItemCommand({ TableName: 'Attempts', Key: { id: { S: id } } }))).Item?.['attempts']?.N ?? 0);

  it('an event waiting for its retry when Eddy stops is retried after the next start, until it succeeds', async () => {
    // First run: the first attempt fails and the retry is due in 3 s, long after the stop.
    const first = await startTestEddy({ config, data, functions: { asyncRetryDelaysMs: [3_000, 3_000] } });
    const lambda = new LambdaClient({ endpoint: first.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    try {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'flaky', InvocationType: 'Event', Payload: Buffer.from('{"id":"r"}') }));
      assert.equal(out.StatusCode, 202);
      await eventually('the first attempt', async () => ((await attempts(first, 'r')) === 1 ? true : undefined));
    } finally {
      lambda.destroy();
      await first.stop();
    }
    const stored = new Database(join(data, 'eddy.sqlite'), { readonly: true });
    const rows = stored.prepare('SELECT function_name, payload, attempts FROM async_invocations').all();
    stored.close();
    assert.deepEqual(rows, [{ function_name: 'flaky', payload: '{"id":"r"}', attempts: 1 }]);

    // Second run: the stored event is retried at its due time (the flaky handler succeeds on its third attempt).
    const second = await startTestEddy({ config, data, functions: { asyncRetryDelaysMs: [3_000, 30] } });
    try {
      await eventually('the two attempts after the restart', async () => ((await attempts(second, 'r')) === 3 ? true : undefined), { timeoutMs: 20_000 });
      await eventually('the event to be forgotten once it succeeded', () => {
        const db = new Database(join(data, 'eddy.sqlite'), { readonly: true });
        const { n } = db.prepare('SELECT count(*) AS n FROM async_invocations').get() as { n: number };
        db.close();
        return n === 0 ? true : undefined;
      });
    } finally {
      await second.stop();
    }
  });
});
