import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ApiDestinationDefinition, ArchiveDefinition, BusDefinition, ConnectionDefinition, RuleDefinition } from '../bus/bus-documents.js';
import { createApiDestination } from '../bus/operations/create-api-destination.js';
import { createConnection } from '../bus/operations/create-connection.js';
import { deauthorizeConnection } from '../bus/operations/deauthorize-connection.js';
import { writeConnection } from '../bus/connections/connection-lookup.js';
import { createEventBus } from '../bus/operations/create-event-bus.js';
import { putRule } from '../bus/operations/put-rule.js';
import { putTargets } from '../bus/operations/put-targets.js';
import { tagResource } from '../bus/operations/tag-resource.js';
import { createQueue } from '../queues/operations/queue-lifecycle.js';
import { applyConfig } from './apply-config.js';
import type { EddyConfig } from './config-types.js';
import { ConfigError } from './config-error.js';
import { configTargets } from './fixtures/config-targets.js';
import { removeRules } from './apply-rules.js';
import { validateConfig } from './validate-config.js';
import { memoryEngine } from '../storage/sqlite/fixtures/memory-engine.js';

const FILE = '/app/eddy.config.ts';
const ARN = 'arn:aws:events:us-east-1:000000000000';

const base: EddyConfig = {
  queues: { 'counts.fifo': { fifo: true, contentBasedDeduplication: true }, 'bus-dlq': {} },
  buses: { app: {}, analytics: { description: 'dashboards' } },
  rules: {
    customerCounts: {
      bus: 'app',
      pattern: { source: ['my-service.database'], 'detail-type': ['INSERT', 'REMOVE'] },
      targets: [
        { queue: 'counts.fifo', messageGroupId: 'customers' },
        { function: 'audit', inputPath: '$.detail', retryPolicy: { maximumRetryAttempts: 3, maximumEventAge: 600 }, deadLetter: { queue: 'bus-dlq' } },
        { bus: 'analytics' },
      ],
    },
    nightly: { schedule: 'cron(0 3 * * ? *)', targets: [{ function: 'audit', inputTransformer: { inputPaths: { t: '$.time' }, inputTemplate: '{"at": <t>}' } }] },
  },
  archives: { everything: { bus: 'app', retentionDays: 7 } },
  functions: {
    audit: { handler: 'src/audit.ts' },
    recordHistory: { handler: 'src/history.ts', events: [{ eventBridge: { bus: 'app', pattern: { source: ['a'] }, input: { kind: 'history' } } }, { schedule: 'rate(1 hour)' }] },
  },
};

