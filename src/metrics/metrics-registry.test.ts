import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry } from './metrics-registry.js';
import { escapeHelp, escapeLabelValue, formatValue } from './exposition.js';
import { routePattern } from './request-metrics.js';

describe('the text exposition format', () => {
  it('escapes backslash, double quote and line feed in label values, and nothing else', () => {
    assert.equal(escapeLabelValue('plain-name_1.fifo'), 'plain-name_1.fifo');
    assert.equal(escapeLabelValue('a\\b'), 'a\\\\b');
    assert.equal(escapeLabelValue('say "hi"'), 'say \\"hi\\"');
    assert.equal(escapeLabelValue('two\nlines'), 'two\\nlines');
    assert.equal(escapeLabelValue('\\"\n'), '\\\\\\"\\n');
    assert.equal(escapeLabelValue('tab\there ünïcode {}=,'), 'tab\there ünïcode {}=,');
  });

  it('escapes backslash and line feed in HELP text, but not double quotes', () => {
    assert.equal(escapeHelp('C:\\path "quoted"\nnext'), 'C:\\\\path "quoted"\\nnext');
  });

  it('writes infinities and NaN as Prometheus reads them', () => {
    assert.deepEqual([Infinity, -Infinity, NaN, 0, 1.5, 1e-4, 3].map(formatValue), ['+Inf', '-Inf', 'NaN', '0', '1.5', '0.0001', '3']);
  });

  it('renders HELP and TYPE before each family\'s samples, label values escaped, one sample a line', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter('eddy_test_requests_total', 'Requests\nby "kind".', ['kind', 'status']);
    requests.labels('Put"Item', '200').inc();
    requests.labels('Put"Item', '200').inc(2);
    requests.labels('a\\b\nc', '400').inc();
    registry.gauge('eddy_test_depth', 'Depth.').labels().set(7);
    assert.equal(
      registry.render(),
      [
        '# HELP eddy_test_requests_total Requests\\nby "kind".',
        '# TYPE eddy_test_requests_total counter',
        'eddy_test_requests_total{kind="Put\\"Item",status="200"} 3',
        'eddy_test_requests_total{kind="a\\\\b\\nc",status="400"} 1',
        '# HELP eddy_test_depth Depth.',
        '# TYPE eddy_test_depth gauge',
        'eddy_test_depth 7',
        '',
      ].join('\n'),
    );
  });

  it('renders a histogram\'s buckets cumulative, ending at +Inf, with _sum and _count', () => {
    const registry = new MetricsRegistry();
    const latency = registry.histogram('eddy_test_seconds', 'Latency.', ['op'], [0.001, 0.01, 0.1]);
    const get = latency.labels('Get');
    for (const seconds of [0.0005, 0.001, 0.002, 0.05, 0.05, 3]) get.observe(seconds);
    registry.histogram('eddy_test_bare_seconds', 'No labels.', [], [1]).labels().observe(2);
    assert.equal(
      registry.render(),
      [
        '# HELP eddy_test_seconds Latency.',
        '# TYPE eddy_test_seconds histogram',
        // 0.001 is in the 0.001 bucket: a bound is inclusive (le).
        'eddy_test_seconds_bucket{op="Get",le="0.001"} 2',
        'eddy_test_seconds_bucket{op="Get",le="0.01"} 3',
        'eddy_test_seconds_bucket{op="Get",le="0.1"} 5',
        'eddy_test_seconds_bucket{op="Get",le="+Inf"} 6',
        'eddy_test_seconds_sum{op="Get"} 3.1035',
        'eddy_test_seconds_count{op="Get"} 6',
        '# HELP eddy_test_bare_seconds No labels.',
        '# TYPE eddy_test_bare_seconds histogram',
        'eddy_test_bare_seconds_bucket{le="1"} 0',
        'eddy_test_bare_seconds_bucket{le="+Inf"} 1',
        'eddy_test_bare_seconds_sum 2',
        'eddy_test_bare_seconds_count 1',
        '',
      ].join('\n'),
    );
  });

  it('refuses what the format does not allow: counters not ending in _total, bad names, le as a label, a name twice, unordered buckets', () => {
    const registry = new MetricsRegistry();
    assert.throws(() => registry.counter('eddy_requests', 'x'), /must end in _total/);
    assert.throws(() => registry.gauge('eddy-depth', 'x'), /invalid metric name/);
    assert.throws(() => registry.gauge('eddy_depth', 'x', ['queue-name']), /invalid label name/);
    assert.throws(() => registry.histogram('eddy_h', 'x', ['le'], [1]), /invalid label name/);
    assert.throws(() => registry.histogram('eddy_h2', 'x', [], [1, 1]), /increasing/);
    registry.gauge('eddy_once', 'x');
    assert.throws(() => registry.gauge('eddy_once', 'x'), /registered twice/);
    assert.throws(() => registry.counter('eddy_two_total', 'x', ['a', 'b']).labels('only-one'), /takes 2 label values/);
  });

  it('hands out the same child for the same label values, so a caller may keep it', () => {
    const family = new MetricsRegistry().counter('eddy_same_total', 'x', ['a', 'b']);
    assert.equal(family.labels('x', 'y'), family.labels('x', 'y'));
    assert.notEqual(family.labels('x', 'y'), family.labels('x\u0000y', ''));
  });
});

