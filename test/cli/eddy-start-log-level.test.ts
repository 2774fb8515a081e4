import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { dynamoClient, testCredentials } from '../helpers/eddy.js';
import { eventually } from '../helpers/eventually.js';
import { runEddyCli, type CliProcess } from '../helpers/cli.js';

/**
 * What Eddy's terminal shows of function invocations at each --log-level: a table whose stream feeds
 * `indexUsers` (which logs a line per record), and `fails`, which throws.
 */
describe('eddy start --log-level', () => {
  let dir: string;
  before(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-log-level-')));
    writeFileSync(join(dir, 'index-users.mjs'), 'export const handler = async (event) => {\n  for (const r of event.Records) console.log(`indexed ${r.dynamodb.Keys.id.S}`);\n};\n');
    writeFileSync(join(dir, 'fails.mjs'), "export const handler = async () => {\n  throw new Error('SMTP refused');\n};\n");
    writeFileSync(
      join(dir, 'eddy.config.json'),
      JSON.stringify({
        tables: { Users: { partitionKey: { name: 'id', type: 'S' }, stream: 'KEYS_ONLY' } },
        functions: {
          indexUsers: { handler: 'index-users.mjs', events: [{ stream: { table: 'Users', batchSize: 100, startingPosition: 'TRIM_HORIZON', maximumBatchingWindow: 1 } }] },
          fails: { handler: 'fails.mjs' },
        },
      }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** `eddy start` with the config, once ready. */
  async function start(...flags: string[]): Promise<CliProcess & { endpoint: string; lines: () => string[] }> {
    const cli = runEddyCli(['start', '--memory', '--port', '0', '--http-port', '0', '--config', join(dir, 'eddy.config.json'), ...flags]);
    const [, endpoint] = await cli.waitFor(/ready on (http:\/\/\S+)/);
    const ready = cli.stdout().length;
    // What the terminal shows from then on, stdout and stderr.
    return { ...cli, endpoint: endpoint!, lines: () => `${cli.stdout().slice(ready)}${cli.stderr()}`.split('\n').filter((line) => line !== '') };
  }

  const lambda = (endpoint: string) => new LambdaClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  const invoke = (endpoint: string, name: string) => lambda(endpoint).send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));

  async function stop(cli: CliProcess): Promise<void> {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }

  it('info by default: one line per invocation, with the handler\'s own output; a failure says what and where', async () => {
    const eddy = await start();
    try {
      const ddb = dynamoClient(eddy.endpoint);
      const items = Array.from({ length: 20 }, (_, i) => ({ PutRequest: { Item: { id: { S: `u${i}` } } } }));
      // One write of 20 records, one batch (the batching window keeps it whole should the records arrive apart).
      await ddb.send(new BatchWriteItemCommand({ RequestItems: { Users: items } }));
      ddb.destroy();
      await eventually('the batch line', () => eddy.lines().find((line) => line.startsWith('[indexUsers] ✓')));
      await invoke(eddy.endpoint, 'fails');
      const failure = (await eventually('the failure line', () => eddy.lines().find((line) => line.startsWith('[fails] ✗'))))!;
      // The file outside the working directory: its full path.
      assert.equal(failure.replace(/\d+ ms/g, 'N ms'), `[fails] ✗ Error: SMTP refused (${dir}/fails.mjs:2:9) · N ms · cold start N ms`);
      const lines = eddy.lines();
      assert.deepEqual(
        lines.filter((line) => line.startsWith('[indexUsers]')).map((line) => line.replace(/\d+ ms/g, 'N ms')),
        [...items.map((_, i) => `[indexUsers] indexed u${i}`), '[indexUsers] ✓ 20 records from Users stream · N ms · cold start N ms'],
      );
      assert.deepEqual(lines.filter((line) => /START RequestId|END RequestId|REPORT RequestId|Invoke Error/.test(line)), []);
    } finally {
      await stop(eddy);
    }
  });

  it('quiet: nothing while things work, one line for a failed invocation', async () => {
    const eddy = await start('--log-level', 'quiet');
    try {
      const ddb = dynamoClient(eddy.endpoint);
      await ddb.send(new BatchWriteItemCommand({ RequestItems: { Users: [{ PutRequest: { Item: { id: { S: 'q1' } } } }] } }));
      ddb.destroy();
      await invoke(eddy.endpoint, 'fails');
      await eventually('the failure line', () => eddy.lines().find((line) => line.startsWith('[fails] ✗')));
      // The stream batch ran before the invocation that failed (both checked through the admin log API).
      const logs = (await eventually('the batch to run', async () => {
        const res = await fetch(`${eddy.endpoint}/_eddy/functions/logs`, { method: 'POST', body: JSON.stringify({ function: 'indexUsers' }) });
        const { lines } = (await res.json()) as { lines: { message: string }[] };
        return lines.some((line) => line.message.startsWith('REPORT')) ? lines : undefined;
      }))!;
      assert.ok(logs.some((line) => line.message.endsWith('indexed q1')));
      assert.deepEqual(eddy.lines().map((line) => line.replace(/\d+ ms/g, 'N ms')), [`[fails] ✗ Error: SMTP refused (${dir}/fails.mjs:2:9) · N ms · cold start N ms`]);
    } finally {
      await stop(eddy);
    }
  });

  it("debug: Lambda's START / END / REPORT lines, as before", async () => {
    const eddy = await start('--log-level', 'debug');
    try {
      await invoke(eddy.endpoint, 'fails');
      const report = (await eventually('the REPORT line', () => eddy.lines().find((line) => line.startsWith('[fails] REPORT RequestId: '))))!;
      const lines = eddy.lines().filter((line) => line.startsWith('[fails]'));
      const id = /RequestId: (\S+)/.exec(report)![1];
      assert.equal(lines[0], `[fails] START RequestId: ${id} Version: $LATEST`);
      assert.match(lines[1]!, new RegExp(`\\t${id}\\tERROR\\tInvoke Error \\t\\{"errorType":"Error","errorMessage":"SMTP refused","stack":\\["Error: SMTP refused","    at handler \\(${dir}/fails\\.mjs:2:9\\)"\\]\\}$`));
      assert.equal(lines[2], `[fails] END RequestId: ${id}`);
      assert.equal(lines[3], report);
      assert.equal(lines.length, 4, lines.join('\n'));
    } finally {
      await stop(eddy);
    }
  });

  it('refuses a level it does not know', async () => {
    const cli = runEddyCli(['start', '--memory', '--log-level', 'verbose']);
    assert.equal((await cli.exited).code, 2);
    assert.equal(cli.stderr(), "eddy start: --log-level must be one of quiet, info, debug, got 'verbose'\n");
  });
});
