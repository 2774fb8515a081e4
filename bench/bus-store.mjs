// What the bus store costs PutEvents and the delivery runner, below HTTP and matching: acceptEvents calls
// of 10 events, each matched by `--matches` rules (one target each), `--concurrency` calls in flight
// (they share group commits), against durable storage; then the runner's side, claims of 100 and their
// settles as delivered, until the backlog is drained. Reports events/s and deliveries/s, and the
// process's CPU time per event (every thread: the WAL checkpointer's too).
//
// Usage: node scripts/build.mjs && node bench/bus-store.mjs [--events 200000] [--matches 3] [--concurrency 32]
//        [--archive] (every event also archived)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { openSqliteEngine } from '../dist/storage/sqlite/sqlite-engine.js';

const { values: flags } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    matches: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '32' },
    archive: { type: 'boolean', default: false },
  },
});
const events = Number(flags.events);
const matches = Number(flags.matches);
const concurrency = Number(flags.concurrency);
const PER_CALL = 10;

// A PutEvents entry as the bus stores it: about 400 bytes of envelope.
const detail = JSON.stringify({ orderId: 'o-000000', customer: 'c-000000', total: 12345, items: ['a', 'b', 'c'], note: 'x'.repeat(120) });
const targets = Array.from({ length: matches }, (_, i) => ({
  Id: `t${i}`,
  Arn: `arn:aws:sqs:us-east-1:000000000000:queue-${i}`,
  RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
}));

function call(n, now) {
  const deliveries = [];
  const archived = [];
  for (let e = 0; e < PER_CALL; e++) {
    const id = randomUUID();
    const payload = `{"version":"0","id":"${id}","detail-type":"OrderPlaced","source":"shop.orders","account":"000000000000","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":${detail}}`;
    for (let r = 0; r < matches; r++) {
      deliveries.push({ id: `${id}/${r}`, bus: 'app', rule: `rule-${r}`, targetId: `t${r}`, eventId: id, payload, target: targets[r], acceptedAt: now, dueAt: now });
    }
    // An event's time has a resolution of one second (EventBridge's `time`): the events of one second
    // share it and are ordered by their random ids.
    const eventTime = Math.floor(Date.now() / 1000) * 1000;
    if (flags.archive) archived.push({ archive: 'all', eventId: id, eventTime, json: payload });
  }
  return { deliveries, archived, now };
}

const dir = await mkdtemp(join(tmpdir(), 'eddy-bus-store-'));
const engine = openSqliteEngine({ path: join(dir, 'eddy.sqlite') });
try {
  const now = Date.now();
  let cpu = process.cpuUsage();
  let started = process.hrtime.bigint();
  const calls = events / PER_CALL;
  let next = 0;
  const worker = async () => {
    while (next < calls) await engine.bus.acceptEvents(call(next++, now));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  report('acceptEvents', events, events * matches, started, cpu);

  cpu = process.cpuUsage();
  started = process.hrtime.bigint();
  let drained = 0;
  const runner = async (owner) => {
    for (;;) {
      const claimed = await engine.bus.claimDeliveries(owner, now, now + 60_000, 100);
      if (claimed.length === 0) return;
      const settled = await engine.bus.settleDeliveries(owner, claimed.map((d) => ({ id: d.id, kind: 'delivered' })));
      drained += settled; // not `drained += await …`, which would add to the value read before the await
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, i) => runner(`runner-${i}`)));
  report('claim + settle', undefined, drained, started, cpu);
  const stats = await engine.bus.deliveryStats('app');
  if (stats.some((s) => s.matched !== events || s.delivered !== events || s.pending !== 0)) throw new Error(`counters: ${JSON.stringify(stats)}`);
} finally {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
}

function report(what, eventCount, deliveryCount, started, cpu) {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuUs = (used.user + used.system) / (eventCount ?? deliveryCount);
  const rates = [eventCount && `${Math.round(eventCount / seconds).toLocaleString('en')} events/s`, `${Math.round(deliveryCount / seconds).toLocaleString('en')} deliveries/s`];
  console.log(`${what}: ${rates.filter(Boolean).join(', ')} · ${cpuUs.toFixed(1)} µs CPU per ${eventCount ? 'event' : 'delivery'} · ${seconds.toFixed(2)} s`);
}
