import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCpuList } from './cpu-pinning.mjs';
import { cpuUse, cpuWarnings } from './cpu-usage.mjs';
import { markdownReport, pickOps } from './report.mjs';

/** @param {number} requestsPerSec @param {number} p50 @param {number} p99 */
function op(requestsPerSec, p50 = 500, p99 = 2000) {
  return {
    requestsPerSec,
    requests: requestsPerSec * 10,
    durationUs: 10e6,
    bytes: 0,
    errors: { connect: 0, read: 0, write: 0, status: 0, timeout: 0 },
    latencyUs: { min: 10, mean: p50, stdev: 1, max: p99, p50, p90: p99, p99, p999: p99 },
    serverCpuPercent: 100,
    serverCoreBusyPercent: 100,
    wrkCoreBusyPercent: 60,
  };
}

test('parseCpuList reads taskset lists', () => {
  assert.deepEqual(parseCpuList('0,1'), [0, 1]);
  assert.deepEqual(parseCpuList('0-3,6'), [0, 1, 2, 3, 6]);
  assert.deepEqual(parseCpuList('2'), [2]);
  assert.deepEqual(parseCpuList(''), []);
});

test('pickOps picks the best or the median round by requests/s, per operation', () => {
  const rounds = [
    { ops: { put: op(300), get: op(10) }, warnings: [] },
    { ops: { put: op(100), get: op(30) }, warnings: [] },
    { ops: { put: op(200, 7, 8) }, warnings: [] },
  ];
  const median = pickOps(rounds, ['put', 'get'], 'median');
  assert.equal(median.put?.requestsPerSec, 200);
  assert.equal(median.put?.latencyUs.p50, 7);
  // Two rounds: the lower one.
  assert.equal(median.get?.requestsPerSec, 10);
  assert.deepEqual(pickOps([], ['put'], 'median'), {});
  const best = pickOps(rounds, ['put', 'get'], 'best');
  assert.equal(best.put?.requestsPerSec, 300);
  assert.equal(best.get?.requestsPerSec, 30);
});

test('markdownReport sets each target against the ceiling and lists n/a targets and warnings', () => {
  const results = [
    { id: 'ceiling', label: 'ceiling', status: 'ok', ops: { put: op(40000, 450, 2100) }, rounds: [{ ops: { put: op(40000) }, warnings: [] }], warnings: [] },
    { id: 'dynalite', label: 'dynalite', status: 'ok', ops: { put: op(12345.6, 2000, 9000) }, rounds: [{ ops: { put: op(12345.6) }, warnings: [] }], warnings: ['round 1: PutItem: 3 non-2xx answers'] },
    { id: 'eddy', label: 'Eddy', status: 'n/a', reason: 'dist/cli/eddy.js does not exist\nmore', ops: {}, rounds: [], warnings: [] },
  ];
  const report = markdownReport(/** @type {any} */ (results), ['put'], 1, 'best');
  assert.equal(
    report,
    [
      '| Target | PutItem req/s | p50 | p99 |',
      '| --- | --- | --- | --- |',
      '| ceiling | 40,000 | 0.45 ms | 2.10 ms |',
      '| dynalite | 12,346 (31 %) | 2.00 ms | 9.00 ms |',
      '| Eddy | n/a | n/a | n/a |',
      '',
      '(%) = share of the ceiling.',
      '',
      '- dynalite: ⚠ round 1: PutItem: 3 non-2xx answers',
      '- Eddy: n/a — dist/cli/eddy.js does not exist',
    ].join('\n'),
  );
});

test('cpuUse and cpuWarnings flag an unsaturated server and a shared core', () => {
  const use = cpuUse({ server: 10, serverCore: 100, wrkCore: 50 }, { server: 16, serverCore: 109, wrkCore: 57 }, 10e6);
  assert.deepEqual(use, { serverCpuPercent: 60, serverCoreBusyPercent: 90, wrkCoreBusyPercent: 70 });
  assert.deepEqual(cpuWarnings('PutItem', use), [
    "PutItem: the server used only 60 % of its core (wrk's core 70 % busy); it waited on wrk, other processes or its own I/O",
    "PutItem: other processes took 30 % of the server's core",
  ]);
  assert.deepEqual(cpuWarnings('GetItem', { serverCpuPercent: 99, serverCoreBusyPercent: 100, wrkCoreBusyPercent: 60 }), []);
  assert.deepEqual(cpuUse({}, {}, 10e6), { serverCpuPercent: null, serverCoreBusyPercent: null, wrkCoreBusyPercent: null });
});

test('markdownReport names the pick and lists every round when there are several', () => {
  const rounds = [{ ops: { get: op(900) }, warnings: [] }, { ops: {}, warnings: [] }, { ops: { get: op(1000) }, warnings: [] }];
  const results = [{ id: 'ceiling', label: 'ceiling', status: 'ok', ops: { get: op(1000) }, rounds, warnings: [] }];
  assert.equal(
    markdownReport(/** @type {any} */ (results), ['get'], 3, 'best'),
    [
      '| Target | GetItem req/s | p50 | p99 |',
      '| --- | --- | --- | --- |',
      '| ceiling | 1,000 | 0.50 ms | 2.00 ms |',
      '',
      'Best round of 3 by requests/s; (%) = share of the ceiling.',
      '',
      'Requests/s per round:',
      '',
      '- ceiling GetItem: 900, failed, 1,000',
    ].join('\n'),
  );
});

test('markdownReport has Query columns beside PutItem and GetItem', () => {
  const rounds = [{ ops: { get: op(30000), query: op(9000, 2700, 8600) }, warnings: [] }, { ops: { get: op(31000), query: op(10319.4, 2722, 8608) }, warnings: [] }];
  const results = [{ id: 'eddy', label: 'Eddy', status: 'ok', ops: pickOps(rounds, ['get', 'query'], 'best'), rounds, warnings: [] }];
  assert.equal(
    markdownReport(/** @type {any} */ (results), ['get', 'query'], 2, 'best'),
    [
      '| Target | GetItem req/s | p50 | p99 | Query req/s | p50 | p99 |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      '| Eddy | 31,000 | 0.50 ms | 2.00 ms | 10,319 | 2.72 ms | 8.61 ms |',
      '',
      'Best round of 2 by requests/s; (%) = share of the ceiling.',
      '',
      'Requests/s per round:',
      '',
      '- eddy GetItem: 30,000, 31,000',
      '- eddy Query: 9,000, 10,319',
    ].join('\n'),
  );
});