describe('scrapes', () => {
  it('set collected gauges afresh each time: a queue gone since the last scrape is no longer shown', async () => {
    const registry = new MetricsRegistry();
    const depth = registry.gauge('eddy_test_queue_messages', 'Depth.', ['queue']);
    let queues: Record<string, number> = { a: 1, b: 2 };
    registry.collect([depth], async () => {
      for (const [name, n] of Object.entries(queues)) depth.labels(name).set(n);
    });
    assert.match(await registry.scrape(), /eddy_test_queue_messages\{queue="a"\} 1\neddy_test_queue_messages\{queue="b"\} 2\n/);
    queues = { b: 5 };
    const text = await registry.scrape();
    assert.doesNotMatch(text, /queue="a"/);
    assert.match(text, /eddy_test_queue_messages\{queue="b"\} 5\n/);
  });

  it('leave out a collector that fails, report it, and still answer the rest', async () => {
    const registry = new MetricsRegistry();
    registry.counter('eddy_test_kept_total', 'Kept.').labels().inc(4);
    const depth = registry.gauge('eddy_test_failing', 'Failing.', ['queue']);
    registry.collect([depth], async () => {
      depth.labels('half-set').set(1);
      throw new Error('database unreachable');
    });
    const failures: unknown[] = [];
    const text = await registry.scrape((error) => failures.push(error));
    assert.deepEqual(failures.map((e) => (e as Error).message), ['database unreachable']);
    assert.match(text, /^eddy_test_kept_total 4$/m);
    assert.doesNotMatch(text, /half-set/);
  });

  it('run one after another, so one scrape never sees another\'s half-collected gauges', async () => {
    const registry = new MetricsRegistry();
    const depth = registry.gauge('eddy_test_serial', 'x', ['n']);
    let running = 0;
    let most = 0;
    registry.collect([depth], async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      depth.labels('1').set(1);
      running--;
    });
    const texts = await Promise.all([registry.scrape(), registry.scrape(), registry.scrape()]);
    assert.equal(most, 1);
    for (const text of texts) assert.match(text, /eddy_test_serial\{n="1"\} 1/);
  });
});

describe('routePattern', () => {
  it('names a REST route by its path, captures as {}', () => {
    assert.equal(routePattern(/^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/), '/2015-03-31/functions/{}/invocations');
    assert.equal(routePattern(/^\/schedules\/?$/), '/schedules');
    assert.equal(routePattern(/^\/2017-03-31\/tags\/([^/]+)\/?$/), '/2017-03-31/tags/{}');
    assert.equal(routePattern(/^\/v1\/pipes\/([^/]+)$/), '/v1/pipes/{}');
  });
});
