import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeArchiveCommand,
  DescribeConnectionCommand,
  DescribeRuleCommand,
  ListApiDestinationsCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { EddyConfig } from '../../../src/config/config-types.js';
import { ManualClock } from '../../../src/shared/clock.js';
import type { Logger } from '../../../src/shared/logger.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { drainMessages, receiveMessages, type TestQueue } from '../events/delivery-fixtures.js';
import { busArnOf, rejectsWith, ruleArnOf } from '../events/events-fixtures.js';
import { startEndpoint, type TestEndpoint } from '../events/http-endpoint.js';

const ARN = 'arn:aws:events:us-east-1:000000000000';
const ORDERS_TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/Orders';

/** A handler that POSTs the event it was invoked with, as JSON, to RECORD_URL: what a function target receives, seen from outside. */
const RECORDER = 'export const handler = async (event: unknown) => (await fetch(process.env.RECORD_URL!, { method: "POST", body: JSON.stringify(event) })).status;\n';

/** A directory with the recorder handler and `config` as eddy.config.json; returns the config file. */
function project(prefix: string): { dir: string; write(config: EddyConfig): string } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  writeFileSync(join(dir, 'record.ts'), RECORDER);
  return {
    dir,
    write(config) {
      const file = join(dir, 'eddy.config.json');
      writeFileSync(file, JSON.stringify(config, null, 2));
      return file;
    },
  };
}

