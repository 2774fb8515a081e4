import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { Logger } from '../../src/shared/logger.js';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';
import { wireTestEngine } from '../helpers/postgres-cluster.js';
import { dynamodbCorpus } from './dynamodb-corpus.js';
import { drawCases, type FuzzCase } from './fuzz-case.js';
import type { CorpusEntry, LiveState } from './fuzz-request.js';
import { runCases, runRawCases, type RunContext } from './fuzz-runner.js';
import { prepareLiveState } from './live-state.js';
import { AcceptedMarkers } from './markers.js';
import { rawCases } from './raw-cases.js';
import { sqsCorpus } from './sqs-corpus.js';
import { WireClient } from './wire-client.js';

/**
 * The wire fuzz (wire-fuzz.test.ts) against `--processes 2`: the request processes parse and check every
 * request, answer DynamoDB's reads from their own storage connection and pass the rest on, so a mutated
 * request must get the same kind of answer there: a 2xx or a 4xx in its service's shape, never a 5xx or no
 * answer, and no request process may die of one. A shorter round than the single-process fuzz, over the
 * corpora whose operations a request process answers (DynamoDB) or passes on (SQS), plus broken HTTP.
 */
const SEED = Number(process.env['EDDY_FUZZ_SEED'] ?? 24);
const RUNS = Number(process.env['EDDY_FUZZ_PROCESSES_RUNS'] ?? 400);
const CONCURRENCY = 6;
const CORPUS: readonly CorpusEntry[] = [...dynamodbCorpus, ...sqsCorpus];
const config = fileURLToPath(new URL('./fixtures/eddy.config.ts', import.meta.url));

describe('wire fuzz: mutated requests through request processes (--processes 2)', { skip: process.platform === 'win32' && 'request processes take sockets over IPC' }, () => {
  let eddy: TestEddy;
  let live: LiveState;
  let dir: string | undefined;
  const errors: string[] = [];
  const logger: Logger = {
    info: () => {},
    // The main process says so when a request process exits (and starts another).
    warn: (message) => {
      if (message.includes('request process')) errors.push(message);
    },
    debug: () => {},
    error: (message, error) => errors.push(`${message} ${error instanceof Error ? error.stack : String(error ?? '')}`),
  };

  before(async () => {
    // Storage the request processes can open too: the tests' PostgreSQL database, else a data directory.
    const shared = wireTestEngine() === 'postgres' ? {} : { data: (dir = mkdtempSync(join(tmpdir(), 'eddy-fuzz-processes-'))), durability: 'process' as const };
    eddy = await startTestEddy({ config, log: logger, requestTimeoutMs: 5_000, processes: 2, ...shared });
    live = await prepareLiveState(eddy);
  });
  after(async () => {
    await eddy?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('answers every request with a 2xx or a 4xx in its service shape, and every request process stays up', async () => {
    const cases: FuzzCase[] = [...CORPUS.map((entry) => ({ entry: entry.name, mutations: [] })), ...drawCases(SEED, RUNS)];
    const client = new WireClient(eddy.endpoint, eddy.httpEndpoint);
    const ctx: RunContext = { corpus: CORPUS, live, client, accepted: new AcceptedMarkers(), failures: [], statuses: new Map(), sent: new Map() };
    const broken = rawCases(cases.length + 1).filter((rawCase) => rawCase.port === 'aws');
    const raw = runRawCases(ctx, broken, cases.length + 1, { aws: eddy.port, app: Number(new URL(eddy.httpEndpoint!).port) });
    await runCases(ctx, cases, 1, CONCURRENCY);
    await raw;
    client.close();

    assert.ok((await eddy.ddb.send(new ListTablesCommand({}))).TableNames?.includes('Items'));
    assert.ok((await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs' }))).QueueUrl);
    const classes = [...ctx.statuses].sort().map(([c, count]) => `${count} ${c}`).join(', ');
    console.log(`wire fuzz, --processes 2: seed ${SEED}, ${cases.length} requests (${classes}) and ${broken.length} raw-socket exchanges`);
    const report = (title: string, list: readonly string[]) =>
      list.length === 0 ? '' : `${title} (${list.length}; again with EDDY_FUZZ_SEED=${SEED} EDDY_FUZZ_PROCESSES_RUNS=${RUNS} npm test -- wire-fuzz-processes):\n\n${list.slice(0, 15).join('\n\n')}\n`;
    assert.equal(ctx.failures.length + errors.length, 0, [report('bad answers', ctx.failures), report('errors Eddy logged', errors)].join('\n'));
  });
});
