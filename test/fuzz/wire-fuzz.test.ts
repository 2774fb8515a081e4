import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { dynamodbOperations } from '../../src/api/dynamodb-operations.js';
import { dynamodbStreamsOperations } from '../../src/api/dynamodb-streams-service.js';
import { eventBridgeOperations } from '../../src/api/eventbridge-service.js';
import { lambdaService } from '../../src/api/lambda-service.js';
import { sqsOperations } from '../../src/api/sqs-service.js';
import type { LambdaContext } from '../../src/lambda/lambda-context.js';
import type { Logger } from '../../src/shared/logger.js';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';
import { adminCorpus, appCorpus } from './admin-and-app-corpus.js';
import { connectionsCorpus } from './connections-corpus.js';
import { consoleCorpus } from './console-corpus.js';
import { consoleRoutes } from '../../src/api/console/console-routes.js';
import type { OverviewSources } from '../../src/api/console/console-overview.js';
import { MAPPINGS_FEED_PATH, mappingActionRoutes } from '../../src/api/mapping-action-routes.js';
import { EXPORT_PATH } from '../../src/export/state-export.js';
import { PROGRESS_FEED_PATH } from '../../src/api/progress-routes.js';
import { METRICS_PATH } from '../../src/metrics/metrics-endpoint.js';
import { SESSION_ROUTES } from '../../src/api/console/console-sessions.js';
import type { StorageEngine } from '../../src/storage/engine.js';
import { dynamodbCorpus } from './dynamodb-corpus.js';
import { eventsCorpus } from './events-corpus.js';
import { drawCases, type FuzzCase } from './fuzz-case.js';
import type { CorpusEntry, LiveState } from './fuzz-request.js';
import { runCases, runRawCases, type RunContext } from './fuzz-runner.js';
import { heavyCases } from './heavy-cases.js';
import { lambdaCorpus } from './lambda-corpus.js';
import { pipesCorpus } from './pipes-corpus.js';
import { pipesService } from '../../src/api/pipes-service.js';
import type { PipesContext } from '../../src/pipes/index.js';
import { functionsCorpus } from './functions-corpus.js';
import { prepareLiveState } from './live-state.js';
import { AcceptedMarkers, findMarkers } from './markers.js';
import { rawCases } from './raw-cases.js';
import { sqsCorpus } from './sqs-corpus.js';
import { schedulerCorpus } from './scheduler-corpus.js';
import { snsCorpus } from './sns-corpus.js';
import { snsService } from '../../src/api/sns-service.js';
import type { TopicsContext } from '../../src/topics/topics-context.js';
import { publishOperations } from '../../src/api/sns-publish-operations.js';
import type { PublishContext } from '../../src/topics/publish/publish-context.js';
import { schedulerService } from '../../src/api/scheduler-service.js';
import type { SchedulerContext } from '../../src/scheduler/scheduler-context.js';
import { streamsCorpus } from './streams-corpus.js';
import { WireClient } from './wire-client.js';
import { readWrittenState } from './written-state.js';

/**
 * Issue 14: no request may crash Eddy or answer 500. Valid requests of every operation of every
 * service, mutated (seeded: EDDY_FUZZ_SEED, EDDY_FUZZ_RUNS for longer runs), plus broken HTTP on raw
 * sockets. Every request must get an answer, no answer may be a 5xx, every error must have its
 * service's shape, and nothing a rejected request carried may show up anywhere afterwards.
 * A new service joins by adding its corpus to CORPUS.
 */
const SEED = Number(process.env['EDDY_FUZZ_SEED'] ?? 14);
const RUNS = Number(process.env['EDDY_FUZZ_RUNS'] ?? 3000);
const CONCURRENCY = 6;
const CORPUS: readonly CorpusEntry[] = [...dynamodbCorpus, ...streamsCorpus, ...sqsCorpus, ...eventsCorpus, ...connectionsCorpus, ...lambdaCorpus, ...functionsCorpus, ...schedulerCorpus, ...snsCorpus, ...adminCorpus, ...appCorpus, ...pipesCorpus, ...consoleCorpus];
const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));