describe('applyConfig: the event bus', () => {
  let env: ReturnType<typeof configTargets>;
  beforeEach(() => {
    env = configTargets(memoryEngine);
  });
  afterEach(() => env.close());

  const apply = (config: EddyConfig) => applyConfig(validateConfig(config, FILE), env.targets, env.log);
  const store = () => env.targets.bus!.store;
  const rule = async (bus: string, name: string) => (await store().getDocument<RuleDefinition>('rule', bus, name))?.definition;
  const refusal = async (config: EddyConfig) => {
    try {
      await apply(config);
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.problems.map((p) => p.slice(FILE.length + 2));
    }
    assert.fail('expected a ConfigError');
  };
  const names = (list: { kind: string; name: string }[]) => list.map((r) => `${r.kind} ${r.name}`);

  it('creates buses, archives and rules whose targets are AWS Targets; function events become rules of their own', async () => {
    const report = await apply(base);
    assert.deepEqual(names(report.created), [
      'queue counts.fifo', 'queue bus-dlq', 'bus app', 'bus analytics', 'archive everything',
      'rule app/customerCounts', 'rule default/nightly', 'rule app/recordHistory-events-0', 'rule default/recordHistory-events-1',
    ]);
    assert.ok(env.logged.includes('config: created rule app/customerCounts'));
    assert.equal((await store().getDocument<BusDefinition>('bus', '', 'analytics'))?.definition.Description, 'dashboards');
    const archive = (await store().getDocument<ArchiveDefinition>('archive', '', 'everything'))?.definition;
    assert.deepEqual([archive?.bus, archive?.EventSourceArn, archive?.RetentionDays, archive?.State], ['app', `${ARN}:event-bus/app`, 7, 'ENABLED']);

    const counts = await rule('app', 'customerCounts');
    assert.equal(counts?.EventPattern, '{"source":["my-service.database"],"detail-type":["INSERT","REMOVE"]}');
    assert.equal(counts?.State, 'ENABLED');
    assert.deepEqual(counts?.Targets, [
      { Id: 'queue-counts.fifo', Arn: 'arn:aws:sqs:us-east-1:000000000000:counts.fifo', SqsParameters: { MessageGroupId: 'customers' } },
      {
        Id: 'function-audit',
        Arn: 'arn:aws:lambda:us-east-1:000000000000:function:audit',
        InputPath: '$.detail',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
        DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:bus-dlq' },
      },
      { Id: 'bus-analytics', Arn: `${ARN}:event-bus/analytics` },
    ]);
    const nightly = await rule('default', 'nightly');
    assert.equal(nightly?.ScheduleExpression, 'cron(0 3 * * ? *)');
    assert.deepEqual(nightly?.Targets, [
      { Id: 'function-audit', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:audit', InputTransformer: { InputPathsMap: { t: '$.time' }, InputTemplate: '{"at": <t>}' } },
    ]);
    assert.ok((await store().getDocument<RuleDefinition>('rule', 'default', 'nightly'))?.dueAt !== undefined, 'a scheduled rule is due at its next firing');
    assert.deepEqual(await rule('app', 'recordHistory-events-0'), {
      EventPattern: '{"source":["a"]}',
      State: 'ENABLED',
      Targets: [{ Id: 'function-recordHistory', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:recordHistory', Input: '{"kind":"history"}' }],
      Tags: {},
    });
    assert.equal((await rule('default', 'recordHistory-events-1'))?.ScheduleExpression, 'rate(1 hour)');
  });

  it('writes nothing when applied again unchanged; an edit updates in place, saying what changed', async () => {
    await apply(base);
    const version = async (bus: string) => (await store().getDocument('bus', '', bus))?.version;
    const before = { app: await version('app'), default: await version('default') };
    const again = await apply(base);
    assert.deepEqual([again.created, again.updated], [[], []]);
    assert.deepEqual({ app: await version('app'), default: await version('default') }, before, 'no rule or archive write bumped a bus');

    // Tags added through the API stay.
    await tagResource(env.targets.bus!, { ResourceARN: `${ARN}:rule/app/customerCounts`, Tags: [{ Key: 'team', Value: 'crm' }] });
    const counts = base.rules!['customerCounts']!;
    const edited: EddyConfig = {
      ...base,
      buses: { app: {}, analytics: {} },
      rules: {
        ...base.rules,
        customerCounts: { ...counts, pattern: { source: ['other'] }, enabled: false, targets: [counts.targets![2]!, { queue: 'bus-dlq' }] },
      },
      archives: { everything: { bus: 'app', retentionDays: 0, pattern: { source: ['a'] } } },
    };
    const report = await apply(edited);
    assert.deepEqual(report.updated, [
      { kind: 'bus', name: 'analytics', changes: ['description changed'] },
      { kind: 'archive', name: 'everything', changes: ['pattern changed', 'retentionDays 7 → 0'] },
      { kind: 'rule', name: 'app/customerCounts', changes: ['pattern changed', 'state ENABLED → DISABLED', '+target queue-bus-dlq', '-target queue-counts.fifo', '-target function-audit'] },
    ]);
    const updated = await rule('app', 'customerCounts');
    assert.deepEqual(updated?.Targets.map((t) => t.Id), ['bus-analytics', 'queue-bus-dlq']);
    assert.deepEqual(updated?.Tags, { team: 'crm' });
    assert.equal((await store().getDocument<ArchiveDefinition>('archive', '', 'everything'))?.definition.EventPattern, '{"source":["a"]}');
  });

  it('refuses references to buses, queues, functions and connections that exist nowhere, naming each, before writing anything', async () => {
    const problems = await refusal({
      buses: { app: {} },
      rules: {
        r: {
          bus: 'ap',
          pattern: { source: ['a'] },
          targets: [{ queue: 'nope' }, { function: 'ghost', deadLetter: { queue: 'dlq' } }, { bus: 'elsewhere' }, { http: { url: 'https://x.example', connection: 'slack' } }],
        },
      },
      archives: { all: { bus: 'gone' } },
      functions: { f: { handler: 'src/f.ts', events: [{ eventBridge: { bus: 'other', pattern: { source: ['a'] }, deadLetter: { queue: 'missing-dlq' } } }] } },
    });
    assert.deepEqual(problems, [
      'rules.r.bus: bus ap does not exist in this config or in storage',
      'rules.r.targets[0].queue: queue nope does not exist in this config or in storage',
      'rules.r.targets[1].function: function ghost is not declared in this config (functions are declared under functions)',
      'rules.r.targets[1].deadLetter.queue: queue dlq does not exist in this config or in storage',
      'rules.r.targets[2].bus: bus elsewhere does not exist in this config or in storage',
      'rules.r.targets[3].http.connection: connection slack does not exist in this config or in storage',
      'functions.f.events[0].eventBridge.bus: bus other does not exist in this config or in storage',
      'functions.f.events[0].eventBridge.deadLetter.queue: queue missing-dlq does not exist in this config or in storage',
      'archives.all.bus: bus gone does not exist in this config or in storage',
    ]);
    assert.deepEqual(await store().listDocuments('bus'), [], 'nothing applied, not even the good bus');
    assert.deepEqual(await store().listDocuments('rule'), []);
  });

  it('uses buses and queues created through the API; refuses to move an archive to another bus, or to change a managed rule', async () => {
    await createEventBus(env.targets.bus!, { Name: 'api-bus' });
    await createQueue(env.targets.queues, { QueueName: 'api-queue' });
    const config: EddyConfig = {
      functions: { f: { handler: 'src/f.ts' } },
      rules: { r: { bus: 'api-bus', pattern: { source: ['a'] }, targets: [{ queue: 'api-queue' }] } },
      archives: { kept: { bus: 'api-bus' } },
    };
    assert.deepEqual(names((await apply(config)).created), ['archive kept', 'rule api-bus/r']);

    assert.deepEqual(await refusal({ ...config, buses: { app: {} }, archives: { kept: { bus: 'app' } } }), [
      'archives.kept.bus: the stored archive kept keeps the events of bus api-bus; an archive\'s bus cannot change (delete it to re-create it: aws events delete-archive --archive-name kept)',
    ]);
    await store().writeDocument<RuleDefinition, void>({
      kind: 'rule', scope: 'default', name: 'managed', now: 0,
      decide: () => ({ definition: { EventPattern: '{"source":["a"]}', State: 'ENABLED', ManagedBy: 'events.amazonaws.com', Tags: {}, Targets: [] }, result: undefined }),
    });
    assert.deepEqual(await refusal({ ...config, rules: { managed: { pattern: { source: ['b'] } } } }), [
      'rules.managed: rule managed on bus default is managed by events.amazonaws.com and cannot be changed',
    ]);
  });

  it('adopts a rule put through the API, replacing its pattern and targets with the config\'s', async () => {
    await putRule(env.targets.bus!, { Name: 'adopted', EventPattern: '{ "source": ["a"] }' });
    const report = await apply({ functions: { f: { handler: 'src/f.ts' } }, rules: { adopted: { pattern: { source: ['a'] }, targets: [{ function: 'f' }] } } });
    assert.deepEqual(report.updated, [{ kind: 'rule', name: 'default/adopted', changes: ['+target function-f'] }]);
  });
  it('creates connections, then updates only what differs, naming no secret; one deauthorized since is authorized again', async () => {
    const connections: EddyConfig['connections'] = {
      slack: { apiKey: { name: 'x-api-key', value: 'k1' } },
      crm: { description: 'the CRM', basic: { username: 'u', password: 'p' } },
      billing: { oauth: { authorizationEndpoint: 'https://auth.example/token', clientId: 'app', clientSecret: 's1' } },
    };
    const report = await apply({ connections });
    assert.deepEqual(names(report.created), ['connection slack', 'connection crm', 'connection billing']);
    const connection = async (name: string) => (await store().getDocument<ConnectionDefinition>('connection', '', name))?.definition;
    const slack = await connection('slack');
    assert.deepEqual([slack?.AuthorizationType, slack?.ConnectionState, slack?.AuthParameters], ['API_KEY', 'AUTHORIZED', { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k1' } }]);
    assert.equal((await connection('crm'))?.Description, 'the CRM');
    const billing = await connection('billing');
    assert.deepEqual([billing?.ConnectionState, billing?.AuthParameters?.OAuthParameters], [
      'AUTHORIZING',
      { ClientParameters: { ClientID: 'app', ClientSecret: 's1' }, AuthorizationEndpoint: 'https://auth.example/token', HttpMethod: 'POST' },
    ]);

    const again = await apply({ connections });
    assert.deepEqual([again.created, again.updated, names(again.unchanged)], [[], [], ['connection slack', 'connection crm', 'connection billing']]);

    await deauthorizeConnection(env.targets.bus!, { Name: 'crm' });
    const edited = await apply({
      connections: { ...connections, slack: { apiKey: { name: 'x-api-key', value: 'k2' } }, billing: { description: 'money', basic: { username: 'b', password: 'q' } } },
    });
    assert.deepEqual(edited.updated, [
      { kind: 'connection', name: 'slack', changes: ['credentials changed'] },
      { kind: 'connection', name: 'crm', changes: ['authorized again (it was DEAUTHORIZED)'] },
      { kind: 'connection', name: 'billing', changes: ['authorization OAUTH_CLIENT_CREDENTIALS → BASIC', 'description changed'] },
    ]);
    assert.deepEqual((await connection('slack'))?.AuthParameters, { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k2' } });
    assert.equal(slack?.id, (await connection('slack'))?.id, 'updated in place: the same connection (ARN)');
    assert.deepEqual([(await connection('crm'))?.ConnectionState, (await connection('crm'))?.AuthParameters], ['AUTHORIZED', { BasicAuthParameters: { Username: 'u', Password: 'p' } }]);
    const changed = await connection('billing');
    assert.deepEqual([changed?.AuthorizationType, changed?.ConnectionState, changed?.Description], ['BASIC', 'AUTHORIZED', 'money']);
    assert.ok(!env.logged.some((line) => /k1|k2|s1/.test(line)), 'no secret logged');
  });

  it('tries an OAuth connection whose authorization failed for good (DEAUTHORIZED, its parameters kept) again when the config is applied', async () => {
    const connections: EddyConfig['connections'] = { billing: { oauth: { authorizationEndpoint: 'https://auth.example/token', clientId: 'app', clientSecret: 's1' } } };
    await apply({ connections });
    // What OAuthTokens writes when the endpoint refuses the credentials.
    await writeConnection(store(), 'billing', Date.now(), (current) => ({
      definition: { ...current!.definition, ConnectionState: 'DEAUTHORIZED', StateReason: 'refused' },
      dueAt: null,
      result: undefined,
    }));
    const again = await apply({ connections });
    assert.deepEqual(again.updated, [{ kind: 'connection', name: 'billing', changes: ['authorized again (it was DEAUTHORIZED)'] }]);
    const billing = (await store().getDocument<ConnectionDefinition>('connection', '', 'billing'))?.definition;
    assert.equal(billing?.ConnectionState, 'AUTHORIZING');
    const unchanged = await apply({ connections });
    assert.deepEqual(names(unchanged.unchanged), ['connection billing'], 'authorizing: nothing to do');
  });

  it('makes one API destination per http target, updates it in place when its url or method changes, and deletes it with its target or rule', async () => {
    const hooks = (targets: NonNullable<NonNullable<EddyConfig['rules']>[string]['targets']>): EddyConfig => ({
      buses: { app: {} },
      connections: { slack: { apiKey: { name: 'x-api-key', value: 'k' } }, pager: { basic: { username: 'u', password: 'p' } } },
      rules: { notify: { bus: 'app', pattern: { source: ['a'] }, targets } },
    });
    const destination = async (name: string) => (await store().getDocument<ApiDestinationDefinition>('api-destination', '', name))?.definition;
    const connectionArn = async (name: string) => `${ARN}:connection/${name}/${(await store().getDocument<ConnectionDefinition>('connection', '', name))?.definition.id}`;

    const report = await apply(hooks([
      { http: { url: 'https://hooks.example/a', connection: 'slack' }, inputPath: '$.detail' },
      { http: { url: 'https://hooks.example/b', method: 'PUT', connection: 'slack' } },
    ]));
    assert.deepEqual(names(report.created), ['bus app', 'connection slack', 'connection pager', 'rule app/notify']);
    const first = await destination('app.notify.http-slack');
    const second = await destination('app.notify.http-slack-2');
    assert.deepEqual(first && { ...first, id: undefined }, {
      id: undefined,
      Description: 'The http target http-slack of rule app/notify (eddy config)',
      ConnectionArn: await connectionArn('slack'),
      InvocationEndpoint: 'https://hooks.example/a',
      HttpMethod: 'POST',
      InvocationRateLimitPerSecond: 300,
    });
    assert.deepEqual([second?.InvocationEndpoint, second?.HttpMethod], ['https://hooks.example/b', 'PUT']);
    assert.deepEqual((await rule('app', 'notify'))?.Targets, [
      { Id: 'http-slack', Arn: `${ARN}:api-destination/app.notify.http-slack/${first?.id}`, InputPath: '$.detail' },
      { Id: 'http-slack-2', Arn: `${ARN}:api-destination/app.notify.http-slack-2/${second?.id}` },
    ]);

    // An API destination of the API's, named by a target put through the API: the config removes the target, never the destination.
    const { ApiDestinationArn } = (await createApiDestination(env.targets.bus!, {
      Name: 'own', ConnectionArn: await connectionArn('pager'), InvocationEndpoint: 'https://own.example', HttpMethod: 'POST',
    })) as { ApiDestinationArn: string };
    await putTargets(env.targets.bus!, { Rule: 'notify', EventBusName: 'app', Targets: [{ Id: 'http-own', Arn: ApiDestinationArn }] });

    const edited = await apply(hooks([
      { http: { url: 'https://hooks.example/a2', method: 'PATCH', connection: 'slack' }, inputPath: '$.detail' },
      { http: { url: 'https://pager.example', connection: 'pager' } },
    ]));
    assert.deepEqual(edited.updated, [{ kind: 'rule', name: 'app/notify', changes: ['+target http-pager', '-target http-slack-2', '-target http-own', '~target http-slack'] }]);
    const moved = await destination('app.notify.http-slack');
    assert.deepEqual([moved?.id, moved?.InvocationEndpoint, moved?.HttpMethod], [first?.id, 'https://hooks.example/a2', 'PATCH']);
    assert.equal(await destination('app.notify.http-slack-2'), undefined, 'deleted with its target');
    assert.ok(await destination('own'), 'the API\'s kept');
    assert.equal((await destination('app.notify.http-pager'))?.ConnectionArn, await connectionArn('pager'));

    // Only the url changed: the rule's Targets are the same, the change is still told.
    const urlOnly = await apply(hooks([
      { http: { url: 'https://hooks.example/a3', method: 'PATCH', connection: 'slack' }, inputPath: '$.detail' },
      { http: { url: 'https://pager.example', connection: 'pager' } },
    ]));
    assert.deepEqual(urlOnly.updated, [{ kind: 'rule', name: 'app/notify', changes: ['~target http-slack'] }]);
    assert.equal((await destination('app.notify.http-slack'))?.InvocationEndpoint, 'https://hooks.example/a3');

    await removeRules(env.targets.bus!, env.targets.httpTargets, [{ bus: 'app', name: 'notify' }]);
    assert.deepEqual((await store().listDocuments('api-destination')).map((d) => d.name), ['own'], 'the rule\'s destinations deleted with it, the API\'s kept');
    assert.ok(ApiDestinationArn.endsWith(`/own/${(await destination('own'))?.id}`));
  });
});
