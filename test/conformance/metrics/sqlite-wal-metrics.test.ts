import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { parseExposition, type Exposition } from './prometheus-text.js';

const WAL_FAMILIES = {
  eddy_sqlite_checkpoint_passes_total: 'counter',
  eddy_sqlite_checkpoint_rewinds_total: 'counter',
  eddy_sqlite_checkpoint_holds_total: 'counter',
  eddy_sqlite_checkpoint_held_seconds_total: 'counter',
  eddy_sqlite_checkpoint_longest_hold_seconds: 'gauge',
  eddy_sqlite_checkpoint_fell_back: 'gauge',
  eddy_sqlite_wal_frames: 'gauge',
  eddy_sqlite_wal_frames_max: 'gauge',
  eddy_sqlite_wal_flushes_total: 'counter',
};

async function scrape(eddy: TestEddy): Promise<Exposition> {
  const response = await fetch(`${eddy.endpoint}/_eddy/metrics`);
  assert.equal(response.status, 200);
  return parseExposition(await response.text());
}

describe('GET /_eddy/metrics: the SQLite WAL', () => {
  let dir: string;
  let eddy: TestEddy;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eddy-wal-metrics-'));
    eddy = await startTestEddy({ data: dir });
    await eddy.ddb.send(new CreateTableCommand({ TableName: 'Wal', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
  });
  after(async () => {
    await eddy.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the checkpointer and the flushes of a database file: passes after 1,000 writes, frames, flushes', async () => {
    const start = await scrape(eddy);
    for (const [name, type] of Object.entries(WAL_FAMILIES)) assert.equal(start.types.get(name), type, name);
    assert.equal(start.value('eddy_sqlite_checkpoint_passes_total'), 0);
    assert.equal(start.value('eddy_sqlite_checkpoint_fell_back'), 0);
    const flushesBefore = start.value('eddy_sqlite_wal_flushes_total')!;

    await eddy.ddb.send(new PutItemCommand({ TableName: 'Wal', Item: { pk: { S: 'one' } } }));
    const afterOne = await scrape(eddy);
    assert.ok(afterOne.value('eddy_sqlite_wal_flushes_total')! > flushesBefore, 'an acknowledged put waited for a flush (durability power)');
    assert.ok(afterOne.value('eddy_sqlite_wal_frames')! > 0, 'the put is in the WAL');

    // The checkpointer runs a pass every 1,000 committed writes (a write: one request's unit in a group commit).
    for (let round = 0; round < 20; round++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => eddy.ddb.send(new PutItemCommand({ TableName: 'Wal', Item: { pk: { S: `k${round}-${i}` }, pad: { S: 'x'.repeat(200) } } }))));
    }
    const passed = await eventually('a checkpoint pass in the metrics', () => scrape(eddy), { accept: (m) => m.value('eddy_sqlite_checkpoint_passes_total')! >= 1 });
    assert.ok(passed.value('eddy_sqlite_wal_frames_max')! >= passed.value('eddy_sqlite_wal_frames')!);
    assert.ok(passed.value('eddy_sqlite_wal_frames_max')! > 0);
    assert.ok(passed.value('eddy_sqlite_checkpoint_held_seconds_total')! >= 0);
    assert.ok(passed.value('eddy_sqlite_checkpoint_longest_hold_seconds')! <= passed.value('eddy_sqlite_checkpoint_held_seconds_total')!);
  });
});

describe('GET /_eddy/metrics: no SQLite WAL', () => {
  it('in memory (or on PostgreSQL) the WAL families are absent, not zero', async () => {
    const eddy = await startTestEddy();
    try {
      const metrics = await scrape(eddy);
      assert.ok(metrics.types.has('eddy_requests_total'));
      for (const name of Object.keys(WAL_FAMILIES)) assert.equal(metrics.types.has(name), false, name);
    } finally {
      await eddy.stop();
    }
  });
});
