import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApplyReport } from './apply-report.js';
import { changeSummary } from './change-summary.js';
import { configChanges } from './config-changes.js';
import type { EddyConfig } from './config-types.js';
import { validateConfig } from './validate-config.js';

const FILE = '/app/eddy.config.ts';
const noReport: ApplyReport = { created: [], updated: [], unchanged: [], deployed: [], broken: [] };
const summary = (before: EddyConfig, after: EddyConfig, report = noReport) =>
  changeSummary(configChanges(validateConfig(before, FILE), validateConfig(after, FILE)), report);

const users = { partitionKey: { name: 'userId', type: 'S' }, stream: 'NEW_IMAGE' } as const;
const base: EddyConfig = {
  tables: { Users: users },
  queues: { jobs: {} },
  functions: {
    indexUsers: { handler: 'src/index-users.ts', environment: { AA: '1', BB: '2' }, events: [{ stream: { table: 'Users' } }, { http: 'GET /users' }] },
    worker: { handler: 'src/worker.ts', events: [{ queue: { name: 'jobs' } }] },
  },
};

describe('configChanges and changeSummary', () => {
  it('says there is nothing to do for the same config', () => {
    assert.equal(summary(base, base), 'config: no changes');
  });

  it("lists a function's changed settings, and its events and routes as mappings and routes of their own", () => {
    const after: EddyConfig = {
      ...base,
      functions: {
        indexUsers: {
          handler: 'src/index-users.ts#main',
          timeout: 10,
          reservedConcurrency: 2,
          environment: { AA: '1', BB: 'changed', CC: '3' },
          events: [{ stream: { table: 'Users', batchSize: 10, filterPatterns: [{ eventName: ['INSERT'] }] } }, { http: 'POST /users' }],
        },
        worker: { handler: 'src/worker.ts', events: [] },
        report: { handler: 'src/report.ts' },
      },
    };
    assert.equal(
      summary(base, after),
      'config: +function report, ' +
        '~function indexUsers (handler src/index-users.ts#handler → src/index-users.ts#main, timeout 3 → 10, reservedConcurrency none → 2, environment ~BB +CC), ' +
        '~stream Users → indexUsers (batchSize 100 → 10, filterPatterns changed), -queue jobs → worker, ' +
        '+route POST /users → indexUsers, -route GET /users',
    );
  });

  it('takes tables and queues from what applying them did, and keeps those the config dropped', () => {
    const report: ApplyReport = {
      ...noReport,
      created: [{ kind: 'table', name: 'Orders', changes: [] }],
      updated: [{ kind: 'queue', name: 'work', changes: ['VisibilityTimeout 30 → 60'] }],
      broken: [{ kind: 'function', name: 'report', changes: ['src/report.ts:1:2: Unexpected ";"'] }],
    };
    const after: EddyConfig = {
      tables: { Orders: { partitionKey: { name: 'id', type: 'S' } } },
      queues: { work: { visibilityTimeout: 60 } },
      functions: { report: { handler: 'src/report.ts' } },
      http: { cors: { allowOrigins: ['http://localhost:5173'] } },
    };
    assert.equal(
      summary(base, after, report),
      'config: +table Orders, ~queue work (VisibilityTimeout 30 → 60), +function report (cannot be built), ' +
        '-function indexUsers, -function worker, -stream Users → indexUsers, -queue jobs → worker, -route GET /users, ~http.cors, ' +
        'table Users kept (remove it with aws dynamodb delete-table), queue jobs kept (remove it with aws sqs delete-queue)',
    );
  });

  it('matches a route by its key: another function behind it is a change', () => {
    const functions = { ...base.functions, indexUsers: { handler: 'src/index-users.ts' } };
    const before: EddyConfig = { ...base, functions, http: { routes: { 'GET /users': 'indexUsers' } } };
    const after: EddyConfig = { ...base, functions, http: { routes: { 'GET /users': 'worker' } } };
    assert.equal(summary(before, after), 'config: ~route GET /users (function indexUsers → worker)');
  });

  it('deletes schedules (by group and name) and pipes dropped from the config', () => {
    const pipe = { source: { queue: 'jobs' }, target: { queue: 'jobs' } };
    const before: EddyConfig = {
      ...base,
      schedules: { nightly: { cron: '0 3 * * ? *', target: { queue: 'jobs' } }, moved: { rate: '1 hour', target: { queue: 'jobs' }, group: 'old' }, kept: { rate: '1 hour', target: { queue: 'jobs' } } },
      pipes: { gone: pipe, kept: pipe },
    };
    const after: EddyConfig = { ...base, schedules: { moved: { rate: '1 hour', target: { queue: 'jobs' }, group: 'new' }, kept: before.schedules!['kept']! }, pipes: { kept: pipe } };
    assert.equal(summary(before, after), 'config: -schedule nightly, -schedule old/moved, -pipe gone');
  });
});
