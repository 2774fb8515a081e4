// SNS topic benchmarks (issue 19), against `eddy start --data <temp> --config <generated>` pinned to the second
// CPU, this process (requests built by hand as the SDKs send them: SNS's form-encoded query protocol, SQS's and
// Lambda's JSON) on the first:
//   throughput: --messages Publish requests (--connections in flight) to a topic whose one subscription is a
//               queue of this Eddy (the default Notification envelope, signed; a second topic with
//               RawMessageDelivery; and PublishBatch of 10 entries to each kind). An sqs copy to a queue of
//               this Eddy is put on it in the transaction that accepts the Publish, so it is on the queue when
//               Publish answers; the harness checks that with GetQueueAttributes (the count is O(queue
//               length): read once at the end of a phase, then every 250 ms until complete) — the end of a
//               phase is the later of the last answer and the count reaching every message. Figures:
//               messages/s, and Eddy's CPU time per message (its /proc CPU time over the phase).
//   latency:    --publishes Publish requests, one at a time (3 ms apart), to a topic whose one subscription
//               is a function (protocol lambda, invoked asynchronously by the topic delivery runner); its
//               handler notes when it started (performance.timeOrigin + performance.now(), the wall clock both
//               processes share); the figure is that minus the moment the client had the Publish answer.
//               Control: the same probe invoked through Lambda's Invoke (InvocationType Event).
// Prints a markdown table; see docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { cpuUse, sampleCpu } from './lib/cpu-usage.mjs';
import { jsonClient } from './lib/json-client.mjs';
import { startServerProcess } from './lib/server-process.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    connections: { type: 'string', default: '32' },
    publishes: { type: 'string', default: '500' },
    profile: { type: 'string' },
    unpinned: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log('usage: node bench/topics.mjs [--messages N (throughput, per phase)] [--connections N] [--publishes N (latency)] [--profile DIR (a CPU profile of Eddy)] [--unpinned] [--no-build]');
  process.exit(0);
}
const messages = Number(flags.messages);
const connections = Number(flags.connections);
const publishes = Number(flags.publishes);
if (!flags['no-build']) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });

const ACCOUNT = '000000000000';
const dir = await mkdtemp(join(tmpdir(), 'eddy-bench-topics-'));
const probeLog = join(dir, 'probe.log');
await writeFile(probeLog, '');
// An SNS event (Records[].Sns.Message) or the control's plain Invoke payload ({ n }).
await writeFile(
  join(dir, 'probe.mjs'),
  `import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  const started = performance.timeOrigin + performance.now();
  const names = event.Records ? event.Records.map((r) => r.Sns.Message) : [event.n];
  appendFileSync(${JSON.stringify(probeLog)}, names.map((n) => n + ' ' + started + '\\n').join(''));
};
`,
);
await writeFile(
  join(dir, 'eddy.config.json'),
  JSON.stringify({ queues: { 'publish-sink': {}, 'batch-sink': {}, 'raw-sink': {}, 'raw-batch-sink': {} }, functions: { probe: { handler: 'probe.mjs#handler' } } }),
);

const pinning = await chooseCpus(!flags.unpinned);
if (pinning) execFileSync('taskset', ['-cp', String(pinning.wrk), String(process.pid)], { stdio: 'ignore' });
const server = await startServerProcess({
  name: 'eddy',
  command: ['node', ...(flags.profile ? ['--cpu-prof', '--cpu-prof-dir', flags.profile] : []), join(ROOT, 'dist/cli/eddy.js'), 'start', '--port', '0', '--data', join(dir, 'data'), '--config', join(dir, 'eddy.config.json'), '--log-level', 'quiet'],
  cwd: ROOT,
  launch: launchPrefix(pinning?.server),
});
const endpoint = new URL(server.endpoint);
const client = jsonClient(server.endpoint, connections);
const sqs = (operation, input) => client.call(`AmazonSQS.${operation}`, input);
const snsAgent = new Agent({ keepAlive: true, maxSockets: connections });
const lambdaAgent = new Agent({ keepAlive: true, maxSockets: 1 });

/**
 * An SNS query-protocol request as @aws-sdk/client-sns sends it (a form POST signed for `sns`); resolves with
 * the XML answer, rejects on any other status.
 * @param {string} action
 * @param {Record<string, string>} params  already flattened (`MessageAttributes.entry.1.Name`, …)
 */
