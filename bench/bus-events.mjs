// Event bus benchmarks, against `eddy start --data <temp> --config <generated>` pinned to the second CPU, the
// load generator (this process, requests built by hand as the SDKs send them) on the first:
//   throughput: PutEvents of 10 entries per request from wrk (bench/wrk/put-events.lua, --connections connections)
//               for --duration seconds onto a bus with 100 rules (rule i matches source `bench.service-i`; each event
//               matches one rule, whose target is a queue). Figures: events/s accepted (answered with an
//               EventId, so on disk), and events/s the delivery runner put on the queue meanwhile (same
//               process, same core).
//   latency:    PutEvents (one entry) → function target handler start. Events put one at a time (a few ms
//               apart); the handler notes when it started (performance.timeOrigin + performance.now(), a
//               high-resolution wall clock both processes share); the figure is that minus the moment the
//               client had the PutEvents answer.
// Prints a markdown table; see docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chooseCpus, launchPrefix } from './lib/cpu-pinning.mjs';
import { cpuUse, sampleCpu } from './lib/cpu-usage.mjs';
import { jsonClient } from './lib/json-client.mjs';
import { startServerProcess } from './lib/server-process.mjs';
import { runWrk } from './lib/wrk.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    rules: { type: 'string', default: '100' },
    events: { type: 'string', default: '1000' },
    profile: { type: 'string' },
    memory: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'via-bus': { type: 'boolean', default: false },
    unpinned: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log('usage: node bench/bus-events.mjs [--duration SECONDS] [--connections N] [--rules N] [--events N (latency)] [--profile DIR (a CPU profile of Eddy)] [--memory (no durable storage)] [--via-bus (targets are a second bus, through the delivery runner)] [--unpinned (Eddy and wrk on any CPU)] [--no-build]');
  process.exit(0);
}
const seconds = Number(flags.duration);
const connections = Number(flags.connections);
const ruleCount = Number(flags.rules);
const latencyEvents = Number(flags.events);
if (!flags['no-build']) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });

const dir = await mkdtemp(join(tmpdir(), 'eddy-bench-bus-'));
const latencyLog = join(dir, 'latency.log');
await writeFile(latencyLog, '');
await writeFile(
  join(dir, 'probe.mjs'),
  `import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  const started = performance.timeOrigin + performance.now();
  appendFileSync(${JSON.stringify(latencyLog)}, event.detail.n + ' ' + started + '\\n');
};
`,
);
await writeFile(join(dir, 'eddy.config.json'), JSON.stringify({ queues: { 'bench-sink': {} }, functions: { probe: { handler: 'probe.mjs#handler' } } }));