const queueOf = async (eddy: TestEddy, name: string): Promise<TestQueue> => ({
  name,
  url: (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!,
  arn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
});

interface TargetCounts {
  id: string;
  counts: { matched: number; delivered: number; pending: number; retrying: number; failed: number; deadLettered: number };
}

/** `GET /_eddy/bus/rules?bus=…` (what `eddy rules` shows) once no delivery of the bus is pending or retrying: `rule → target id → [matched, delivered]`. */
async function settledCounts(eddy: TestEddy, bus: string): Promise<Record<string, Record<string, [number, number]>>> {
  const rules = await eventually(
    `the deliveries of bus ${bus} done`,
    async () => ((await (await fetch(`${eddy.endpoint}/_eddy/bus/rules?bus=${bus}`)).json()) as { rules: { name: string; targets: TargetCounts[] }[] }).rules,
    { accept: (rules) => rules.every((rule) => rule.targets.every(({ counts }) => counts.pending === 0 && counts.retrying === 0)) },
  );
  return Object.fromEntries(rules.map((rule) => [rule.name, Object.fromEntries(rule.targets.map(({ id, counts }) => [id, [counts.matched, counts.delivered]]))]));
}

/** The envelope AWS sends a target with no input option (SEMANTICS C.3, field order included). */
const envelope = (id: string, entry: PutEventsRequestEntry, time: string): string =>
  `{"version":"0","id":"${id}","detail-type":"${entry.DetailType}","source":"${entry.Source}","account":"000000000000",` +
  `"time":"${time}","region":"us-east-1","resources":${JSON.stringify(entry.Resources ?? [])},"detail":${entry.Detail}}`;

describe('eddy.config.ts bus parts, applied end to end', () => {
  const clock = new ManualClock(Date.UTC(2026, 6, 1, 12, 0, 30));
  const NOW = '2026-07-01T12:00:30Z';
  let eddy: TestEddy;
  let hook: TestEndpoint;
  let recorded: TestEndpoint;
  let dir: string;
  before(async () => {
    hook = await startEndpoint();
    recorded = await startEndpoint(() => ({ status: 200, body: '' }));
    const files = project('eddy-bus-config-');
    dir = files.dir;
    const config = files.write({
      queues: { 'orders.fifo': { fifo: true, contentBasedDeduplication: true }, 'analytics-seen': {} },
      buses: { app: { description: 'the application' }, analytics: {} },
      connections: { hooks: { apiKey: { name: 'x-api-key', value: 'hook-secret' } } },
      rules: {
        orders: {
          bus: 'app',
          pattern: { source: ['shop'], 'detail-type': ['OrderPlaced'], detail: { id: [{ prefix: 'OID#' }] } },
          targets: [
            { function: 'audit', inputPath: '$.detail' },
            { queue: 'orders.fifo', messageGroupId: 'customers' },
            { bus: 'analytics' },
            {
              http: { url: `${hook.url}/hooks/orders`, method: 'PUT', connection: 'hooks' },
              inputTransformer: { inputPaths: { id: '$.detail.id', total: '$.detail.total' }, inputTemplate: '{"order": <id>, "total": <total>, "rule": <aws.events.rule-name>}' },
            },
          ],
        },
        everything: { bus: 'analytics', pattern: { source: ['shop'] }, targets: [{ queue: 'analytics-seen' }] },
      },
      archives: { placed: { bus: 'app', pattern: { 'detail-type': ['OrderPlaced'] }, retentionDays: 7 } },
      functions: {
        audit: { handler: 'record.ts', environment: { RECORD_URL: `${recorded.url}/audit` } },
        recordHistory: {
          handler: 'record.ts',
          environment: { RECORD_URL: `${recorded.url}/history` },
          events: [{ eventBridge: { bus: 'app', pattern: { source: ['shop'] } } }, { schedule: 'rate(1 minute)' }],
        },
      },
    });
    eddy = await startTestEddy({ config, clock });
  });
  after(async () => {
    await eddy.stop();
    await hook.close();
    await recorded.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the buses, connection, archive and rules, each target an AWS Target, the http target an API destination', async () => {
    assert.deepEqual(
      eddy.config?.report.created.filter((r) => r.kind !== 'queue').map((r) => `${r.kind} ${r.name}`),
      ['bus app', 'bus analytics', 'archive placed', 'connection hooks', 'rule app/orders', 'rule analytics/everything', 'rule app/recordHistory-events-0', 'rule default/recordHistory-events-1'],
    );
    const connection = await eddy.events.send(new DescribeConnectionCommand({ Name: 'hooks' }));
    assert.deepEqual([connection.ConnectionState, connection.AuthorizationType, connection.AuthParameters], ['AUTHORIZED', 'API_KEY', { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key' } }]);
    const [destination, ...others] = (await eddy.events.send(new ListApiDestinationsCommand({}))).ApiDestinations ?? [];
    assert.deepEqual(others, []);
    assert.deepEqual(
      [destination?.Name, destination?.ConnectionArn, destination?.InvocationEndpoint, destination?.HttpMethod, destination?.ApiDestinationState],
      ['app.orders.http-hooks', connection.ConnectionArn, `${hook.url}/hooks/orders`, 'PUT', 'ACTIVE'],
    );
    const { Targets } = await eddy.events.send(new ListTargetsByRuleCommand({ Rule: 'orders', EventBusName: 'app' }));
    assert.deepEqual(Targets, [
      { Id: 'function-audit', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:audit', InputPath: '$.detail' },
      { Id: 'queue-orders.fifo', Arn: 'arn:aws:sqs:us-east-1:000000000000:orders.fifo', SqsParameters: { MessageGroupId: 'customers' } },
      { Id: 'bus-analytics', Arn: busArnOf('analytics') },
      {
        Id: 'http-hooks',
        Arn: destination?.ApiDestinationArn,
        InputTransformer: { InputPathsMap: { id: '$.detail.id', total: '$.detail.total' }, InputTemplate: '{"order": <id>, "total": <total>, "rule": <aws.events.rule-name>}' },
      },
    ]);
    const schedule = await eddy.events.send(new DescribeRuleCommand({ Name: 'recordHistory-events-1' }));
    assert.deepEqual([schedule.ScheduleExpression, schedule.State, schedule.Arn], ['rate(1 minute)', 'ENABLED', ruleArnOf('default', 'recordHistory-events-1')]);
  });

  it('PutEvents: each target receives exactly what AWS sends it, only for the events its rule matches; the archive keeps what its pattern matches', async () => {
    const entries: PutEventsRequestEntry[] = [
      { EventBusName: 'app', Source: 'shop', DetailType: 'OrderPlaced', Detail: '{"id":"OID#1","total":250}', Resources: [ORDERS_TABLE] },
      { EventBusName: 'app', Source: 'shop', DetailType: 'OrderCancelled', Detail: '{"id":"OID#1"}' },
      { EventBusName: 'app', Source: 'shop', DetailType: 'OrderPlaced', Detail: '{"id":"UID#2","total":5}' },
    ];
    const out = await eddy.events.send(new PutEventsCommand({ Entries: entries }));
    assert.equal(out.FailedEntryCount, 0);
    const ids = out.Entries!.map((entry) => entry.EventId!);
    const sent = entries.map((entry, i) => envelope(ids[i]!, entry, NOW));

    // The function with inputPath gets the detail; the function's eventBridge event gets every event of source shop, whole.
    const calls = await recorded.received(4);
    const bodiesAt = (path: string) => calls.filter((call) => call.url === path).map((call) => call.body);
    assert.deepEqual(bodiesAt('/audit'), ['{"id":"OID#1","total":250}']);
    assert.deepEqual(bodiesAt('/history').sort(), [...sent].sort());

    // The FIFO queue: the event in the target's message group.
    const [fifo] = await receiveMessages(eddy, await queueOf(eddy, 'orders.fifo'), 1);
    assert.equal(fifo!.Body, sent[0]);
    assert.equal(fifo!.Attributes?.MessageGroupId, 'customers');

    // The other bus: the event, id kept, routed on by that bus's own rule.
    const [forwarded] = await receiveMessages(eddy, await queueOf(eddy, 'analytics-seen'), 1);
    assert.equal(forwarded!.Body, sent[0]);

    // The http target: the rendered template, PUT with the connection's API key.
    const [call] = await hook.received(1);
    assert.deepEqual(
      [call!.method, call!.url, call!.headers['x-api-key'], call!.headers['content-type'], call!.headers['user-agent'], call!.body],
      ['PUT', '/hooks/orders', 'hook-secret', 'application/json; charset=utf-8', 'Amazon/EventBridge/ApiDestinations', '{"order":"OID#1","total":250,"rule":"orders"}'],
    );

    // Exactly those: every delivery done, each counted once, nothing more arrived.
    assert.deepEqual(await settledCounts(eddy, 'app'), {
      orders: { 'function-audit': [1, 1], 'queue-orders.fifo': [1, 1], 'bus-analytics': [1, 1], 'http-hooks': [1, 1] },
      'recordHistory-events-0': { 'function-recordHistory': [3, 3] },
    });
    assert.deepEqual(await settledCounts(eddy, 'analytics'), { everything: { 'queue-analytics-seen': [1, 1] } });
    assert.deepEqual(await drainMessages(eddy, await queueOf(eddy, 'orders.fifo')), []);
    assert.deepEqual(await drainMessages(eddy, await queueOf(eddy, 'analytics-seen')), []);
    assert.equal(hook.requests.length, 1);
    assert.equal(recorded.requests.length, 4);

    const archive = await eddy.events.send(new DescribeArchiveCommand({ ArchiveName: 'placed' }));
    assert.deepEqual(
      [archive.EventSourceArn, archive.EventPattern, archive.RetentionDays, archive.EventCount, archive.SizeBytes],
      [busArnOf('app'), '{"detail-type":["OrderPlaced"]}', 7, 2, Buffer.byteLength(sent[0]!) + Buffer.byteLength(sent[2]!)],
    );
  });

  it("the function's schedule event: the Scheduled Event of its rule at each minute, on the clock", async () => {
    const before = recorded.requests.length;
    clock.set(Date.UTC(2026, 6, 1, 12, 1));
    await eddy.admin('/_eddy/bus/schedules/fire');
    const [fired] = (await recorded.received(before + 1)).slice(before);
    assert.equal(fired!.url, '/history');
    const id = JSON.parse(fired!.body).id as string;
    assert.equal(
      fired!.body,
      `{"version":"0","id":"${id}","detail-type":"Scheduled Event","source":"aws.events","account":"000000000000",` +
        `"time":"2026-07-01T12:01:00Z","region":"us-east-1","resources":["${ARN}:rule/recordHistory-events-1"],"detail":{}}`,
    );
  });
});

describe('eddy dev: an edited config changes the bus at once', () => {
  it('a changed pattern takes effect immediately, a dropped rule is deleted with its API destination, a dropped connection kept; one summary line', async () => {
    const hook = await startEndpoint();
    const files = project('eddy-bus-dev-');
    const lines: string[] = [];
    const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), debug: () => {} };
    const rules = (placed: string[]): EddyConfig['rules'] => ({
      placed: { bus: 'app', pattern: { 'detail-type': placed }, targets: [{ queue: 'seen', inputPath: '$.detail-type' }] },
    });
    const config = files.write({
      queues: { seen: {} },
      buses: { app: {} },
      connections: { hooks: { basic: { username: 'u', password: 'p' } } },
      rules: {
        ...rules(['OrderPlaced']),
        cancelled: { bus: 'app', pattern: { 'detail-type': ['OrderCancelled'] }, targets: [{ http: { url: hook.url, connection: 'hooks' } }] },
      },
    });
    const eddy = await startTestEddy({ config, watch: true, log });
    const put = async (...types: string[]) => {
      const out = await eddy.events.send(new PutEventsCommand({ Entries: types.map((DetailType) => ({ EventBusName: 'app', Source: 'shop', DetailType, Detail: '{}' })) }));
      assert.equal(out.FailedEntryCount, 0);
    };
    try {
      const seen = await queueOf(eddy, 'seen');
      await put('OrderPlaced', 'OrderCancelled');
      assert.deepEqual((await receiveMessages(eddy, seen, 1)).map((m) => m.Body), ['"OrderPlaced"']);
      await hook.received(1);
      assert.deepEqual((await eddy.events.send(new ListApiDestinationsCommand({}))).ApiDestinations?.map((d) => d.Name), ['app.cancelled.http-hooks']);

      files.write({ queues: { seen: {} }, buses: { app: {} }, rules: rules(['OrderShipped']) });
      await eventually('the summary line', () => lines.find((line) => line.startsWith('config: ~rule')));
      assert.deepEqual(lines.filter((line) => line.startsWith('config: ') && !line.startsWith('config: created')), [
        'config: ~rule app/placed (pattern changed), -rule app/cancelled, connection hooks kept (remove it with aws events delete-connection)',
      ]);

      // Applied before the summary was told: the next events meet the new pattern, and no rule is left for OrderCancelled.
      await put('OrderPlaced', 'OrderShipped', 'OrderCancelled');
      assert.deepEqual((await receiveMessages(eddy, seen, 1)).map((m) => m.Body), ['"OrderShipped"']);
      assert.deepEqual(await settledCounts(eddy, 'app'), { placed: { 'queue-seen': [2, 2] } });
      assert.deepEqual(await drainMessages(eddy, seen), []);
      assert.equal(hook.requests.length, 1);
      await rejectsWith(eddy.events.send(new DescribeRuleCommand({ Name: 'cancelled', EventBusName: 'app' })), 'ResourceNotFoundException');
      assert.deepEqual((await eddy.events.send(new ListApiDestinationsCommand({}))).ApiDestinations, []);
      assert.equal((await eddy.events.send(new DescribeConnectionCommand({ Name: 'hooks' }))).ConnectionState, 'AUTHORIZED');
    } finally {
      await eddy.stop();
      await hook.close();
      rmSync(files.dir, { recursive: true, force: true });
    }
  });
});