function sns(action, params) {
  const body = new URLSearchParams({ Action: action, Version: '2010-03-31', ...params }).toString();
  return post('/', snsAgent, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: auth('sns') }, body).then(({ status, text }) => {
    if (status !== 200) throw new Error(`${action}: HTTP ${status} ${text.slice(0, 300)}`);
    return text;
  });
}
const auth = (service) => `AWS4-HMAC-SHA256 Credential=bench/20261122/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
/** @returns {Promise<{ status: number, text: string }>} */
function post(path, agent, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: endpoint.hostname, port: endpoint.port, method: 'POST', path, agent, headers: { 'x-amz-date': '20261122T000000Z', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const tag = (xml, name) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
/** The Publish parameters of one message: a ~150-byte JSON body and one String attribute, as an app would send. */
const messageParams = (prefix, n) => ({
  [`${prefix}Message`]: JSON.stringify({ orderId: `order-${n}`, customer: 'c-1234', total: 42.5, items: [{ sku: 'sku-1', qty: 2 }], note: 'bench' }),
  [`${prefix}MessageAttributes.entry.1.Name`]: 'kind',
  [`${prefix}MessageAttributes.entry.1.Value.DataType`]: 'String',
  [`${prefix}MessageAttributes.entry.1.Value.StringValue`]: 'order-placed',
});
const publish = async (topicArn, n) => {
  const xml = await sns('Publish', { TopicArn: topicArn, ...messageParams('', n) });
  if (!tag(xml, 'MessageId')) throw new Error(`Publish answered without a MessageId: ${xml.slice(0, 300)}`);
};
const publishBatch = async (topicArn, first) => {
  const params = { TopicArn: topicArn };
  for (let i = 1; i <= 10; i++) Object.assign(params, { [`PublishBatchRequestEntries.member.${i}.Id`]: `e${i}` }, messageParams(`PublishBatchRequestEntries.member.${i}.`, first + i));
  const xml = await sns('PublishBatch', params);
  if ((xml.match(/<MessageId>/g) ?? []).length !== 10 || xml.includes('<Failed><member>')) throw new Error(`PublishBatch: not 10 successful entries: ${xml.slice(0, 500)}`);
};
const createTopic = async (name) => tag(await sns('CreateTopic', { Name: name }), 'TopicArn');
const subscribe = async (topicArn, protocol, endpointArn, attributes = {}) => {
  const params = { TopicArn: topicArn, Protocol: protocol, Endpoint: endpointArn, ReturnSubscriptionArn: 'true' };
  Object.entries(attributes).forEach(([key, value], i) => Object.assign(params, { [`Attributes.entry.${i + 1}.key`]: key, [`Attributes.entry.${i + 1}.value`]: value }));
  await sns('Subscribe', params);
};
/** Lambda Invoke, InvocationType Event, of the probe; resolves on its 202. */
const invokeAsync = async (payload) => {
  const { status } = await post('/2015-03-31/functions/probe/invocations', lambdaAgent, { authorization: auth('lambda'), 'content-type': 'application/json', 'x-amz-invocation-type': 'Event' }, JSON.stringify(payload));
  if (status !== 202) throw new Error(`Invoke: HTTP ${status}`);
};
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();
const queueUrl = async (name) => (await sqs('GetQueueUrl', { QueueName: name })).QueueUrl;
const onQueue = async (url) => Number((await sqs('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] })).Attributes.ApproximateNumberOfMessages);

/**
 * `count` messages sent by `send(n)` (each sends `per` messages) from `connections` concurrent loops; the phase
 * ends when the last answer is in and the queue holds `expected` messages.
 */
async function phase(url, count, per, send) {
  const expected = (await onQueue(url)) + count;
  const loadBefore = loadavg()[0];
  const cpuBefore = await sampleCpu(server.pid, pinning);
  const clientBefore = process.cpuUsage();
  const begin = now();
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count) {
        const n = next;
        next += per;
        await send(n);
      }
    }),
  );
  const answered = now();
  let end = answered;
  let queued = await onQueue(url);
  while (queued < expected && now() - begin < 300_000) {
    await sleep(250);
    queued = await onQueue(url);
    end = now();
  }
  const cpuAfter = await sampleCpu(server.pid, pinning);
  const client = process.cpuUsage(clientBefore);
  const seconds = (end - begin) / 1000;
  const cores = cpuUse(cpuBefore, cpuAfter, (end - begin) * 1000);
  const cpuSeconds = cpuBefore.server !== undefined && cpuAfter.server !== undefined ? cpuAfter.server - cpuBefore.server : undefined;
  return {
    rate: count / seconds,
    seconds,
    answeredSeconds: (answered - begin) / 1000,
    // Whether the load generator or the machine held Eddy back: this process's CPU, and how busy each pinned
    // core was whoever used it.
    clientPercent: Math.round((client.user + client.system) / 10 / (end - begin)),
    serverCoreBusy: cores.serverCoreBusyPercent,
    clientCoreBusy: cores.wrkCoreBusyPercent,
    missing: expected - queued,
    cpuPercent: cpuSeconds === undefined ? null : Math.round((100 * cpuSeconds) / seconds),
    cpuPerMessageUs: cpuSeconds === undefined ? null : (cpuSeconds * 1e6) / count,
    load: [loadBefore, loadavg()[0]],
  };
}

try {
  const SINK = (queue) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${queue}`;
  const volume = await createTopic('volume');
  await subscribe(volume, 'sqs', SINK('publish-sink'));
  const batched = await createTopic('batched');
  await subscribe(batched, 'sqs', SINK('batch-sink'));
  const raw = await createTopic('raw');
  await subscribe(raw, 'sqs', SINK('raw-sink'), { RawMessageDelivery: 'true' });
  const rawBatched = await createTopic('raw-batched');
  await subscribe(rawBatched, 'sqs', SINK('raw-batch-sink'), { RawMessageDelivery: 'true' });
  const latency = await createTopic('latency');
  await subscribe(latency, 'lambda', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:probe`);
  const [publishUrl, batchUrl, rawUrl, rawBatchUrl] = await Promise.all(['publish-sink', 'batch-sink', 'raw-sink', 'raw-batch-sink'].map(queueUrl));

  // Warm-up (the JIT, the fan-out cache), on the measured topics, before their phases' baseline counts.
  const warm = Math.min(2000, messages);
  await phase(publishUrl, warm, 1, (n) => publish(volume, n));
  await phase(batchUrl, warm - (warm % 10), 10, (n) => publishBatch(batched, n));
  await phase(rawUrl, warm, 1, (n) => publish(raw, n));
  await phase(rawBatchUrl, warm - (warm % 10), 10, (n) => publishBatch(rawBatched, n));
  const single = await phase(publishUrl, messages, 1, (n) => publish(volume, n));
  const batch = await phase(batchUrl, messages - (messages % 10), 10, (n) => publishBatch(batched, n));
  const rawDelivery = await phase(rawUrl, messages, 1, (n) => publish(raw, n));
  const rawBatch = await phase(rawBatchUrl, messages - (messages % 10), 10, (n) => publishBatch(rawBatched, n));

  // Latency: Publish → the function subscription's handler start. The control first (the path a lambda
  // delivery ends in), then the topic.
  const startedAt = new Map();
  const readProbe = async () => {
    for (const line of (await readFile(probeLog, 'utf8')).split('\n')) {
      const [n, at] = line.split(' ');
      if (n && !startedAt.has(n)) startedAt.set(n, Number(at));
    }
  };
  for (let tries = 0; !startedAt.has('warm') && tries < 100; tries++) {
    await sns('Publish', { TopicArn: latency, Message: 'warm' });
    await sleep(50);
    await readProbe();
  }
  const invokeAcked = new Map();
  for (let n = 0; n < publishes; n++) {
    await invokeAsync({ n: `i${n}` });
    invokeAcked.set(`i${n}`, now());
    await sleep(3);
  }
  const acked = new Map();
  for (let n = 0; n < publishes; n++) {
    await sns('Publish', { TopicArn: latency, Message: `p${n}` });
    acked.set(`p${n}`, now());
    await sleep(3);
  }
  for (let tries = 0; tries < 200; tries++) {
    await readProbe();
    if ([...acked.keys(), ...invokeAcked.keys()].every((n) => startedAt.has(n))) break;
    await sleep(50);
  }
  const sorted = (sent) => [...sent].filter(([n]) => startedAt.has(n)).map(([n, at]) => startedAt.get(n) - at).sort((a, b) => a - b);
  const latencies = sorted(acked);
  const invokeLatencies = sorted(invokeAcked);

  const ms = (x) => `${(x ?? 0).toFixed(2)} ms`;
  const spread = (l) => [50, 90, 99].map((p) => ms(percentile(l, p))).join(' / ') + ` / ${ms(l.at(-1))}`;
  const count = (x) => x.toLocaleString('en-US');
  const row = (what, p) =>
    `| ${what} (${count(messages - p.missing)} messages on the queue, ${p.seconds.toFixed(2)} s, the last answer at ${p.answeredSeconds.toFixed(2)} s${p.missing ? `, ${count(p.missing)} MISSING` : ''}) | ${count(Math.round(p.rate))} (Eddy's CPU ${p.cpuPercent ?? 'n/a'} %, ${p.cpuPerMessageUs === null ? 'n/a' : p.cpuPerMessageUs.toFixed(1)} µs a message; its core busy ${p.serverCoreBusy ?? 'n/a'} %; the client's CPU ${p.clientPercent} %, its core busy ${p.clientCoreBusy ?? 'n/a'} %; load average ${p.load[0].toFixed(2)} → ${p.load[1].toFixed(2)}) |`;
  console.log(`\n| SNS topics (${connections} connections) | figure |`);
  console.log('| --- | --- |');
  console.log(row('Publish → sqs subscription (signed envelope), messages/s', single));
  console.log(row('PublishBatch of 10 → sqs subscription (signed envelope), messages/s', batch));
  console.log(row('Publish → sqs subscription with RawMessageDelivery, messages/s', rawDelivery));
  console.log(row('PublishBatch of 10 → sqs subscription with RawMessageDelivery, messages/s', rawBatch));
  console.log(`| Publish answered → lambda subscription's handler start, p50 / p90 / p99 / max (${latencies.length} of ${publishes}) | ${spread(latencies)} |`);
  console.log(`| control: Lambda Invoke (Event) answered → handler start, p50 / p90 / p99 / max (${invokeLatencies.length} of ${publishes}) | ${spread(invokeLatencies)} |`);
  console.log(`| load average (1 / 5 / 15 min) at the end | ${loadavg().map((l) => l.toFixed(2)).join(' / ')} |`);
} finally {
  client.close();
  snsAgent.destroy();
  lambdaAgent.destroy();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
