// EventBridge Pipes benchmarks, against `eddy start --data <temp> --config <generated>` pinned to the second CPU,
// this process (requests built by hand as the SDKs send them) on the first:
//   throughput: --records items written to a table with a stream while the pipe (stream → bus, BatchSize
//               --batch-size, StartingPosition TRIM_HORIZON) is stopped, then StartPipe; records/s = records /
//               the time until the bus has put every one on a queue (the bus's one rule matches the pipe's
//               events and targets a queue of this Eddy, delivered in the transaction that accepts the event),
//               counted with GetQueueAttributes every 100 ms. A record counts once it reached the bus, matched
//               its rule and is a message on the queue.
//   latency:    PutItem requests one at a time (a few ms apart) on a second table, whose LATEST pipe puts each
//               record on a second bus, whose rule puts it on a queue; a long-polled ReceiveMessage (its own
//               connection, always waiting) notes when the message reached the client. The figure is that minus
//               the moment the client had the PutItem answer: the stream, the pipe, the bus, the queue, the
//               long poll's wake-up and its HTTP answer. A control without the bus and the queue: a third
//               pipe whose target is a function (REQUEST_RESPONSE) whose handler notes when it started
//               (performance.timeOrigin + performance.now(), a wall clock both processes share).
// Prints a markdown table; see docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { sampleCpu } from './lib/cpu-usage.mjs';
import { jsonClient } from './lib/json-client.mjs';
import { startServerProcess } from './lib/server-process.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    records: { type: 'string', default: '50000' },
    writes: { type: 'string', default: '500' },
    'batch-size': { type: 'string', default: '10' },
    profile: { type: 'string' },
    unpinned: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log('usage: node bench/pipes.mjs [--records N (throughput)] [--writes N (latency)] [--batch-size N] [--profile DIR (a CPU profile of Eddy)] [--unpinned] [--no-build]');
  process.exit(0);
}
const records = Number(flags.records);
const writes = Number(flags.writes);
const batchSize = Number(flags['batch-size']);
if (!flags['no-build']) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });

const dir = await mkdtemp(join(tmpdir(), 'eddy-bench-pipes-'));
const probeLog = join(dir, 'probe.log');
await writeFile(probeLog, '');
await writeFile(
  join(dir, 'probe.mjs'),
  `import { appendFileSync } from 'node:fs';
export const handler = async (records) => {
  const started = performance.timeOrigin + performance.now();
  appendFileSync(${JSON.stringify(probeLog)}, records.map((r) => r.dynamodb.Keys.pk.S + ' ' + started + '\\n').join(''));
};
`,
);
const table = { partitionKey: { name: 'pk', type: 'S' }, stream: 'NEW_IMAGE' };
await writeFile(
  join(dir, 'eddy.config.json'),
  JSON.stringify({
    tables: { Volume: table, Latency: table, Probe: table },
    queues: { 'volume-sink': {}, 'latency-sink': {} },
    functions: { probe: { handler: 'probe.mjs#handler' } },
  }),
);

