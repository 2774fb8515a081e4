// How long `eddy time advance 1d` takes (issue 18's "a day later, in well under a second"), measured here rather
// than asserted in test/conformance/time/time-control.test.ts. Against `eddy start` on each engine (PostgreSQL a
// throwaway durable server, lib/postgres-server.mjs), each round sets up what a day later must act on — an item
// whose TTL runs out within the hour on a table with a stream, a nightly schedule rule with a queue target, a
// message received and not deleted (visibility timeout 10 min) — then times POST /_eddy/time/advance {by: 1d}
// alone, and the advance plus the reads that observe its effects (GetItem, GetRecords, two ReceiveMessage).
// Each round checks those effects happened. Prints a markdown table; see docs/benchmarks.md.
//   npm run bench:time -- [--rounds 15] [--engines sqlite,postgres]
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startBenchPostgres } from './lib/postgres-server.mjs';
import { startServerProcess } from './lib/server-process.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    engines: { type: 'string', default: 'sqlite,postgres' },
  },
});
const rounds = Number(flags.rounds);
const engines = flags.engines.split(',');
const HOUR = 3_600_000;

execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
const postgres = engines.includes('postgres') ? await startBenchPostgres() : undefined;
const results = [];
try {
  for (const engine of engines) results.push({ engine, ...(await measure(engine)) });
} finally {
  await postgres?.stop();
}

console.log(`\n${rounds} rounds each; load average before: ${loadavg()[0].toFixed(2)}\n`);
console.log('| engine | advance 1d: median | p90 | max | advance + observing reads: median | max |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const { engine, advance, observed } of results) {
  console.log(`| ${engine} | ${ms(quantile(advance, 0.5))} | ${ms(quantile(advance, 0.9))} | ${ms(Math.max(...advance))} | ${ms(quantile(observed, 0.5))} | ${ms(Math.max(...observed))} |`);
}

async function measure(engine) {
  const data = await mkdtemp(join(tmpdir(), 'eddy-bench-time-'));
  const storage = engine === 'postgres' ? ['--storage', await postgres.createDatabase('time_advance')] : [];
  const eddy = await startServerProcess({ name: 'eddy', command: [process.execPath, 'dist/cli/eddy.js', 'start', '--port', '0', '--data', data, ...storage], cwd: ROOT, launch: [] });
  const client = { endpoint: eddy.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
  const ddb = new DynamoDBClient(client);
  const streams = new DynamoDBStreamsClient(client);
  const sqs = new SQSClient(client);
  const events = new EventBridgeClient(client);
  const admin = async (path, body) => (await fetch(`${eddy.endpoint}${path}`, { method: 'POST', body: JSON.stringify(body) })).json();
  try {
    await admin('/_eddy/time/set', { to: '2030-06-01T12:00:00Z' });
    await ddb.send(new CreateTableCommand({
      TableName: 'Carts',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }));
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: 'Carts', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' } }));
    const StreamArn = (await ddb.send(new DescribeTableCommand({ TableName: 'Carts' }))).Table.LatestStreamArn;
    const { QueueUrl: nightlyUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'nightly-jobs' }));
    await events.send(new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'cron(0 3 * * ? *)' }));
    await events.send(new PutTargetsCommand({ Rule: 'nightly', Targets: [{ Id: 'jobs', Arn: 'arn:aws:sqs:us-east-1:000000000000:nightly-jobs' }] }));
    const { QueueUrl: workUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'work', Attributes: { VisibilityTimeout: '600' } }));

    const advance = [];
    const observed = [];
    for (let round = 0; round < rounds; round++) {
      const now = Date.parse((await (await fetch(`${eddy.endpoint}/_eddy/time`)).json()).now);
      const key = `cart-${round}`;
      await ddb.send(new PutItemCommand({ TableName: 'Carts', Item: { pk: { S: key }, expiresAt: { N: String(Math.floor((now + HOUR) / 1000)) } } }));
      await sqs.send(new SendMessageCommand({ QueueUrl: workUrl, MessageBody: key }));
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: workUrl }));

      const started = performance.now();
      const jump = await admin('/_eddy/time/advance', { by: '1d' });
      advance.push(performance.now() - started);
      const gone = await ddb.send(new GetItemCommand({ TableName: 'Carts', Key: { pk: { S: key } }, ConsistentRead: true }));
      const removes = await streamRemoves(streams, StreamArn);
      const nightly = await sqs.send(new ReceiveMessageCommand({ QueueUrl: nightlyUrl, MaxNumberOfMessages: 10 }));
      const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: workUrl }));
      observed.push(performance.now() - started);

      if (jump.fired?.ttl?.deleted !== 1 || gone.Item || !removes.includes(key) || nightly.Messages?.length !== 1 || again.Messages?.[0]?.Body !== key) {
        throw new Error(`round ${round} on ${engine}: the jump did not do what a day later must (${JSON.stringify({ fired: jump.fired, item: gone.Item, removes, nightly: nightly.Messages?.length, again: again.Messages?.[0]?.Body })})`);
      }
      // Acknowledged, so that the next round's receive takes only its own message.
      await sqs.send(new DeleteMessageCommand({ QueueUrl: nightlyUrl, ReceiptHandle: nightly.Messages[0].ReceiptHandle }));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: workUrl, ReceiptHandle: again.Messages[0].ReceiptHandle }));
    }
    return { advance, observed };
  } finally {
    for (const c of [ddb, streams, sqs, events]) c.destroy();
    await eddy.stop();
    await rm(data, { recursive: true, force: true });
  }
}

/** The keys of the REMOVE records on every shard of the stream (the INSERTs before them are past retention by now). */
async function streamRemoves(streams, StreamArn) {
  const keys = [];
  for (const shard of (await streams.send(new DescribeStreamCommand({ StreamArn }))).StreamDescription.Shards) {
    let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      for (const r of page.Records ?? []) if (r.eventName === 'REMOVE') keys.push(r.dynamodb.Keys.pk.S);
      iterator = (page.Records ?? []).length === 0 ? undefined : page.NextShardIterator;
    }
  }
  return keys;
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function ms(value) {
  return `${value.toFixed(0)} ms`;
}
