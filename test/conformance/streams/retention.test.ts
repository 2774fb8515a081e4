import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutItemCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createStreamTable, readOnlyShard, summary, uniqueTable } from './stream-fixtures.js';

const MINUTE = 60_000;

/** Retention with an injected clock: records and closed streams go once older than the retention period. */
describe('stream retention', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 6, 1));
  before(async () => {
    eddy = await startTestEddy({ clock, streams: { retentionHours: 1 } });
  });
  after(() => eddy.stop());

  const put = (TableName: string, pk: string) => eddy.ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: pk } } }));

  it('trims records older than the retention period, keeping newer ones', async () => {
    const table = uniqueTable('aged');
    const arn = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY');
    await put(table, 'oldest');
    clock.advance(30 * MINUTE);
    await put(table, 'middle');
    clock.advance(30 * MINUTE);
    await put(table, 'newest');
    assert.deepEqual(await eddy.admin('/_eddy/streams/trim'), { trimmedBefore: clock.now() - 60 * MINUTE });
    // "oldest" is exactly one hour old: not yet older than the retention period.
    assert.deepEqual(summary(await readOnlyShard(eddy.streams, arn)), ['INSERT oldest', 'INSERT middle', 'INSERT newest']);
    clock.advance(1);
    await eddy.admin('/_eddy/streams/trim');
    assert.deepEqual(summary(await readOnlyShard(eddy.streams, arn)), ['INSERT middle', 'INSERT newest']);
    clock.advance(30 * MINUTE);
    await eddy.admin('/_eddy/streams/trim');
    assert.deepEqual(summary(await readOnlyShard(eddy.streams, arn)), ['INSERT newest']);
    // The stream itself stays while enabled, even once empty.
    clock.advance(60 * MINUTE);
    await eddy.admin('/_eddy/streams/trim');
    assert.deepEqual(await readOnlyShard(eddy.streams, arn), []);
    assert.equal((await eddy.streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.StreamStatus, 'ENABLED');
  });

  it('a disabled stream is listed until the retention period after its disable', async () => {
    const table = uniqueTable('disabled');
    const arn = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY');
    await put(table, 'x');
    await eddy.ddb.send(new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: false } }));
    const listed = async () => (await eddy.streams.send(new ListStreamsCommand({ TableName: table }))).Streams!.map((s) => s.StreamArn);
    clock.advance(60 * MINUTE);
    await eddy.admin('/_eddy/streams/trim');
    assert.deepEqual(await listed(), [arn]);
    clock.advance(1);
    await eddy.admin('/_eddy/streams/trim');
    assert.deepEqual(await listed(), []);
  });

  it('the admin routes answer JSON and need no credentials; unknown ones are 404', async () => {
    const res = await fetch(`${eddy.endpoint}/_eddy/streams/trim`, { method: 'POST' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(await res.json(), { trimmedBefore: clock.now() - 60 * MINUTE });
    const missing = await fetch(`${eddy.endpoint}/_eddy/nothing`, { method: 'POST' });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { message: 'No admin route POST /_eddy/nothing' });
  });
});