const pinning = await chooseCpus(!flags.unpinned);
if (pinning) execFileSync('taskset', ['-cp', String(pinning.wrk), String(process.pid)], { stdio: 'ignore' });
const server = await startServerProcess({
  name: 'eddy',
  command: ['node', ...(flags.profile ? ['--cpu-prof', '--cpu-prof-dir', flags.profile] : []), join(ROOT, 'dist/cli/eddy.js'), 'start', '--port', '0', ...(flags.memory ? ['--memory'] : ['--data', join(dir, 'data')]), '--config', join(dir, 'eddy.config.json'), '--log-level', 'quiet'],
  cwd: ROOT,
  launch: launchPrefix(pinning?.server),
});
const client = jsonClient(server.endpoint, connections);
const events = (operation, input) => client.call(`AWSEvents.${operation}`, input);
const sqs = (operation, input) => client.call(`AmazonSQS.${operation}`, input);
/** Lambda Invoke, InvocationType Event, of the probe; resolves on its 202. */
const invokeAsync = (body) =>
  new Promise((resolve, reject) => {
    const url = new URL(server.endpoint);
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: 'POST', path: '/2015-03-31/functions/probe/invocations', agent: invokeAgent, headers: { authorization: 'AWS4-HMAC-SHA256 Credential=bench/20261122/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0', 'x-amz-date': '20261122T000000Z', 'content-type': 'application/json', 'x-amz-invocation-type': 'Event', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 202 ? resolve(undefined) : reject(new Error(`Invoke: HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
const invokeAgent = new Agent({ keepAlive: true, maxSockets: 1 });
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

try {
  // Throughput.
  const SINK = 'arn:aws:sqs:us-east-1:000000000000:bench-sink';
  await events('CreateEventBus', { Name: 'bench' });
  // --via-bus: each rule's target is a second bus (a delivery the runner claims, attempts and settles),
  // whose one rule puts every event on the queue; by default the queue is each rule's target itself
  // (a local queue target is delivered in the transaction that accepts the event).
  let target = { Id: 'sink', Arn: SINK };
  if (flags['via-bus']) {
    await events('CreateEventBus', { Name: 'bench-relay' });
    await events('PutRule', { Name: 'relay', EventBusName: 'bench-relay', EventPattern: JSON.stringify({ source: [{ prefix: 'bench.' }] }) });
    await events('PutTargets', { Rule: 'relay', EventBusName: 'bench-relay', Targets: [{ Id: 'sink', Arn: SINK, InputPath: '$.detail' }] });
    target = { Id: 'relay', Arn: 'arn:aws:events:us-east-1:000000000000:event-bus/bench-relay', RoleArn: 'arn:aws:iam::000000000000:role/bench' };
  }
  for (let i = 0; i < ruleCount; i++) {
    await events('PutRule', { Name: `rule-${i}`, EventBusName: 'bench', EventPattern: JSON.stringify({ source: [`bench.service-${i}`], 'detail-type': ['OrderPlaced'] }) });
    await events('PutTargets', { Rule: `rule-${i}`, EventBusName: 'bench', Targets: [target] });
  }
  const { QueueUrl } = await sqs('GetQueueUrl', { QueueName: 'bench-sink' });
  const onQueue = async () => Number((await sqs('GetQueueAttributes', { QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] })).Attributes.ApproximateNumberOfMessages);
  const wrk = (duration) =>
    runWrk({ endpoint: server.endpoint, script: 'put-events', scriptArgs: ['bench', String(ruleCount)], threads: 1, connections, duration, launch: launchPrefix(pinning?.wrk) });
  // Warm-up: the rule set compiled, the JIT at work.
  const warm = await wrk('2s');
  const queuedBefore = await onQueue();
  const before = await sampleCpu(server.pid, pinning);
  const measured = await wrk(`${seconds}s`);
  const elapsed = measured.durationUs / 1e6;
  const after = await sampleCpu(server.pid, pinning);
  const use = cpuUse(before, after, measured.durationUs);
  const queuedAfter = await onQueue();
  const delivered = queuedAfter - queuedBefore;
  const accepted = measured.requests * 10;
  const refused = measured.errors.status;
  // Everything accepted reaches the queue before the latency phase starts (its deliveries would wait behind).
  // The drain is delivery alone: its CPU time per delivery, and the run's CPU time less its deliveries'
  // at that price, give the CPU each side costs an event, which a loaded machine does not change much.
  const total = (warm.requests + measured.requests) * 10;
  const drainStart = Date.now();
  while ((await onQueue()) < total && Date.now() - drainStart < 300_000) await sleep(500); // counting is O(queue length): not too often
  const drainSeconds = (Date.now() - drainStart) / 1000;
  const drainedCpu = (await sampleCpu(server.pid, pinning)).server;
  const drained = Math.max(0, total - queuedAfter);
  // A drain of a few thousand deliveries (delivery kept up) is too short to price one: its CPU is mostly
  // the queue counting and the runner's last batches.
  const MIN_DRAINED = 20_000;
  const known = before.server !== undefined && after.server !== undefined && drainedCpu !== undefined && drained >= MIN_DRAINED;
  const deliveryCpuUs = known ? ((drainedCpu - after.server) * 1e6) / drained : null;
  const acceptCpuUs = known ? ((after.server - before.server) * 1e6 - delivered * deliveryCpuUs) / accepted : null;

  // Latency.
  await events('CreateEventBus', { Name: 'latency' });
  await events('PutRule', { Name: 'probe', EventBusName: 'latency', EventPattern: '{"source":["bench.latency"]}' });
  await events('PutTargets', { Rule: 'probe', EventBusName: 'latency', Targets: [{ Id: 'probe', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:probe' }] });
  // The control, first: the same probe invoked asynchronously through the Lambda API (InvocationType Event),
  // the path a function target's delivery ends in (whichever phase runs first also meets what the
  // throughput phase left behind: its WAL being checkpointed, its garbage collected).
  const invokeAcked = new Map();
  for (let n = 0; n < latencyEvents; n++) {
    await invokeAsync(JSON.stringify({ detail: { n: `i${n}` } }));
    invokeAcked.set(`i${n}`, performance.timeOrigin + performance.now());
    await sleep(2);
  }
  const acked = new Map();
  for (let n = 0; n < latencyEvents; n++) {
    await events('PutEvents', { Entries: [{ EventBusName: 'latency', Source: 'bench.latency', DetailType: 'Probe', Detail: JSON.stringify({ n }) }] });
    acked.set(String(n), performance.timeOrigin + performance.now());
    await sleep(2);
  }
  const startedAt = new Map();
  for (let tries = 0; startedAt.size < 2 * latencyEvents && tries < 200; tries++) {
    for (const line of (await readFile(latencyLog, 'utf8')).split('\n')) {
      const [n, at] = line.split(' ');
      if (n && !startedAt.has(n)) startedAt.set(n, Number(at));
    }
    if (startedAt.size < 2 * latencyEvents) await sleep(50);
  }
  const latencies = [...acked].filter(([n]) => startedAt.has(n)).map(([n, at]) => startedAt.get(n) - at).sort((a, b) => a - b);
  const invokeLatencies = [...invokeAcked].filter(([n]) => startedAt.has(n)).map(([n, at]) => startedAt.get(n) - at).sort((a, b) => a - b);

  const ms = (x) => `${x.toFixed(2)} ms`;
  const percent = (p) => (p === null ? 'n/a' : `${p} %`);
  const rate = (x) => Math.round(x).toLocaleString('en-US');
  console.log(`\n| Event bus (${ruleCount} rules${flags['via-bus'] ? ' targeting a second bus' : ''}, ${connections} connections, ${seconds} s) | figure |`);
  console.log('| --- | --- |');
  console.log(`| PutEvents, 10 entries a request: events/s accepted | ${rate(accepted / elapsed)} (${refused} requests refused; Eddy's CPU ${percent(use.serverCpuPercent)}, wrk's core ${percent(use.wrkCoreBusyPercent)}; p50 ${ms(measured.latencyUs.p50 / 1000)}, p99 ${ms(measured.latencyUs.p99 / 1000)} a request) |`);
  console.log(`| events/s delivered to the queue target meanwhile | ${rate(delivered / elapsed)} (the rest delivered ${drainSeconds.toFixed(1)} s later) |`);
  if (deliveryCpuUs !== null && acceptCpuUs !== null) {
    console.log(`| CPU per event: accepting (the run's CPU less its deliveries') / delivering (the drain's, ${rate(drained)} deliveries) | ${acceptCpuUs.toFixed(1)} µs / ${deliveryCpuUs.toFixed(1)} µs |`);
  } else if (after.server !== undefined && before.server !== undefined) {
    const perEvent = ((after.server - before.server) * 1e6) / accepted;
    console.log(`| CPU per event accepted, its delivery included (${rate(drained)} left to drain after the run) | ${perEvent.toFixed(1)} µs |`);
  }
  console.log(`| PutEvents answered → function target handler start, p50 (${latencies.length} of ${latencyEvents} events) | ${ms(percentile(latencies, 50))} |`);
  console.log(`| PutEvents answered → function target handler start, p99 | ${ms(percentile(latencies, 99))} |`);
  console.log(`| … p90 / max; events over 10 ms | ${ms(percentile(latencies, 90))} / ${ms(latencies.at(-1) ?? 0)}; ${latencies.filter((l) => l > 10).length} |`);
  console.log(`| control: Lambda Invoke (Event) answered → handler start, p50 / p90 / p99 / max (${invokeLatencies.length} of ${latencyEvents}) | ${[50, 90, 99].map((p) => ms(percentile(invokeLatencies, p))).join(' / ')} / ${ms(invokeLatencies.at(-1) ?? 0)} |`);
} finally {
  client.close();
  invokeAgent.destroy();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
