import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { MetricsRegistry } from '../metrics/metrics-registry.js';
import { RequestMetrics } from '../metrics/request-metrics.js';
import { silentLogger } from '../shared/logger.js';
import { ProcessReports } from './process-reports.js';
import type { FromRequestProcess } from './process-messages.js';

/**
 * A stand-in request process (a real one over a real IPC channel) that holds each ask for its counts until the
 * test sends `release`, then answers each held ask with 3 GetItems, and says how many asks it held.
 */
const HOLDER = `
const held = [];
process.on('message', (m) => {
  if (m.kind === 'metrics') held.push(m);
  if (m.kind === 'release') {
    const asks = held.splice(0).length;
    for (let i = 0; i < asks; i++) process.send({ kind: 'metrics', operations: [{ service: 'dynamodb', operation: 'GetItem', statuses: [[200, 3]], buckets: [], sum: 0, count: 3 }] });
    process.send({ kind: 'released', asks });
  }
});`;

function setUp(): { child: ChildProcess; registry: MetricsRegistry; released: () => Promise<number> } {
  const child = spawn(process.execPath, ['-e', HOLDER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const registry = new MetricsRegistry();
  const reports = new ProcessReports({ metrics: { registry, requests: new RequestMetrics(registry) }, logger: silentLogger }, () => [child]);
  let onReleased: ((asks: number) => void) | undefined;
  child.on('message', (message: FromRequestProcess | { kind: 'released'; asks: number }) => {
    if (message.kind === 'released') onReleased?.(message.asks);
    else reports.received(child, message);
  });
  const released = () => {
    const answered = new Promise<number>((resolve) => (onReleased = resolve));
    child.send({ kind: 'release' });
    return answered;
  };
  return { child, registry, released };
}

const gets = async (registry: MetricsRegistry) => {
  const line = (await registry.scrape()).split('\n').find((l) => l.startsWith('eddy_requests_total{service="dynamodb",operation="GetItem",status="200"} '));
  return line === undefined ? 0 : Number(line.split(' ')[1]);
};

describe('ProcessReports: a request process that does not answer a scrape', () => {
  it('is not waited for; its answer, come later, counts at the next scrape, once', async () => {
    const { child, registry, released } = setUp();
    try {
      await once(child, 'spawn');
      assert.equal(await gets(registry), 0); // answered without it
      assert.equal(await released(), 1); // its answer is in now, between scrapes
      assert.equal(await gets(registry), 3); // asked again (held): the late answer counts
      assert.equal(await released(), 1);
      assert.equal(await gets(registry), 6, 'each answer counted once');
    } finally {
      child.kill();
    }
  });

  it('is not asked again while an ask is unanswered: the next scrape waits for that answer', async () => {
    const { child, registry, released } = setUp();
    try {
      await once(child, 'spawn');
      assert.equal(await gets(registry), 0);
      const scraping = gets(registry); // asks nothing: the child has one ask unanswered
      await new Promise(setImmediate); // an ask that scrape would send is on the channel before the release
      assert.equal(await released(), 1, 'one ask held, not two');
      assert.equal(await scraping, 3);
    } finally {
      child.kill();
    }
  });
});
