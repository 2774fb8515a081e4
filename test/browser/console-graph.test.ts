import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

// The overview's graph model (console/src/graph-model.js) is plain JavaScript the browser runs: loaded by URL,
// as the test build mirrors src/ and test/ but not console/.
const { buildGraph, invocationCounts, mappingHealth } = (await import(new URL('../../console/src/graph-model.js', import.meta.url).href)) as {
  invocationCounts(metricsText: string): Map<string, number>;
  buildGraph(overview: object, rates?: Map<string, number>): { nodes: any[]; edges: { from: string; to: string; problem: boolean }[] };
  mappingHealth(mapping: object): { lagMs: number; error?: string; failing: boolean; lagging: boolean };
};

const STREAM = 'arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-12-07T00:00:00.000';
const table = { name: 'orders', itemCount: 3, globalIndexes: [], ttl: null, stream: { viewType: 'NEW_IMAGE', arn: STREAM } };
const shard = (extra = {}) => ({ shardId: 's1', state: 'OK', attempts: 0, iteratorAgeMs: 0, inFlight: 0, finished: false, ...extra });
const mapping = (extra = {}) => ({ uuid: 'm1', kind: 'stream', functionName: 'ship:live', sourceArn: STREAM, state: 'Enabled', lastProcessingResult: 'OK', shards: [shard()], ...extra });
const fn = (name: string) => ({ name, runtime: 'nodejs', environments: { busy: 0, idle: 0 } });
const queue = (name: string, extra = {}) => ({ name, arn: `arn:aws:sqs:us-east-1:000000000000:${name}`, visible: 0, inFlight: 0, delayed: 0, ...extra });
const overview = (extra = {}) => ({ tables: [table], mappings: [mapping()], functions: [fn('ship')], queues: [], buses: [], rules: [], ...extra });

describe('the overview graph', () => {
  it('links a table to its stream, the stream to its mapping, the mapping to its function (qualifier dropped)', () => {
    const { edges, nodes } = buildGraph(overview());
    assert.deepEqual(edges.map((e) => `${e.from} > ${e.to}`), ['table:orders > stream:orders', 'stream:orders > mapping:m1', 'mapping:m1 > function:ship']);
    assert.deepEqual(nodes.map((n) => [n.id, n.column]), [['table:orders', 0], ['stream:orders', 1], ['function:ship', 3], ['mapping:m1', 2]]);
    assert.ok(nodes.every((n) => !n.problem));
  });

  it('marks a mapping retrying a batch, or with an error, as a problem, with the error on its node and its edges', () => {
    for (const failing of [mapping({ shards: [shard({ state: 'RETRYING', attempts: 2, lastFailure: { kind: 'timeout', errorMessage: 'Task timed out after 3.00 seconds' } })] }), mapping({ shards: [shard({ lastError: 'Error: boom' })] })]) {
      const { nodes, edges } = buildGraph(overview({ mappings: [failing] }));
      const node = nodes.find((n) => n.id === 'mapping:m1');
      assert.equal(node.problem, true);
      assert.match(node.sub, /Task timed out|Error: boom/);
      assert.deepEqual(edges.filter((e) => e.problem).map((e) => e.to), ['mapping:m1', 'function:ship']);
    }
  });

  it('calls a mapping more than 10 s behind lagging, and one 10 s behind or less fine', () => {
    assert.deepEqual(mappingHealth(mapping({ shards: [shard({ iteratorAgeMs: 10_001 })] })), { lagMs: 10_001, error: undefined, failing: false, lagging: true });
    assert.equal(mappingHealth(mapping({ shards: [shard({ iteratorAgeMs: 10_000 })] })).lagging, false);
    assert.equal(buildGraph(overview({ mappings: [mapping({ shards: [shard({ iteratorAgeMs: 30_000 })] })] })).nodes.find((n) => n.id === 'mapping:m1').problem, true);
  });

  it('marks a dead-letter queue holding messages, and only that', () => {
    const queues = [queue('jobs', { deadLetterTargetArn: queue('jobs-dlq').arn }), queue('jobs-dlq', { visible: 2 }), queue('other', { visible: 5 })];
    const problems = buildGraph(overview({ queues })).nodes.filter((n) => n.problem).map((n) => n.id);
    assert.deepEqual(problems, [`queue:${queue('jobs-dlq').arn}`]);
  });

  it('links a pipe to its target, and a bus to its rules and their targets', () => {
    const bus = { name: 'app', arn: 'arn:aws:events:us-east-1:000000000000:event-bus/app' };
    const rule = { bus: 'app', name: 'toJobs', state: 'ENABLED', counts: { matched: 4, delivered: 3, retrying: 1, failed: 0 }, targets: [{ id: 't', arn: queue('jobs').arn, counts: { failed: 0, retrying: 1 } }] };
    const pipe = mapping({ uuid: 'orders-to-app', target: 'bus app' });
    const { nodes, edges } = buildGraph(overview({ mappings: [pipe], buses: [bus], rules: [rule], queues: [queue('jobs')] }), new Map([['rule:app/toJobs', 2.5]]));
    assert.ok(edges.some((e) => e.from === 'mapping:orders-to-app' && e.to === `bus:${bus.arn}`));
    assert.ok(edges.some((e) => e.from === `bus:${bus.arn}` && e.to === 'rule:app/toJobs'));
    assert.ok(edges.some((e) => e.from === 'rule:app/toJobs' && e.to === `target:${queue('jobs').arn}` && e.problem));
    const ruleNode = nodes.find((n) => n.id === 'rule:app/toJobs');
    assert.equal(ruleNode.problem, true);
    assert.equal(ruleNode.sub, 'app · 3 delivered · 2.5/s · 1 failing');
  });

  it('reads functions\' invocation counts from the metrics text, and draws a function\'s rate in place of its runtime', () => {
    const text = [
      '# HELP eddy_function_invocations_total Invocations this node ran.',
      '# TYPE eddy_function_invocations_total counter',
      'eddy_function_invocations_total{function="ship"} 42',
      'eddy_function_invocations_total{function="odd\\"name"} 3',
      'eddy_function_errors_total{function="ship"} 7',
    ].join('\n');
    assert.deepEqual([...invocationCounts(text)], [['ship', 42], ['odd"name', 3]]);
    assert.equal(buildGraph(overview()).nodes.find((n) => n.id === 'function:ship').sub, 'nodejs · 0 busy / 0 warm');
    assert.equal(buildGraph(overview(), new Map([['function:ship', 12.4]])).nodes.find((n) => n.id === 'function:ship').sub, '0 busy / 0 warm · 12/s');
  });
});
