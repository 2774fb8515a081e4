import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inFreshProcess } from '../../test/helpers/lazy-imports.js';
import { memoised } from './lazy-service.js';

/** The modules holding operations only requests use: a start must not load them (service-fronts.ts, lambda-service.ts, …). */
const REQUEST_ONLY = ['api/sqs-service', 'api/eventbridge-service', 'api/lambda-operations', 'api/scheduler-operations', 'api/pipes-operations', 'api/sns-operations', 'api/partiql-operations', 'export/state-export', 'export/state-import'];

describe('services built on first use', () => {
  it('a start loads no request-only operations; a first request loads its own and is answered as before', async () => {
    // Every module the process loads is noted by a loader hook before it is evaluated, so the list is complete once startEddy resolves.
    const seen = await inFreshProcess<{ atStart: string[]; afterRequests: string[]; answers: unknown[] }>(
      (entry) => `
      const { register } = await import('node:module');
      const { mkdtempSync, readFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const file = join(mkdtempSync(join(tmpdir(), 'eddy-lazy-')), 'loaded');
      const hooks = "import { appendFileSync } from 'node:fs'; let file; export function initialize(data) { file = data.file; } export async function load(url, context, next) { if (url.startsWith('file:')) appendFileSync(file, url + '\\\\n'); return next(url, context); }";
      register('data:text/javascript,' + encodeURIComponent(hooks), import.meta.url, { data: { file } });
      const loaded = () => readFileSync(file, 'utf8').split('\\n').filter((url) => ${JSON.stringify(REQUEST_ONLY)}.some((name) => url.includes('/' + name + '.')));
      const { startEddy } = await import(${JSON.stringify(entry)});
      const eddy = await startEddy({ log: false, memory: true });
      const atStart = loaded();
      const date = new Date().toISOString().slice(0, 19).replaceAll('-', '').replaceAll(':', '') + 'Z';
      // Without --auth-file any well-formed signature is accepted.
      const signed = (service) => ({ 'x-amz-date': date, authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/' + date.slice(0, 8) + '/us-east-1/' + service + '/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + '0'.repeat(64) });
      const json = (service, target) => fetch(eddy.endpoint + '/', { method: 'POST', headers: { ...signed(service), 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' }, body: '{}' }).then(async (r) => [r.status, await r.json()]);
      const answers = await Promise.all([
        json('sqs', 'AmazonSQS.ListQueues'),
        json('events', 'AWSEvents.ListEventBuses'),
        json('events', 'AWSEvents.ListEventBuses'),
        json('events', 'AWSEvents.NoSuchOperation'),
        fetch(eddy.endpoint + '/2015-03-31/functions/', { headers: signed('lambda') }).then(async (r) => [r.status, await r.json()]),
      ]);
      const afterRequests = loaded();
      await eddy.stop();
      console.log(JSON.stringify({ atStart, afterRequests, answers }));
    `,
    );
    assert.deepEqual(seen.atStart, [], 'the start loaded none of them');
    const names = (urls: string[]) => REQUEST_ONLY.filter((name) => urls.some((url) => url.includes(`/${name}.`)));
    assert.deepEqual(names(seen.afterRequests), ['api/sqs-service', 'api/eventbridge-service', 'api/lambda-operations'], 'each service requested loaded its operations, and only those');
    const [queues, buses, sameBuses, unknown, functions] = seen.answers as [number, Record<string, unknown>][];
    assert.deepEqual(queues, [200, { QueueUrls: [] }]);
    assert.equal(buses![0], 200);
    assert.deepEqual((buses![1]['EventBuses'] as { Name: string }[]).map((bus) => bus.Name), ['default']);
    assert.deepEqual(sameBuses, buses, 'two concurrent first requests get the same answer');
    assert.equal(unknown![0], 400);
    assert.equal(unknown![1]['__type'], 'com.amazon.coral.service#UnknownOperationException');
    assert.deepEqual(functions, [200, { Functions: [] }]);
  });
});

describe('memoised', () => {
  it('runs the load once for concurrent callers, and again after a failure', async () => {
    let runs = 0;
    let fail = true;
    const load = memoised(async () => {
      runs++;
      await Promise.resolve();
      if (fail) throw new Error(`load ${runs} failed`);
      return runs;
    });
    const failed = await Promise.allSettled([load(), load()]);
    assert.deepEqual(failed.map((result) => result.status), ['rejected', 'rejected']);
    assert.equal(runs, 1, 'concurrent first callers shared one load');
    fail = false;
    assert.deepEqual(await Promise.all([load(), load()]), [2, 2], 'the failed load was tried again, once');
    assert.equal(await load(), 2);
    assert.equal(runs, 2);
  });
});
