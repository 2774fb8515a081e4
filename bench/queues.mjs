// Queue throughput: messages/s through Eddy's SQS API over HTTP (AWS JSON 1.0 requests as the SDKs send
// them, built by hand so that the load generator is not the bottleneck), durable storage.
// Three phases on one queue, each for at most --duration seconds:
//   send     — N concurrent producers, each sending one message per request (SendMessage), or ten
//              (SendMessageBatch) with --batch;
//   consume  — N concurrent consumers draining a backlog of at least 100,000 messages: ReceiveMessage
//              (up to 10, WaitTimeSeconds 1) then DeleteMessageBatch, until the queue is empty;
//   pipeline — N/2 producers and N/2 consumers at once: messages that were sent, received and deleted.
// Eddy runs as a child process pinned to the second CPU (taskset), the load generator on the first.
// Prints a markdown table (messages/s, and how long each step of a loop took); see docs/benchmarks.md.
// Closed loops at saturation: for SendMessage latency under a steady rate see bench/delivery-tails.mjs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { cpuUse, sampleCpu } from './lib/cpu-usage.mjs';
import { jsonClient } from './lib/json-client.mjs';
import { formatSpread, spread } from './lib/latency-spread.mjs';
import { startServerProcess } from './lib/server-process.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    batch: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(`usage: node bench/queues.mjs [--duration SECONDS] [--connections N] [--batch] [--no-build]`);
  process.exit(0);
}
const seconds = Number(flags.duration);
const connections = Number(flags.connections);
const batch = flags.batch;
if (!flags['no-build']) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });

const pinning = await chooseCpus(true);
if (pinning) execFileSync('taskset', ['-cp', String(pinning.wrk), String(process.pid)], { stdio: 'ignore' });
const data = await mkdtemp(join(tmpdir(), 'eddy-bench-queues-'));
const server = await startServerProcess({
  name: 'eddy',
  command: ['node', join(ROOT, 'dist/cli/eddy.js'), 'start', '--port', '0', '--data', data],
  cwd: ROOT,
  launch: launchPrefix(pinning?.server),
});
const client = jsonClient(server.endpoint, connections);
/** One AmazonSQS.* request as the SDKs send it, built by hand: a Node SDK client saturates its core long before Eddy does. */
const call = (operation, input) => client.call(`AmazonSQS.${operation}`, input);

/** Messages waiting when the consume phase starts. */
const BACKLOG = 100_000;
const body = JSON.stringify({ event: 'user.created', userId: 'u-000000', email: 'someone@example.com', at: '2026-11-22T10:00:00Z' });
try {
  const { QueueUrl } = await call('CreateQueue', { QueueName: 'bench' });
  const rows = [];
  const send = async () => {
    if (!batch) {
      await call('SendMessage', { QueueUrl, MessageBody: body });
      return 1;
    }
    const Entries = Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: body }));
    await call('SendMessageBatch', { QueueUrl, Entries });
    return 10;
  };
  const drain = async () => {
    const got = await consume();
    return got === 0 ? -1 : got;
  };
  const consume = async () => {
    /** @type {{ Messages?: { ReceiptHandle: string }[] }} */
    const { Messages = [] } = await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
    if (Messages.length === 0) return 0;
    await call('DeleteMessageBatch', { QueueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) });
    return Messages.length;
  };

  rows.push(['send', await phase([[connections, send]])]);
  // Consumers drain the backlog the send phase left, topped up to at least BACKLOG messages; the phase
  // ends when it is empty or the duration is over, whichever comes first.
  const { Attributes } = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] });
  for (let n = Number(Attributes.ApproximateNumberOfMessages); n < BACKLOG; n += 10) {
    await call('SendMessageBatch', { QueueUrl, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: body })) });
  }
  rows.push(['consume a backlog (receive 10 + delete batch)', await phase([[connections, drain]])]);
  const half = Math.max(1, connections / 2);
  rows.push(['pipeline (send, receive, delete)', await phase([[half, send], [half, consume]], 1)]);

  console.log(`\n| Phase (${batch ? 'SendMessageBatch of 10' : 'SendMessage'}, ${connections} connections, ${seconds} s) | messages/s | a loop's step, p50 / p99 / p99.9 / max in ms | Eddy's CPU | load generator's core |`);
  console.log('| --- | --- | --- | --- | --- |');
  for (const [name, { rate, steps, use }] of rows) {
    const percent = (/** @type {number | null} */ p) => (p === null ? 'n/a' : `${p} %`);
    console.log(`| ${name} | ${Math.round(rate).toLocaleString('en-US')} | ${formatSpread(spread(steps))} | ${percent(use.serverCpuPercent)} | ${percent(use.wrkCoreBusyPercent)} |`);
  }
} finally {
  client.close();
  await server.stop();
  await rm(data, { recursive: true, force: true });
}

/**
 * Runs the loops for the duration; returns messages/s counted by the loops at index `countOf`
 * (for the pipeline: the consumers, i.e. messages that went all the way through), how long those loops'
 * steps took (closed loops: under saturation this is mostly queueing), and the CPU used.
 * @param {[number, () => Promise<number>][]} groups
 */
async function phase(groups, countOf = 0) {
  const deadline = Date.now() + seconds * 1000;
  const counts = groups.map(() => 0);
  /** How long each step of the counted loops took (a send; a receive and its delete), in ms. */
  const steps = [];
  const before = await sampleCpu(server.pid, pinning);
  const started = Date.now();
  await Promise.all(
    groups.flatMap(([n, work], g) =>
      Array.from({ length: n }, async () => {
        while (Date.now() < deadline) {
          const began = performance.now();
          const done = await work(); // not `counts[g] += await work()`: that reads counts[g] before the await
          if (g === countOf && done > 0) steps.push(performance.now() - began);
          if (done < 0) break; // the backlog is drained
          counts[g] += done;
        }
      }),
    ),
  );
  const elapsedMs = Date.now() - started;
  const use = cpuUse(before, await sampleCpu(server.pid, pinning), elapsedMs * 1000);
  return { rate: counts[countOf] / (elapsedMs / 1000), steps, use };
}
