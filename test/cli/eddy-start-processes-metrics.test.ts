import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { testCredentials } from '../helpers/eddy.js';
import { eventually } from '../helpers/eventually.js';
import { startEddyCli, type CliProcess } from '../helpers/cli.js';
import { childPids, servingPids } from '../helpers/request-processes.js';

const region = 'us-east-1';

/** Fails with `what` unless `promise` settles within `ms`: a wait that would otherwise hang the suite. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe('eddy start --processes 2: a scrape while a request process is stopped', { skip: process.platform !== 'linux' && 'reads /proc, and SIGSTOPs a request process' }, () => {
  let dir: string;
  let eddy: CliProcess & { endpoint: string };
  // The scrapes' one connection, kept open: it stays in the request process that is not stopped.
  const scrapes = new Agent({ keepAlive: true, maxSockets: 1 });
  let stopped: number | undefined;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eddy-processes-metrics-'));
    eddy = await startEddyCli(['--port', '0', '--http-port', '0', '--data', join(dir, 'data'), '--processes', '2']);
  });
  after(async () => {
    if (stopped !== undefined) process.kill(stopped, 'SIGCONT');
    scrapes.destroy();
    if (eddy.child.exitCode === null) {
      eddy.child.kill('SIGTERM');
      await eddy.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** `eddy_requests_total` of GetItem answered 400, over the scrapes' connection (0 when absent). */
  const missedGets = () =>
    new Promise<number>((resolve, reject) => {
      get(`${eddy.endpoint}/_eddy/metrics`, { agent: scrapes }, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          assert.equal(response.statusCode, 200, text);
          const line = text.split('\n').find((l) => l.startsWith('eddy_requests_total{service="dynamodb",operation="GetItem",status="400"} '));
          resolve(line === undefined ? 0 : Number(line.split(' ')[1]));
        });
      }).on('error', reject);
    });

  it("answers without the stopped process's counts, and the next scrapes have them, once", async () => {
    const port = Number(new URL(eddy.endpoint).port);
    const before = await missedGets();
    const [scraping] = [...servingPids(childPids(eddy.child.pid!), port)];
    const client = new DynamoDBClient({ endpoint: eddy.endpoint, region, credentials: testCredentials, maxAttempts: 1 });
    try {
      for (let i = 0; i < 3; i++) await assert.rejects(client.send(new GetItemCommand({ TableName: 'Nothing', Key: { pk: { S: 'k' } } })), { name: 'ResourceNotFoundException' });
      // The connections go to the request processes in turn: the client's is in the other one, which counted its requests.
      const serving = servingPids(childPids(eddy.child.pid!), port);
      assert.equal(serving.size, 2, 'the scrapes and the client are served by different request processes');
      stopped = [...serving].find((pid) => pid !== scraping)!;
    } finally {
      client.destroy();
    }
    process.kill(stopped, 'SIGSTOP');
    // Generous against a busy machine; without a bound on the wait the scrape never answers.
    assert.equal(await within(20_000, 'a scrape with a request process stopped', missedGets()), before);
    process.kill(stopped, 'SIGCONT');
    stopped = undefined;
    await eventually('the counts of the process stopped during a scrape', async () => ((await missedGets()) === before + 3 ? true : undefined));
    assert.equal(await missedGets(), before + 3, 'counted once');
  });
});