describe('wire fuzz: mutated requests to every service', () => {
  let eddy: TestEddy;
  let live: LiveState;
  const errors: string[] = [];
  const logger: Logger = {
    info: () => {},
    warn: () => {},
    debug: () => {},
    error: (message, error) => errors.push(`${message} ${error instanceof Error ? error.stack : String(error ?? '')}`),
  };

  before(async () => {
    eddy = await startTestEddy({ config, log: logger, requestTimeoutMs: 5_000 });
    live = await prepareLiveState(eddy);
  });
  after(() => eddy?.stop());

  it('has a valid request for every operation of every service', () => {
    const requests = CORPUS.map((entry) => entry.build(0, live));
    const targets = new Set(requests.map((r) => r.headers['x-amz-target']));
    const missing = [
      ...Object.keys(dynamodbOperations).map((op) => `DynamoDB_20120810.${op}`),
      ...Object.keys(dynamodbStreamsOperations).map((op) => `DynamoDBStreams_20120810.${op}`),
      ...Object.keys(sqsOperations).map((op) => `AmazonSQS.${op}`),
      ...Object.keys(eventBridgeOperations).map((op) => `AWSEvents.${op}`),
    ].filter((target) => !targets.has(target));
    for (const route of lambdaService({} as LambdaContext).routes) {
      if (!requests.some((r) => r.method === route.method && route.path.test(r.path.split('?')[0]!))) missing.push(`Lambda ${route.method} ${route.path.source}`);
    }
    for (const route of schedulerService({} as SchedulerContext).routes) {
      if (!requests.some((r) => r.method === route.method && route.path.test(r.path.split('?')[0]!))) missing.push(`Scheduler ${route.method} ${route.path.source}`);
    }
    for (const action of snsService({} as TopicsContext, publishOperations({} as PublishContext)).operations.keys()) {
      if (!requests.some((r) => r.body && new URLSearchParams(r.body.toString('utf8')).get('Action') === action)) missing.push(`SNS ${action}`);
    }
    for (const route of pipesService({} as PipesContext).routes) {
      if (!requests.some((r) => r.method === route.method && route.path.test(r.path.split('?')[0]!))) missing.push(`Pipes ${route.method} ${route.path.source}`);
    }
    // The console's and `eddy mappings`' admin routes (their route tables need no context to be listed), feeds and scrape.
    const adminRoutes = [
      ...Object.keys(consoleRoutes({} as OverviewSources)),
      ...Object.keys(mappingActionRoutes({} as StorageEngine, {} as Parameters<typeof mappingActionRoutes>[1], {} as Parameters<typeof mappingActionRoutes>[2])),
      'GET /_eddy/progress', // progressRoutes registers its log on the engine: not listable without one
      ...SESSION_ROUTES,
      `GET ${METRICS_PATH}`,
    ];
    for (const route of adminRoutes) {
      if (!requests.some((r) => `${r.method} ${r.path.split('?')[0]}` === route)) missing.push(`Admin ${route}`);
    }
    for (const feed of [MAPPINGS_FEED_PATH, EXPORT_PATH, PROGRESS_FEED_PATH]) {
      if (!requests.some((r) => r.method === 'GET' && r.feed && feed.test(r.path.split('?')[0]!))) missing.push(`Admin feed ${feed.source}`);
    }
    assert.deepEqual(missing, []);
  });

  it('answers every request with a 2xx or a 4xx in its service shape, stays up, and keeps nothing a rejected request carried', async () => {
    const started = performance.now();
    const cases: FuzzCase[] = [...CORPUS.map((entry) => ({ entry: entry.name, mutations: [] })), ...heavyCases, ...drawCases(SEED, RUNS)];
    console.log(`wire fuzz: seed ${SEED} (EDDY_FUZZ_SEED), ${RUNS} drawn cases (EDDY_FUZZ_RUNS), ${cases.length} requests in all over ${CORPUS.length} corpus entries`);
    const client = new WireClient(eddy.endpoint, eddy.httpEndpoint);
    const ctx: RunContext = { corpus: CORPUS, live, client, accepted: new AcceptedMarkers(), failures: [], statuses: new Map(), sent: new Map() };
    const ports = { aws: eddy.port, app: Number(new URL(eddy.httpEndpoint!).port) };
    const broken = rawCases(cases.length + 1);
    const raw = runRawCases(ctx, broken, cases.length + 1, ports);
    await runCases(ctx, cases, 1, CONCURRENCY);
    await raw;
    client.close();
    const sentMs = Math.round(performance.now() - started);

    // Still serving.
    assert.ok((await eddy.ddb.send(new ListTablesCommand({}))).TableNames?.includes('Items'));
    assert.ok((await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs' }))).QueueUrl);

    const leaks: string[] = [];
    const seen = new Set<string>();
    for (const piece of await readWrittenState(eddy)) {
      for (const found of findMarkers(piece.text)) {
        seen.add(found.text);
        if (!ctx.accepted.allows(found)) {
          leaks.push(`${found.text} in ${piece.where}, from a request not accepted:\n${ctx.sent.get(found.request) ?? `#${found.request}`}`);
        }
      }
    }
    const classes = [...ctx.statuses].sort().map(([c, count]) => `${count} ${c}`).join(', ');
    console.log(`wire fuzz: ${cases.length} requests (${classes}) and ${broken.length} raw-socket exchanges, ${seen.size} markers found in Eddy's state afterwards; ${sentMs} ms sending, ${Math.round(performance.now() - started) - sentMs} ms reading the state`);
    const report = (title: string, list: readonly string[]) =>
      list.length === 0 ? '' : `${title} (${list.length}; again with EDDY_FUZZ_SEED=${SEED} EDDY_FUZZ_RUNS=${RUNS} npm test -- wire-fuzz):\n\n${list.slice(0, 15).join('\n\n')}\n`;
    assert.equal(ctx.failures.length + leaks.length + errors.length, 0, [
      report('bad answers', ctx.failures),
      report('written by rejected requests', [...new Set(leaks)]),
      report('errors Eddy logged', errors),
    ].join('\n'));
  });
});
