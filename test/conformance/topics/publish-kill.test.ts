import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CreateTopicCommand, PublishBatchCommand, SubscribeCommand, SNSClient } from '@aws-sdk/client-sns';
import { startEddyCli } from '../../helpers/cli.js';
import { testCredentials } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';

/** An http endpoint on a fixed port, counting notifications by MessageId; confirmations are visited at once. */
async function endpointOn(port: number, seen: Map<string, number>): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const document = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Type: string; MessageId: string; SubscribeURL?: string };
      if (document.Type === 'SubscriptionConfirmation') void fetch(document.SubscribeURL!);
      if (document.Type === 'Notification') seen.set(document.MessageId, (seen.get(document.MessageId) ?? 0) + 1);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
const snsOf = (endpoint: string) => new SNSClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
/** Retries a second apart, so the test waits seconds rather than the default 20 s. */
const FAST_RETRIES = JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 1, numRetries: 100 } });

async function scenario(stop: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'eddy-sns-restart-'));
  const start = () => startEddyCli(['--port', '0', '--data', data]);
  const seen = new Map<string, number>();
  const published = new Set<string>();
  let second;
  let server = await endpointOn(0, seen);
  const port = (server.address() as AddressInfo).port;
  try {
    const first = await start();
    let sns = snsOf(first.endpoint);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'durable' }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: `http://127.0.0.1:${port}/hook`, Attributes: { DeliveryPolicy: FAST_RETRIES } }));
    await eventually('the subscription confirmed', async () => {
      const stored = new Database(join(data, 'eddy.sqlite'), { readonly: true });
      const row = stored.prepare('SELECT pending FROM topic_subscriptions').get() as { pending: number } | undefined;
      stored.close();
      return row?.pending === 0 ? true : undefined;
    });
    await close(server); // the endpoint goes down: every notification fails and waits for its retry
    for (let round = 0; round < 10; round++) {
      const out = await sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, Message: `m${round}-${i}` })) }));
      for (const entry of out.Successful ?? []) published.add(entry.MessageId!);
    }
    sns.destroy();
    first.child.kill(stop);
    await first.exited;
    assert.equal(published.size, 100);
    const stored = new Database(join(data, 'eddy.sqlite'), { readonly: true });
    const { pending } = stored.prepare('SELECT count(*) AS pending FROM topic_deliveries').get() as { pending: number };
    stored.close();
    assert.equal(pending, 100, 'the endpoint was down: every delivery is still stored');

    second = await start();
    server = await endpointOn(port, seen); // the endpoint comes back on the same address
    await eventually('every message delivered', () => (seen.size >= published.size ? true : undefined), { timeoutMs: 30_000 });
    assert.deepEqual([...published].filter((id) => !seen.has(id)), [], 'none lost');
    assert.deepEqual([...seen].filter(([, count]) => count !== 1), [], 'none delivered twice (no attempt had succeeded before the stop)');
  } finally {
    await close(server).catch(() => {});
    if (second) {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    rmSync(data, { recursive: true, force: true });
  }
}

describe('topic deliveries across restarts', () => {
  it('kill -9 with every delivery pending loses none: each message reaches the endpoint once it is back', () => scenario('SIGKILL'));
  it('a clean restart with deliveries pending delivers them after the start', () => scenario('SIGTERM'));
});
