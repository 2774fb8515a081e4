import type { CorpusEntry, FuzzRequest } from './fuzz-request.js';
import { dynamodbCorpus } from './dynamodb-corpus.js';
import { eventsCorpus } from './events-corpus.js';
import { marker } from './markers.js';
import { sqsCorpus } from './sqs-corpus.js';

/**
 * The admin routes the console and `eddy mappings` act through (issue 23): the in-process service
 * operations under /_eddy/dynamodb|sqs|events, the overview, invoke, the mapping actions and their
 * feed, the export feed, the metrics scrape and the console's static files, path tricks included.
 */

const admin = (method: string, path: string, json?: unknown): FuzzRequest => ({
  port: 'aws',
  method,
  path,
  headers: { 'content-type': 'application/json' },
  ...(json !== undefined && { json }),
});

/**
 * One entry per operation the console serves, each the AWS corpus's first valid request of it sent as
 * plain JSON to `POST /_eddy/{service}/{Operation}`: the same handler, so the same markers may be kept.
 */
function throughConsole(corpus: readonly CorpusEntry[], path: string, label: string, only?: readonly string[]): CorpusEntry[] {
  const seen = new Set<string>();
  const entries: CorpusEntry[] = [];
  for (const entry of corpus) {
    const operation = entry.name.split(' ')[1]!; // 'DynamoDB PutItem (Expected)'
    if (seen.has(operation) || (only && !only.includes(operation))) continue;
    seen.add(operation);
    entries.push({
      name: `Console ${label} ${operation}`,
      build: (n, live) => {
        const request = entry.build(n, live);
        return {
          ...admin('POST', `/_eddy/${path}/${operation}`, request.json),
          ...(request.body && { body: request.body }),
          ...(request.accepts && { accepts: request.accepts }),
        };
      },
    });
  }
  return entries;
}

export const CONSOLE_SQS_OPERATIONS = ['SendMessage', 'PurgeQueue', 'StartMessageMoveTask', 'ListMessageMoveTasks'];
export const CONSOLE_EVENTS_OPERATIONS = ['PutEvents', 'TestEventPattern', 'ListArchives', 'StartReplay', 'ListReplays'];

export const consoleCorpus: readonly CorpusEntry[] = [
  ...throughConsole(dynamodbCorpus, 'dynamodb', 'DynamoDB'),
  ...throughConsole(sqsCorpus, 'sqs', 'SQS', CONSOLE_SQS_OPERATIONS),
  ...throughConsole(eventsCorpus, 'events', 'EventBridge', CONSOLE_EVENTS_OPERATIONS),
  {
    name: 'Console POST /_eddy/sqs/PeekMessages',
    build: (_n, live) => admin('POST', '/_eddy/sqs/PeekMessages', { QueueUrl: `${live.endpoint}/${live.account}/jobs`, MaxNumberOfMessages: 5, After: '0' }),
  },
  { name: 'Console POST /_eddy/dynamodb/{unknown operation}', build: (n) => admin('POST', `/_eddy/dynamodb/NoSuch${n}`, { TableName: 'Items' }) },
  { name: 'Console GET /_eddy/overview', build: () => admin('GET', '/_eddy/overview') },
  { name: 'Console POST /_eddy/functions/invoke', build: (n) => admin('POST', '/_eddy/functions/invoke', { function: 'echo', payload: { marker: marker(n), list: [1, 'é', null] } }) },
  { name: 'Console POST /_eddy/functions/invoke (a plain-text answer)', build: (n) => admin('POST', '/_eddy/functions/invoke', { function: 'plain', payload: { marker: marker(n) } }) },
  { name: 'Console POST /_eddy/functions/invoke (unknown function)', build: (n) => admin('POST', '/_eddy/functions/invoke', { function: marker(n), payload: 'text' }) },
  { name: 'Admin POST /_eddy/mappings/retry', build: (_n, live) => admin('POST', '/_eddy/mappings/retry', { uuid: live.mappingUuid }) },
  { name: 'Admin POST /_eddy/mappings/skip', build: (_n, live) => admin('POST', '/_eddy/mappings/skip', { uuid: live.mappingUuid, shard: live.itemsShardId }) },
  {
    name: 'Admin POST /_eddy/mappings/rewind (sequence number)',
    build: (_n, live) => admin('POST', '/_eddy/mappings/rewind', { uuid: live.mappingUuid, sequenceNumber: live.itemsFirstSequence }),
  },
  { name: 'Admin POST /_eddy/mappings/rewind (time)', build: (_n, live) => admin('POST', '/_eddy/mappings/rewind', { uuid: live.mappingUuid, time: '2026-01-01T00:00:00Z' }) },
  { name: 'Admin POST /_eddy/mappings/disable', build: (_n, live) => admin('POST', '/_eddy/mappings/disable', { uuid: live.mappingUuid }) },
  { name: 'Admin POST /_eddy/mappings/enable', build: (_n, live) => admin('POST', '/_eddy/mappings/enable', { uuid: live.mappingUuid }) },
  { name: 'Admin POST /_eddy/mappings/enable (pipe name)', build: (n) => admin('POST', '/_eddy/mappings/enable', { uuid: `pipe-${marker(n)}` }) },
  { name: 'Admin mappings feed', build: () => ({ ...admin('GET', '/_eddy/mappings/feed'), feed: true }) },
  { name: 'Admin export feed', build: () => ({ ...admin('GET', '/_eddy/export'), feed: true }) },
  { name: 'Admin GET /_eddy/progress', build: () => admin('GET', '/_eddy/progress') },
  { name: 'Admin progress feed', build: () => ({ ...admin('GET', '/_eddy/progress/feed'), feed: true }) },
  { name: 'Admin GET /_eddy/metrics', build: () => admin('GET', '/_eddy/metrics') },
  { name: 'Console GET /_eddy/session', build: () => admin('GET', '/_eddy/session') },
  { name: 'Console POST /_eddy/session', build: (n) => admin('POST', '/_eddy/session', { accessKeyId: marker(n), secretAccessKey: 'secret' }) },
  { name: 'Console DELETE /_eddy/session', build: () => ({ ...admin('DELETE', '/_eddy/session'), headers: { cookie: 'eddy_console_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } }) },
  { name: 'Console GET /_eddy/console', build: () => admin('GET', '/_eddy/console') },
  { name: 'Console GET /_eddy/console/index.html', build: () => admin('GET', '/_eddy/console/index.html') },
  { name: 'Console GET /_eddy/console/../../etc/passwd', build: () => admin('GET', '/_eddy/console/../../etc/passwd') },
  { name: 'Console GET /_eddy/console/%2e%2e%2f%2e%2e%2fpackage.json', build: () => admin('GET', '/_eddy/console/%2e%2e%2f%2e%2e%2fpackage.json') },
  { name: 'Console GET /_eddy/console/..%5C..%5Cpackage.json', build: () => admin('GET', '/_eddy/console/..%5C..%5Cpackage.json') },
  { name: 'Console GET /_eddy/console/%00.html', build: () => admin('GET', '/_eddy/console/index.html%00.js') },
  { name: 'Console GET /_eddy/console/{a name too long for the file system}', build: () => admin('GET', `/_eddy/console/${'a'.repeat(300)}.js`) },
  { name: 'Console GET /_eddy/console//etc/passwd', build: () => admin('GET', '/_eddy/console//etc/passwd') },
];
