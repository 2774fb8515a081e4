// Delivery tails under sustained load (issue 24): how long a write waits for its answer, and a record or a
// message for its handler, when requests come at a steady rate (open loop: the schedule does not wait for
// the answers, so a stall shows in every request it holds up instead of slowing the client down).
//
//   node bench/delivery-tails.mjs [--roots DIR,DIR] [--modes power,process] [--rate 1000] [--seconds 10] [--rounds 1]
//                                 [--skip stream,queue,drain] [--backlog 10000] [--node-args='--cpu-prof --cpu-prof-dir=DIR'] [--dump DIR]
// --dump writes each run's timings, one line an id (sent, answered, handler started: wall-clock ms), to
// DIR/<round>-<mode>-<stream|queue>.tsv, to lay beside a trace of the server.
//
// Each root is a directory holding a built dist/ (default `.`; e.g. a `git archive` of the commit before a
// change, built there): the roots and the durabilities take turns round by round, each run on a fresh
// `eddy start --data <temp> --config <generated> --durability MODE` pinned to the second CPU, this client on
// the first. Per run, after a warm-up (a second at the rate), with the 1-minute load average sampled:
//   stream: PutItem of a new item to table Latency (stream NEW_IMAGE, a no-op function mapped: BatchSize 100,
//           no batching window, LATEST) at --rate a second for --seconds. Figures: PutItem sent → answered;
//           answered ("write-ack") → the handler's invocation started; sent → started.
//   queue:  SendMessage to queue `deliveries` (a no-op function mapped: BatchSize 10, no window) at the same
//           rate. Figures: SendMessage sent → answered; answered → the handler's invocation started.
//   drain:  --backlog messages waiting in queue `backlog` (SendMessageBatch) when its mapping to the same
//           function (BatchSize 10, disabled) is enabled: messages/s until the last batch's invocation started
//           (how many a queue mapping can hand over, where its batches' commits and flushes count).
// The handlers note when their invocation started on a high-resolution wall clock both processes share
// (performance.timeOrigin + performance.now()); a negative ack → start means the handler started before the
// client had read its answer (with durability power a commit wakes the consumer before its flush ends).
// Every figure is p50 / p99 / p99.9 / max in ms. See docs/benchmarks.md, "Delivery tails".
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { jsonClient } from './lib/json-client.mjs';
import { formatSpread, openLoop, spread, wallNow } from './lib/latency-spread.mjs';
import { formatLoad, loadSampler } from './lib/process-tree.mjs';
import { startServerProcess } from './lib/server-process.mjs';

