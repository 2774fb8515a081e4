// Queue throughput: messages/s through Eddy's SQS API with @aws-sdk/client-sqs over HTTP, durable storage.
// Three phases on one queue, each for --duration seconds:
//   send     — N concurrent producers, each sending one message per request (SendMessage), or ten
//              (SendMessageBatch) with --batch;
//   consume  — N concurrent consumers draining the backlog: ReceiveMessage (up to 10) then DeleteMessageBatch;
//   pipeline — producers and consumers at once: every message is sent, received and deleted.
// Eddy runs as a child process pinned to the second CPU (taskset), the load generator on the first.
// Prints a markdown table; see docs/benchmarks.md.
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent as HttpAgent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
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
const agent = new HttpAgent({ keepAlive: true, maxSockets: connections });
const sqs = new SQSClient({
  endpoint: server.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  requestHandler: { httpAgent: agent },
});

const body = JSON.stringify({ event: 'user.created', userId: 'u-000000', email: 'someone@example.com', at: '2026-11-22T10:00:00Z' });
try {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench' }));
  const rows = [];
  const send = async () => {
    if (!batch) {
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
      return 1;
    }
    const Entries = Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: body }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
    return 10;
  };
  const consume = async () => {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    if (Messages.length === 0) return 0;
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
    return Messages.length;
  };

  rows.push(['send', await phase([[connections, send]])]);
  rows.push(['consume (receive 10 + delete batch)', await phase([[connections, consume]])]);
  const half = Math.max(1, connections / 2);
  rows.push(['pipeline (send, receive, delete)', await phase([[half, send], [half, consume]], 1)]);

  console.log(`\n| Phase (${batch ? 'SendMessageBatch of 10' : 'SendMessage'}, ${connections} connections, ${seconds} s) | messages/s |`);
  console.log('| --- | --- |');
  for (const [name, rate] of rows) console.log(`| ${name} | ${Math.round(rate).toLocaleString('en-US')} |`);
} finally {
  sqs.destroy();
  await server.stop();
  await rm(data, { recursive: true, force: true });
}

/**
 * Runs the loops for the duration; returns messages/s counted by the loops at index `countOf`
 * (for the pipeline: the consumers, i.e. messages that went all the way through).
 * @param {[number, () => Promise<number>][]} groups
 */
async function phase(groups, countOf = 0) {
  const deadline = Date.now() + seconds * 1000;
  const counts = groups.map(() => 0);
  const started = Date.now();
  await Promise.all(
    groups.flatMap(([n, work], g) =>
      Array.from({ length: n }, async () => {
        while (Date.now() < deadline) counts[g] += await work();
      }),
    ),
  );
  return counts[countOf] / ((Date.now() - started) / 1000);
}