const pinning = await chooseCpus(!flags.unpinned);
if (pinning) execFileSync('taskset', ['-cp', String(pinning.wrk), String(process.pid)], { stdio: 'ignore' });
const server = await startServerProcess({
  name: 'eddy',
  command: ['node', ...(flags.profile ? ['--cpu-prof', '--cpu-prof-dir', flags.profile] : []), join(ROOT, 'dist/cli/eddy.js'), 'start', '--port', '0', '--data', join(dir, 'data'), '--config', join(dir, 'eddy.config.json'), '--log-level', 'quiet'],
  cwd: ROOT,
  launch: launchPrefix(pinning?.server),
});
const client = jsonClient(server.endpoint, 32);
const poller = jsonClient(server.endpoint, 1); // the long poll's own connection
const dynamodb = (operation, input) => client.call(`DynamoDB_20120810.${operation}`, input);
const events = (operation, input) => client.call(`AWSEvents.${operation}`, input);
const sqs = (operation, input) => client.call(`AmazonSQS.${operation}`, input);
const endpoint = new URL(server.endpoint);
const pipesAgent = new Agent({ keepAlive: true, maxSockets: 1 });
/** Pipes' REST-JSON API, as @aws-sdk/client-pipes calls it. */
const pipes = (method, path, input) =>
  new Promise((resolve, reject) => {
    const body = input === undefined ? '' : JSON.stringify(input);
    const req = request(
      {
        host: endpoint.hostname,
        port: endpoint.port,
        method,
        path: `/v1/pipes/${path}`,
        agent: pipesAgent,
        headers: { authorization: 'AWS4-HMAC-SHA256 Credential=bench/20261122/us-east-1/pipes/aws4_request, SignedHeaders=host, Signature=0', 'x-amz-date': '20261122T000000Z', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();
const ACCOUNT = '000000000000';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/bench`;
const streamOf = async (name) => (await dynamodb('DescribeTable', { TableName: name })).Table.LatestStreamArn;
const putItem = (name, pk) => dynamodb('PutItem', { TableName: name, Item: { pk: { S: pk }, v: { N: '1' } } });

/** A bus whose one rule puts the pipe's events (source `bench.pipe`) on `queue`. */
async function busToQueue(bus, queue) {
  await events('CreateEventBus', { Name: bus });
  await events('PutRule', { Name: 'to-queue', EventBusName: bus, EventPattern: JSON.stringify({ source: ['bench.pipe'] }) });
  await events('PutTargets', { Rule: 'to-queue', EventBusName: bus, Targets: [{ Id: 'queue', Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${queue}` }] });
  return (await sqs('GetQueueUrl', { QueueName: queue })).QueueUrl;
}
/** A stream pipe from `tableName` to `target`. */
async function createPipe(name, tableName, target, { startingPosition, desiredState, targetParameters }) {
  await pipes('POST', name, {
    Source: await streamOf(tableName),
    SourceParameters: { DynamoDBStreamParameters: { StartingPosition: startingPosition, BatchSize: batchSize } },
    Target: target,
    ...(targetParameters && { TargetParameters: targetParameters }),
    RoleArn: ROLE,
    DesiredState: desiredState,
  });
}
const toBus = (bus) => ({ target: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/${bus}`, targetParameters: { EventBridgeEventBusParameters: { Source: 'bench.pipe', DetailType: '$.eventName' } } });
/** Waits until `pipe` reports its current state as RUNNING. */
async function running(pipe) {
  for (let tries = 0; tries < 200; tries++) {
    if ((await pipes('GET', pipe)).CurrentState === 'RUNNING') return;
    await sleep(25);
  }
  throw new Error(`pipe ${pipe} did not start`);
}

try {
  // Throughput.
  const volumeUrl = await busToQueue('volume', 'volume-sink');
  const onQueue = async (url) => Number((await sqs('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] })).Attributes.ApproximateNumberOfMessages);
  const bus = toBus('volume');
  await createPipe('volume', 'Volume', bus.target, { startingPosition: 'TRIM_HORIZON', desiredState: 'STOPPED', targetParameters: bus.targetParameters });
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < records) await putItem('Volume', `v-${next++}`);
    }),
  );
  const loadBefore = loadavg()[0];
  const cpuBefore = await sampleCpu(server.pid, pinning);
  const begin = now();
  await pipes('POST', 'volume/start');
  // Counting is O(queue length) and runs on Eddy's core: not too often. The end is read afterwards from the
  // messages themselves: the latest SentTimestamp (the moment the last batch was accepted, before its commit).
  let arrived = 0;
  while (arrived < records && now() - begin < 300_000) {
    await sleep(500);
    arrived = await onQueue(volumeUrl);
  }
  const cpuAfter = await sampleCpu(server.pid, pinning);
  const loadAfter = loadavg()[0];
  const polledSeconds = (now() - begin) / 1000;
  let lastAt = 0;
  let read = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (;;) {
        const { Messages = [] } = await sqs('ReceiveMessage', { QueueUrl: volumeUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600, AttributeNames: ['SentTimestamp'] });
        if (Messages.length === 0) return;
        read += Messages.length;
        for (const m of Messages) lastAt = Math.max(lastAt, Number(m.Attributes.SentTimestamp));
      }
    }),
  );
  if (read !== arrived) console.warn(`read ${read} messages back of ${arrived} counted`);
  const seconds = (lastAt - begin) / 1000;
  const cpuSeconds = cpuBefore.server !== undefined && cpuAfter.server !== undefined ? cpuAfter.server - cpuBefore.server : undefined;
  const cpuPerRecordUs = cpuSeconds === undefined ? null : (cpuSeconds * 1e6) / arrived;
  // Over the polled time (the run and up to 500 ms of waiting for the count): a lower bound of the run's.
  const cpuPercent = cpuSeconds === undefined ? null : Math.round((100 * cpuSeconds) / polledSeconds);

  // Latency: stream → pipe → bus → rule → queue → long-polled receive.
  const latencyUrl = await busToQueue('latency', 'latency-sink');
  const latencyBus = toBus('latency');
  await createPipe('latency', 'Latency', latencyBus.target, { startingPosition: 'LATEST', desiredState: 'RUNNING', targetParameters: latencyBus.targetParameters });
  await createPipe('probe', 'Probe', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:probe`, { startingPosition: 'LATEST', desiredState: 'RUNNING' });
  await running('latency');
  await running('probe');
  const received = new Map();
  let polling = true;
  const receiving = (async () => {
    while (polling) {
      const { Messages = [] } = await poller.call('AmazonSQS.ReceiveMessage', { QueueUrl: latencyUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
      const at = now();
      for (const m of Messages) received.set(JSON.parse(m.Body).detail.dynamodb.Keys.pk.S, at);
    }
  })();
  // Warm-up: the LATEST consumers have a position once a record written now comes through.
  for (let tries = 0; !received.has('warm') && tries < 100; tries++) {
    await putItem('Latency', 'warm');
    await sleep(50);
  }
  for (let tries = 0; !(await readFile(probeLog, 'utf8')).includes('warm ') && tries < 100; tries++) {
    await putItem('Probe', 'warm');
    await sleep(50);
  }
  const acked = new Map();
  for (let i = 0; i < writes; i++) {
    await putItem('Latency', `l-${i}`);
    acked.set(`l-${i}`, now());
    await sleep(3);
  }
  for (let tries = 0; [...acked.keys()].some((pk) => !received.has(pk)) && tries < 100; tries++) await sleep(50);
  polling = false;
  await receiving;
  const probeAcked = new Map();
  for (let i = 0; i < writes; i++) {
    await putItem('Probe', `p-${i}`);
    probeAcked.set(`p-${i}`, now());
    await sleep(3);
  }
  const started = new Map();
  for (let tries = 0; started.size < writes && tries < 100; tries++) {
    for (const line of (await readFile(probeLog, 'utf8')).split('\n')) {
      const [pk, at] = line.split(' ');
      if (pk?.startsWith('p-') && !started.has(pk)) started.set(pk, Number(at));
    }
    if (started.size < writes) await sleep(50);
  }
  const sorted = (sent, seen) => [...sent].filter(([pk]) => seen.has(pk)).map(([pk, at]) => seen.get(pk) - at).sort((a, b) => a - b);
  const latencies = sorted(acked, received);
  const probeLatencies = sorted(probeAcked, started);

  const ms = (x) => `${x.toFixed(2)} ms`;
  const spread = (l) => [50, 90, 99].map((p) => ms(percentile(l, p))).join(' / ') + ` / ${ms(l.at(-1) ?? 0)}`;
  console.log(`\n| Pipes (stream → bus, BatchSize ${batchSize}) | figure |`);
  console.log('| --- | --- |');
  console.log(`| records/s from a stream through a pipe onto a bus and by its rule onto a queue (${arrived.toLocaleString('en-US')} of ${records.toLocaleString('en-US')} records, ${seconds.toFixed(2)} s) | ${Math.round(arrived / seconds).toLocaleString('en-US')} (Eddy's CPU ≥ ${cpuPercent ?? 'n/a'} %, ${cpuPerRecordUs === null ? 'n/a' : cpuPerRecordUs.toFixed(1)} µs a record; load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}) |`);
  console.log(`| PutItem answered → message received by a long-polling client, p50 / p90 / p99 / max (${latencies.length} of ${writes} writes) | ${spread(latencies)} |`);
  console.log(`| control, stream → pipe → function target: PutItem answered → handler start, p50 / p90 / p99 / max (${probeLatencies.length} of ${writes}) | ${spread(probeLatencies)} |`);
  console.log(`| load average (1 / 5 / 15 min) at the end | ${loadavg().map((l) => l.toFixed(2)).join(' / ')} |`);
} finally {
  client.close();
  poller.close();
  pipesAgent.destroy();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
