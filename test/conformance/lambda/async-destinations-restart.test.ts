import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { InvokeCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, testCredentials } from '../../helpers/eddy.js';
import { newQueue, receiveMessages } from '../events/delivery-fixtures.js';

const config = fileURLToPath(new URL('./fixtures/destinations.config.json', import.meta.url));

describe('Lambda: an asynchronous invocation with a destination survives a restart', () => {
  const data = mkdtempSync(join(tmpdir(), 'eddy-destinations-restart-'));
  after(() => rmSync(data, { recursive: true, force: true }));

  it('an event waiting for its retry when Eddy stops is retried after the next start, and its record sent', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 14, 10, 0, 0));
    const options = { config, data, clock, functions: { asyncRetryDelaysMs: [60_000] } };
    // First run: the first attempt fails; the retry is due a minute later on the injected clock.
    const first = await startTestEddy(options);
    const lambda = new LambdaClient({ endpoint: first.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
    let requestId: string;
    let failures;
    try {
      failures = await newQueue(first, 'restart-failures');
      await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'fails', MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Destination: failures.arn } } }));
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'fails', InvocationType: 'Event', Payload: Buffer.from('{"id":"r"}') }));
      requestId = out.$metadata.requestId!;
      await first.admin('/_eddy/functions/async/run');
    } finally {
      lambda.destroy();
      await first.stop();
    }
    const stored = new Database(join(data, 'eddy.sqlite'), { readonly: true });
    const rows = stored.prepare('SELECT request_id, attempts, due_at, record FROM async_invocations').all();
    stored.close();
    assert.deepEqual(rows, [{ request_id: requestId, attempts: 1, due_at: clock.now() + 60_000, record: null }]);

    // Second run, a minute later: the config and the event were kept; the retry fails too and the record goes out.
    clock.advance(60_000);
    const second = await startTestEddy(options);
    try {
      await second.admin('/_eddy/functions/async/run');
      const [message] = await receiveMessages(second, failures, 1);
      const record = JSON.parse(message!.Body!);
      assert.equal(record.requestContext.condition, 'RetriesExhausted');
      assert.equal(record.requestContext.approximateInvokeCount, 2);
      assert.notEqual(record.requestContext.requestId, requestId);
      assert.deepEqual(record.requestPayload, { id: 'r' });
      const db = new Database(join(data, 'eddy.sqlite'), { readonly: true });
      const { n } = db.prepare('SELECT count(*) AS n FROM async_invocations').get() as { n: number };
      db.close();
      assert.equal(n, 0);
    } finally {
      await second.stop();
    }
  });
});
