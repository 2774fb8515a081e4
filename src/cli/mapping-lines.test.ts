import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MappingStatus, ShardStatus } from '../triggers/mapping-status.js';
import { mappingLines } from './mapping-lines.js';

const streamArn = 'arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/2026-03-14T09:26:53.589';
const shardId = 'shardId-00000001773480413000-0a1b2c3d';

function stream(shard: Partial<ShardStatus>, lastProcessingResult: MappingStatus['lastProcessingResult'] = 'OK'): MappingStatus {
  return {
    uuid: 'u-1',
    kind: 'stream',
    functionName: 'mailer',
    sourceArn: streamArn,
    state: 'Enabled',
    lastProcessingResult,
    shards: [{ shardId, checkpoint: '000000000000000000041', finished: false, iteratorAgeMs: 0, state: 'OK', attempts: 0, inFlight: 0, ...shard }],
  };
}

const retrying = { state: 'RETRYING', retryingSince: '2026-03-14T12:03:41.120Z', attempts: 7, inFlight: 1, iteratorAgeMs: 3_200 } as const;
const at = '2026-03-14T12:04:02.000Z';

describe('eddy mappings lines', () => {
  it('keeps an OK shard to one short line', () => {
    assert.equal(
      mappingLines(stream({ lastSuccessAt: at })),
      `mailer ← Orders stream 2026-03-14T09:26:53.589  Enabled  last result OK  (u-1)\n  ${shardId}  OK  checkpoint 000000000000000000041  behind 0 ms\n`,
    );
  });

  it('shows a retrying shard: since when, its attempts, and the partial batch failure with the failed sequence numbers', () => {
    const lines = mappingLines(
      stream({ ...retrying, lastFailure: { kind: 'partial-batch-failure', failedItems: ['000000000000000000042', '000000000000000000044'], batchSize: 10, at, requestId: 'r' } }),
    ).split('\n');
    assert.equal(lines[1], `  ${shardId}  RETRYING since 12:03:41 (7 attempts)  checkpoint 000000000000000000041  behind 3.2 s  in flight 1`);
    assert.equal(lines[2], '    — partial batch failure: 2 of 10 records (seq 000000000000000000042, 000000000000000000044)');
  });

  it('names at most three failed items', () => {
    const failedItems = ['1', '2', '3', '4', '5'].map((n) => n.padStart(21, '0'));
    const lines = mappingLines(stream({ ...retrying, lastFailure: { kind: 'partial-batch-failure', failedItems, batchSize: 5, at, requestId: 'r' } })).split('\n');
    assert.equal(lines[2], '    — partial batch failure: 5 of 5 records (seq 000000000000000000001, 000000000000000000002, 000000000000000000003 and 2 more)');
  });

  it('shows a function error, a timeout and an unreadable response by kind', () => {
    const line = (lastFailure: NonNullable<ShardStatus['lastFailure']>) => mappingLines(stream({ ...retrying, attempts: 1, lastFailure }, 'PROBLEM: Function call failed')).split('\n');
    const thrown = line({ kind: 'function-error', errorType: 'Error', errorMessage: 'SMTP refused\n  at send (mail.ts:3)', at, requestId: 'r' });
    assert.equal(thrown[0], 'mailer ← Orders stream 2026-03-14T09:26:53.589  Enabled  last result PROBLEM: Function call failed  (u-1)');
    assert.match(thrown[1]!, /RETRYING since 12:03:41 \(1 attempt\) {2}checkpoint/);
    assert.equal(thrown[2], '    — function error: Error: SMTP refused at send (mail.ts:3)');
    assert.equal(line({ kind: 'timeout', timeoutSeconds: 3, errorMessage: 'RequestId: r Error: Task timed out after 3.00 seconds', at, requestId: 'r' })[2], '    — timed out after 3 s');
    assert.equal(
      line({ kind: 'invalid-response', reason: 'batchItemFailures is not a list', at, requestId: 'r' })[2],
      '    — unreadable response: batchItemFailures is not a list',
    );
  });

  it('an OK shard whose failed batch was given up keeps its failure, with its time, until a success', () => {
    const lines = mappingLines(stream({ lastFailure: { kind: 'function-error', errorType: 'Error', errorMessage: 'SMTP refused', at, requestId: 'r' } })).split('\n');
    assert.equal(lines[1], `  ${shardId}  OK  checkpoint 000000000000000000041  behind 0 ms`);
    assert.equal(lines[2], '    — last failure 12:04:02: function error: Error: SMTP refused');
  });

  it('shows a finished shard', () => {
    assert.match(mappingLines(stream({ finished: true })), /OK {2}finished {2}behind 0 ms\n$/);
  });

  it('shows a queue mapping: failing messages, batches in flight, and the failed message ids', () => {
    const queue: MappingStatus = {
      uuid: 'u-2',
      kind: 'queue',
      functionName: 'worker',
      sourceArn: 'arn:aws:sqs:us-east-1:000000000000:jobs',
      state: 'Enabled',
      lastProcessingResult: 'OK',
      shards: [],
      queue: {
        state: 'RETRYING',
        retryingSince: '2026-03-14T12:03:41.000Z',
        attempts: 3,
        lastFailure: { kind: 'partial-batch-failure', failedItems: ['m-2'], batchSize: 4, at, requestId: 'r' },
        inFlight: 1,
        messagesInFlight: 4,
        failingMessages: ['m-2'],
        failingMessageCount: 1,
      },
    };
    assert.equal(
      mappingLines(queue),
      'worker ← queue jobs  Enabled  last result OK  (u-2)\n' +
        '  RETRYING since 12:03:41 (3 attempts)  failing 1 message  in flight 1 batch (4 messages)\n' +
        '    — partial batch failure: 1 of 4 messages (m-2)\n',
    );
    const idle: MappingStatus = { ...queue, queue: { state: 'OK', attempts: 0, inFlight: 0, messagesInFlight: 0, failingMessages: [], failingMessageCount: 0 } };
    assert.equal(mappingLines(idle), 'worker ← queue jobs  Enabled  last result OK  (u-2)\n  OK\n');
  });

  it("shows a pipe's enrichment and target after its source, and its StateReason under the heading", () => {
    const pipe: MappingStatus = {
      ...stream({ lastSuccessAt: at }),
      uuid: 'arn:aws:pipes:us-east-1:000000000000:pipe/changes',
      functionName: 'pipe changes',
      enrichment: 'function lookup',
      target: 'API destination crm',
    };
    assert.equal(
      mappingLines(pipe).split('\n')[0],
      'pipe changes ← Orders stream 2026-03-14T09:26:53.589 → function lookup → API destination crm  Enabled  last result OK  (arn:aws:pipes:us-east-1:000000000000:pipe/changes)',
    );
    const stopped = mappingLines({ ...pipe, enrichment: undefined, target: 'queue out', state: 'Disabled', stateReason: 'Stopped by Eddy after 10 executions in a row failed:\nQueueDoesNotExist' }).split('\n');
    assert.match(stopped[0]!, /^pipe changes ← Orders stream \S+ → queue out {2}Disabled {2}/);
    assert.equal(stopped[1], '    — Stopped by Eddy after 10 executions in a row failed: QueueDoesNotExist');
    assert.match(stopped[2]!, /^ {2}shardId-/);
  });
  describe('a blocking batch and a pending action', () => {
    const failure = { kind: 'function-error', errorType: 'Error', errorMessage: 'SMTP refused', at, requestId: 'r' } as const;
    const blockingBatch = {
      attempts: 7,
      since: retrying.retryingSince,
      retryAt: '2026-03-14T12:04:10.000Z',
      lastFailure: failure,
      records: {
        firstSequence: '000000000000000000042',
        lastSequence: '000000000000000000045',
        count: 4,
        firstArrival: at,
        lastArrival: at,
        keys: [{ pk: { S: 'a' }, sk: { N: '1' } }, { pk: { S: 'b' }, sk: { N: '2' } }, { pk: { S: 'c' }, sk: { M: {} } }, { pk: { S: 'd' }, sk: { N: '4' } }],
      },
    };

    it('shows its records, sequence range, next attempt and first keys under the retrying shard, without repeating what the shard line says', () => {
      const lines = mappingLines(stream({ ...retrying, lastFailure: failure, blockingBatch }, 'PROBLEM: Function call failed')).split('\n');
      assert.deepEqual(lines.slice(1), [
        `  ${shardId}  RETRYING since 12:03:41 (7 attempts)  checkpoint 000000000000000000041  behind 3.2 s  in flight 1`,
        '    — function error: Error: SMTP refused',
        '    blocking batch: 4 records (seq 000000000000000000042–000000000000000000045), next attempt 12:04:10',
        '      keys pk=a sk=1; pk=b sk=2; pk=c sk={"M":{}} and 1 more',
        '',
      ]);
    });

    it("shows the holder's attempts, since when and last failure when this node's status differs (another node tries the batch)", () => {
      const elsewhere = { ...blockingBatch, attempts: 9, lastFailure: { kind: 'timeout', timeoutSeconds: 3, errorMessage: 't', at: '2026-03-14T12:05:00.000Z', requestId: 'q' } as const };
      const { retryAt: _retryAt, ...noRetryAt } = elsewhere;
      const single = { ...noRetryAt, records: { ...elsewhere.records, lastSequence: '000000000000000000042', count: 1, keys: [{ id: { B: 'AAE=' } }] } };
      const lines = mappingLines(stream({ ...retrying, lastFailure: failure, blockingBatch: single })).split('\n');
      assert.deepEqual(lines.slice(3), [
        '    blocking batch: 1 record (seq 000000000000000000042), 9 attempts since 12:03:41',
        '    — last failure 12:05:00: timed out after 3 s',
        '      keys id=AAE=',
        '',
      ]);
    });

    it('shows an action asked for that the holder has not taken, on a shard blocked or not', () => {
      const blocked = mappingLines(stream({ ...retrying, lastFailure: failure, blockingBatch, pendingAction: 'skip' })).split('\n');
      assert.equal(blocked[5], "    skip asked for, not taken yet by the shard's holder");
      assert.equal(
        mappingLines(stream({ pendingAction: 'rewind' })),
        `mailer ← Orders stream 2026-03-14T09:26:53.589  Enabled  last result OK  (u-1)\n  ${shardId}  OK  checkpoint 000000000000000000041  behind 0 ms\n` +
          "    rewind asked for, not taken yet by the shard's holder\n",
      );
    });
  });
});