const { values: flags } = parseArgs({
  options: {
    roots: { type: 'string', default: '.' },
    modes: { type: 'string', default: 'power,process' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '1' },
    skip: { type: 'string', default: '' },
    backlog: { type: 'string', default: '10000' },
    'node-args': { type: 'string', default: '' },
    dump: { type: 'string' },
  },
});
const roots = flags.roots.split(',').map((root) => resolve(root));
const modes = flags.modes.split(',');
const rate = Number(flags.rate);
const seconds = Number(flags.seconds);
const rounds = Number(flags.rounds);
const skip = new Set(flags.skip.split(',').filter(Boolean));
const backlog = Number(flags.backlog);
/** Flags for the server's node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const nodeArgs = flags['node-args'].split(' ').filter(Boolean);
for (const root of roots) {
  if (!existsSync(join(root, 'dist/cli/eddy.js'))) throw new Error(`${root}/dist/cli/eddy.js does not exist (build it first)`);
}
const pinning = await chooseCpus(true);
if (pinning) execFileSync('taskset', ['-cp', String(pinning.wrk), String(process.pid)], { stdio: 'ignore' });

const rows = [];
for (let round = 1; round <= rounds; round++) {
  for (const root of roots) {
    for (const mode of modes) {
      const figures = await measure(root, mode, `${round}-${mode}`);
      rows.push({ root, mode, round, ...figures });
      console.error(`round ${round} ${root} ${mode}: load ${figures.load}`);
    }
  }
}
console.log(`\nrate ${rate}/s for ${seconds} s a phase; p50 / p99 / p99.9 / max in ms\n`);
console.log('| build | durability | round | load | PutItem | write-ack → handler start | PutItem sent → handler start | SendMessage | send-ack → handler start | queue drain, messages/s |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  console.log(`| ${r.root} | ${r.mode} | ${r.round} | ${r.load} | ${r.put} | ${r.streamAck} | ${r.streamSent} | ${r.send} | ${r.queueAck} | ${r.drain} |`);
}

/** One run: a fresh server on `root`'s build with durability `mode`; both phases. */
async function measure(root, mode, runName) {
  const dir = await mkdtemp(join(tmpdir(), 'eddy-bench-tails-'));
  const streamLog = join(dir, 'stream.log');
  const queueLog = join(dir, 'queue.log');
  await writeFile(streamLog, '');
  await writeFile(queueLog, '');
  // One line a batch: when its invocation started, then its records' ids.
  await writeFile(
    join(dir, 'probe.mjs'),
    `import { appendFileSync } from 'node:fs';
const note = (file, ids) => appendFileSync(file, (performance.timeOrigin + performance.now()) + ' ' + ids.join(',') + '\\n');
export const stream = async (event) => note(${JSON.stringify(streamLog)}, event.Records.map((r) => r.dynamodb.Keys.pk.S));
export const queue = async (event) => note(${JSON.stringify(queueLog)}, event.Records.map((r) => r.body));
`,
  );
  await writeFile(
    join(dir, 'eddy.config.json'),
    JSON.stringify({
      tables: { Latency: { partitionKey: { name: 'pk', type: 'S' }, stream: 'NEW_IMAGE' } },
      queues: { deliveries: {}, backlog: {} },
      functions: {
        stream: { handler: 'probe.mjs#stream', events: [{ stream: { table: 'Latency', batchSize: 100, startingPosition: 'LATEST' } }] },
        queue: {
          handler: 'probe.mjs#queue',
          events: [{ queue: { name: 'deliveries', batchSize: 10 } }, { queue: { name: 'backlog', batchSize: 10, enabled: false } }],
        },
      },
    }),
  );
  const server = await startServerProcess({
    name: 'eddy',
    command: ['node', ...nodeArgs, join(root, 'dist/cli/eddy.js'), 'start', '--port', '0', '--data', join(dir, 'data'), '--config', join(dir, 'eddy.config.json'), '--durability', mode],
    cwd: dir,
    launch: launchPrefix(pinning?.server),
  });
  const client = jsonClient(server.endpoint, 256);
  const load = loadSampler();
  try {
    const { QueueUrl } = await client.call('AmazonSQS.GetQueueUrl', { QueueName: 'deliveries' });
    const put = (id) => client.call('DynamoDB_20120810.PutItem', { TableName: 'Latency', Item: { pk: { S: id }, v: { N: '1' } } });
    const send = (id) => client.call('AmazonSQS.SendMessage', { QueueUrl, MessageBody: id });
    // Warm-up: the consumers have started and the handlers' environments are warm.
    await warmUp(put, streamLog, 'ws');
    await warmUp(send, queueLog, 'wq');
    const result = { put: '–', streamAck: '–', streamSent: '–', send: '–', queueAck: '–', drain: '–' };
    if (!skip.has('stream')) {
      const stream = await phase(put, streamLog, 's', `${runName}-stream`);
      Object.assign(result, { put: stream.request, streamAck: stream.ack, streamSent: stream.sent });
    }
    if (!skip.has('queue')) {
      const queue = await phase(send, queueLog, 'q', `${runName}-queue`);
      Object.assign(result, { send: queue.request, queueAck: queue.ack });
    }
    if (!skip.has('drain')) result.drain = await drain(client, server.endpoint, queueLog);
    return { ...result, load: formatLoad(await load.stop()) };
  } finally {
    await load.stop();
    client.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * One second at the rate, until the handler has seen every id: the consumer is up, and as many execution
 * environments are warm as the rate keeps busy (a queue mapping invokes up to 5 batches at once), so
 * that the measured phase holds no cold start.
 */
async function warmUp(write, log, prefix) {
  const ids = [];
  await openLoop(rate, 1, (i) => {
    ids[i] = `${prefix}-${i}`;
    return write(ids[i]);
  });
  await handlerStarts(log, ids);
}

/** The open-loop phase: ids `${prefix}-0` … at the rate; the three spreads. */
async function phase(write, log, prefix, name) {
  const sent = [];
  const acked = [];
  await openLoop(rate, seconds, async (i) => {
    sent[i] = wallNow();
    await write(`${prefix}-${i}`);
    acked[i] = wallNow();
  });
  const ids = sent.map((_, i) => `${prefix}-${i}`);
  const started = await handlerStarts(log, ids);
  const missing = ids.filter((id) => !started.has(id)).length;
  if (missing > 0) console.error(`${prefix}: ${missing} of ${ids.length} never reached the handler within 30 s`);
  const reached = ids.map((id, i) => [started.get(id), i]).filter(([at]) => at !== undefined);
  if (flags.dump) {
    await mkdir(flags.dump, { recursive: true });
    await writeFile(join(flags.dump, `${name}.tsv`), ids.map((id, i) => `${id}\t${sent[i]}\t${acked[i]}\t${started.get(id) ?? ''}\n`).join(''));
  }
  return {
    request: formatSpread(spread(sent.map((at, i) => acked[i] - at))),
    ack: formatSpread(spread(reached.map(([at, i]) => at - acked[i]))),
    sent: formatSpread(spread(reached.map(([at, i]) => at - sent[i]))),
  };
}

/** The drain phase: the backlog sent, its mapping enabled, messages/s until the last one's invocation started. */
async function drain(client, endpoint, log) {
  const { QueueUrl } = await client.call('AmazonSQS.GetQueueUrl', { QueueName: 'backlog' });
  const ids = Array.from({ length: backlog }, (_, i) => `d-${i}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < ids.length) {
        const chunk = ids.slice(next, (next += 10));
        await client.call('AmazonSQS.SendMessageBatch', { QueueUrl, Entries: chunk.map((id, i) => ({ Id: String(i), MessageBody: id })) });
      }
    }),
  );
  const mappings = JSON.parse(await lambdaRest(endpoint, 'GET', '/2015-03-31/event-source-mappings/?FunctionName=queue')).EventSourceMappings;
  const mapping = mappings.find((m) => m.EventSourceArn.endsWith(':backlog'));
  const enabled = wallNow();
  await lambdaRest(endpoint, 'PUT', `/2015-03-31/event-source-mappings/${mapping.UUID}`, JSON.stringify({ Enabled: true }));
  const started = await handlerStarts(log, ids, 120_000);
  const last = Math.max(...ids.map((id) => started.get(id) ?? 0));
  const missing = ids.filter((id) => !started.has(id)).length;
  return `${Math.round(backlog / ((last - enabled) / 1000)).toLocaleString('en-US')}${missing > 0 ? ` (${missing} missing)` : ''}`;
}

/** A Lambda REST-JSON request (the event source mapping routes); answers the body. */
function lambdaRest(endpoint, method, path, body = '') {
  const url = new URL(endpoint);
  const headers = { authorization: 'AWS4-HMAC-SHA256 Credential=bench/20261207/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0', 'x-amz-date': '20261207T000000Z', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve(text) : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** When the handler's invocation that carried each id started (the first, if it came twice). */
async function handlerStarts(log, ids, waitMs = 30_000) {
  const deadline = Date.now() + waitMs;
  /** @type {Map<string, number>} */
  const started = new Map();
  for (;;) {
    started.clear();
    for (const line of (await readFile(log, 'utf8')).split('\n')) {
      const [at, list] = line.split(' ');
      if (!list) continue;
      for (const id of list.split(',')) if (!started.has(id)) started.set(id, Number(at));
    }
    if (ids.every((id) => started.has(id)) || Date.now() > deadline) return started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
