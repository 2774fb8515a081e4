import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineConfig } from './config-types.js';
import { configRules } from './config-rules.js';
import { validateConfig } from './validate-config.js';
import { CONFIG_FILE, configProblems } from './fixtures/config-problems.js';

const FILE = CONFIG_FILE;

const problems = configProblems;

const fns = { audit: { handler: 'src/audit.ts' } };
const rule = (extra: Record<string, unknown>) => ({ functions: fns, rules: { r: { pattern: { source: ['a'] }, ...extra } } });
const target = (t: Record<string, unknown>) => rule({ targets: [t] });

describe('validateConfig: the event bus', () => {
  it("normalizes the issue's example: defaults, target ids, input as JSON text, function events as rules", () => {
    const config = validateConfig(
      defineConfig({
        buses: { app: {}, analytics: { description: 'for the dashboards' } },
        rules: {
          customerCounts: {
            bus: 'app',
            pattern: { source: ['my-service.database'], 'detail-type': ['INSERT', 'REMOVE'], detail: { dynamodb: { Keys: { pk: { S: [{ prefix: 'OID#' }] } } } } },
            enabled: true,
            targets: [
              { queue: 'customer-counts.fifo', messageGroupId: 'customers' },
              { function: 'audit', inputPath: '$.detail', retryPolicy: { maximumRetryAttempts: 3, maximumEventAge: 600 }, deadLetter: { queue: 'bus-dlq' } },
              { bus: 'analytics' },
              { http: { url: 'https://hooks.example/x', method: 'POST', connection: 'slack' } },
              { function: 'audit', input: { kind: 'copy' } },
            ],
          },
          nightly: { schedule: 'cron(0 3 * * ? *)', enabled: false, description: 'at 3', targets: [{ function: 'audit', input: 'tick' }] },
        },
        archives: { everything: { bus: 'app', retentionDays: 7 } },
        connections: { slack: { apiKey: { name: 'x-api-key', value: 'secret' } }, hub: { oauth: { authorizationEndpoint: 'https://auth.example/token', clientId: 'id', clientSecret: 's' } } },
        functions: {
          audit: { handler: 'src/audit.ts' },
          recordHistory: {
            handler: 'src/history.ts',
            events: [{ eventBridge: { bus: 'app', pattern: { source: ['my-service.database'] }, inputPath: '$.detail' } }, { schedule: 'rate(1 hour)' }],
          },
        },
      }),
      FILE,
    );
    assert.deepEqual(config.buses, { app: {}, analytics: { description: 'for the dashboards' } });
    assert.deepEqual(config.rules['customerCounts']!.targets, [
      { queue: 'customer-counts.fifo', messageGroupId: 'customers', id: 'queue-customer-counts.fifo' },
      { function: 'audit', inputPath: '$.detail', retryPolicy: { maximumRetryAttempts: 3, maximumEventAge: 600 }, deadLetter: { queue: 'bus-dlq' }, id: 'function-audit' },
      { bus: 'analytics', id: 'bus-analytics' },
      { http: { url: 'https://hooks.example/x', method: 'POST', connection: 'slack' }, id: 'http-slack' },
      { function: 'audit', input: '{"kind":"copy"}', id: 'function-audit-2' },
    ]);
    assert.deepEqual(config.rules['nightly'], {
      bus: 'default', schedule: 'cron(0 3 * * ? *)', enabled: false, description: 'at 3', targets: [{ function: 'audit', input: '"tick"', id: 'function-audit' }],
    });
    assert.deepEqual(config.archives, { everything: { bus: 'app', retentionDays: 7 } });
    assert.deepEqual(config.connections, {
      slack: { apiKey: { name: 'x-api-key', value: 'secret' } },
      hub: { oauth: { authorizationEndpoint: 'https://auth.example/token', method: 'POST', clientId: 'id', clientSecret: 's' } },
    });
    assert.deepEqual(
      configRules(config).map(({ bus, name, path }) => `${bus}/${name} ${path}`),
      ['app/customerCounts rules.customerCounts', 'default/nightly rules.nightly', 'app/recordHistory-events-0 functions.recordHistory.events[0]', 'default/recordHistory-events-1 functions.recordHistory.events[1]'],
    );
    assert.deepEqual(configRules(config)[2]!.rule, {
      bus: 'app', pattern: { source: ['my-service.database'] }, enabled: true, targets: [{ function: 'recordHistory', inputPath: '$.detail', id: 'function-recordHistory' }],
    });
    assert.deepEqual(configRules(config)[3]!.rule, { bus: 'default', schedule: 'rate(1 hour)', enabled: true, targets: [{ function: 'recordHistory', id: 'function-recordHistory' }] });
  });

  it('checks rules: names, bus, a pattern or a schedule, schedules on the default bus only, fields', () => {
    assert.deepEqual(problems({ rules: { 'bad name': { pattern: { source: ['a'] } }, r: { bus: 'app' }, s: { bus: 'app', schedule: 'rate(5 minutes)' }, t: { pattern: { source: ['a'] }, enabld: true, enabled: 'yes' } } }), [
      'rules["bad name"]: expected a rule name (1 to 64 characters: letters, digits, . - _), got "bad name"',
      'rules.r: expected a pattern, a schedule or both, got neither',
      'rules.s.schedule: schedules run on the default bus only (as on EventBridge), and this rule is on bus app',
      'rules.t.enabld: unknown field (did you mean enabled?)',
      'rules.t.enabled: expected true or false, got "yes"',
    ]);
  });

  it("checks patterns with src/patterns' messages and schedules with src/schedules", () => {
    assert.deepEqual(problems({ rules: { p: { pattern: { source: 'a' } }, q: { pattern: [] }, s: { schedule: 'rate(5 minute)' }, c: { schedule: 'cron(0 3 * * * *)' } } }), [
      'rules.p.pattern: Event pattern is not valid. Reason: "source" must be an object or an array',
      'rules.q.pattern: expected an object, got an array',
      'rules.s.schedule: expected a schedule, rate(…) or cron(…) (a rate above 1 takes the plural unit minutes), got "rate(5 minute)"',
      'rules.c.schedule: expected a schedule, rate(…) or cron(…) (exactly one of day-of-month and day-of-week must be ?), got "cron(0 3 * * * *)"',
    ]);
  });

  it('checks targets: one resource each, at most 5, FIFO queues with a message group, not their own bus', () => {
    assert.deepEqual(problems(rule({ targets: Array.from({ length: 6 }, () => ({ function: 'audit' })) })), [
      'rules.r.targets: expected a list of at most 5 targets (EventBridge\'s limit per rule), got "6 targets"',
    ]);
    assert.deepEqual(
      problems(rule({ bus: 'app', targets: [{}, { queue: 'q', function: 'f' }, { queue: 'jobs.fifo' }, { queue: 'jobs', messageGroupId: 'g' }, { bus: 'app' }] })),
      [
        'rules.r.targets[0]: expected exactly one of queue, function, bus, http, topic, got none',
        'rules.r.targets[1]: expected exactly one of queue, function, bus, http, topic, got queue, function',
        'rules.r.targets[2].messageGroupId: required: messages sent to the FIFO queue jobs.fifo need a message group',
        'rules.r.targets[3].messageGroupId: only FIFO queues (names ending in .fifo) take one, and jobs is a standard queue',
      ],
    );
    assert.deepEqual(problems(rule({ bus: 'app', targets: [{ bus: 'app' }] })), ['rules.r.targets[0].bus: a rule cannot send events to its own bus app (they would match it again)']);
    assert.deepEqual(problems(target({ function: 'audit', messageGroupId: 'g' })), ['rules.r.targets[0].messageGroupId: only queue and topic targets take a messageGroupId']);
    assert.deepEqual(problems(target({ http: { url: 'ftp://x', method: 'FETCH' } })), [
      'rules.r.targets[0].http.url: expected an https:// (or http://) URL, at most 2048 characters, written as sent (a space as %20), got "ftp://x"',
      'rules.r.targets[0].http.method: expected one of "POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE", got "FETCH"',
      'rules.r.targets[0].http.connection: required',
    ]);
    assert.deepEqual(problems(target({ http: { url: 'https://hooks.example/a b', connection: 'slack' } })), [
      'rules.r.targets[0].http.url: expected an https:// (or http://) URL, at most 2048 characters, written as sent (a space as %20), got "https://hooks.example/a b"',
    ]);
  });

  it("checks every target's input options, retry policy and dead-letter queue; input paths and templates in PutTargets' words", () => {
    assert.deepEqual(problems(target({ function: 'audit', input: 1, inputPath: '$.detail' })), [
      'rules.r.targets[0]: expected at most one of input, inputPath, inputTransformer, got input, inputPath',
    ]);
    assert.deepEqual(problems(target({ function: 'audit', inputPath: 'detail' })), ['rules.r.targets[0]: InputPath for target function-audit is invalid.']);
    assert.deepEqual(problems(target({ function: 'audit', inputTransformer: { inputPaths: { id: '$.id' }, inputTemplate: '{"id": <id>, "x": <x>}' } })), [
      'rules.r.targets[0]: InputTemplate for target function-audit contains invalid placeholder x.',
    ]);
    assert.deepEqual(problems(target({ function: 'audit', input: () => 1, inputTransformer: { inputPaths: { id: 1 } } })), [
      'rules.r.targets[0]: expected at most one of input, inputPath, inputTransformer, got input, inputTransformer',
    ]);
    assert.deepEqual(problems(target({ function: 'audit', inputTransformer: { inputPaths: { id: 1 } } })), [
      'rules.r.targets[0].inputTransformer.inputTemplate: required',
      'rules.r.targets[0].inputTransformer.inputPaths.id: expected a string, got 1',
    ]);
    assert.deepEqual(problems(target({ function: 'audit', input: () => 1 })), ['rules.r.targets[0].input: expected a JSON value (an object, array, string, number, boolean or null), got a function']);
    assert.deepEqual(
      problems(target({ function: 'audit', retryPolicy: { maximumRetryAttempts: 186, maximumEventAge: 59, tries: 1 }, deadLetter: { queue: 'dlq.fifo' } })),
      [
        'rules.r.targets[0].retryPolicy.tries: unknown field (expected one of maximumRetryAttempts, maximumEventAge)',
        'rules.r.targets[0].retryPolicy.maximumRetryAttempts: expected an integer from 0 to 185, got 186',
        'rules.r.targets[0].retryPolicy.maximumEventAge: expected an integer from 60 to 86400, got 59',
        'rules.r.targets[0].deadLetter.queue: expected a standard queue (a bus target\'s dead-letter queue is not a FIFO queue), got "dlq.fifo"',
      ],
    );
  });

  it('checks function events: eventBridge (a pattern, target options) and schedule; their rules may not clash with rules', () => {
    const events = [{ eventBridge: { bus: 'app' } }, { eventBridge: { pattern: { source: ['a'] }, input: '{', inputPath: '$' , qeue: 1 } }, { schedule: 'every hour' }];
    assert.deepEqual(problems({ functions: { f: { handler: 'f.ts', events } } }), [
      'functions.f.events[0].eventBridge.pattern: required',
      'functions.f.events[1].eventBridge.qeue: unknown field (expected one of bus, pattern, input, inputPath, inputTransformer, retryPolicy, deadLetter)',
      'functions.f.events[1].eventBridge: expected at most one of input, inputPath, inputTransformer, got input, inputPath',
      'functions.f.events[2].schedule: expected a schedule, rate(…) or cron(…) (expected rate(…), cron(…)), got "every hour"',
    ]);
    assert.deepEqual(problems({ functions: { f: { handler: 'f.ts', events: [{ schedule: 'rate(1 hour)' }] } }, rules: { 'f-events-0': { schedule: 'rate(1 day)' } } }), [
      'functions.f.events[0]: makes the rule f-events-0 on bus default, which rules["f-events-0"] already declares',
    ]);
  });

  it('checks buses, archives and connections', () => {
    assert.deepEqual(problems({ buses: { default: {}, 'a/b': {}, app: { description: 1, policy: '' } } }), [
      'buses.default: the default bus always exists: declare custom buses only',
      'buses["a/b"]: expected a bus name (1 to 256 characters: letters, digits, . - _), got "a/b"',
      'buses.app.policy: unknown field (expected one of description)',
      'buses.app.description: expected a description (at most 512 characters), got 1',
    ]);
    assert.deepEqual(problems({ archives: { all: { retentionDays: -1, pattern: { detail: 1 } } } }), [
      'archives.all.bus: required',
      'archives.all.pattern: Event pattern is not valid. Reason: "detail" must be an object or an array',
      'archives.all.retentionDays: expected a whole number of days (0: kept forever), got -1',
    ]);
    assert.deepEqual(problems({ connections: { a: {}, b: { apiKey: { name: 'x:y' }, basic: {} }, c: { basic: { username: 'u' } }, d: { oauth: { authorizationEndpoint: 'x', method: 'PATCH', clientId: 'i', clientSecret: 's' } } } }), [
      'connections.a: expected exactly one of apiKey, basic, oauth, got none',
      'connections.b: expected exactly one of apiKey, basic, oauth, got apiKey, basic',
      'connections.c.basic.password: required',
      'connections.d.oauth.authorizationEndpoint: expected an https:// (or http://) URL, got "x"',
      'connections.d.oauth.method: expected one of "GET", "POST", "PUT", got "PATCH"',
    ]);
  });
});
