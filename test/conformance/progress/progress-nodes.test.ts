import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { ProgressTask } from '../../../src/progress/progress-model.js';
import { BackfillGate } from '../../helpers/backfill-gate.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { sharedPostgresCluster } from '../../helpers/postgres-cluster.js';
import { tableWithBackfill } from './backfill-table.js';

const TABLE = 'ProgressShared';
const COUNT = 150; // two backfill pages: node A is held between them while node B looks

describe('GET /_eddy/progress on PostgreSQL: a node answers for the backfill another runs', () => {
  const gate = new BackfillGate();
  const running: TestEddy[] = [];
  after(async () => {
    gate.open();
    for (const eddy of running.splice(0)) await eddy.stop();
  }); // before the cluster's own `after` drops the database
  const cluster = sharedPostgresCluster();

  it('node B lists the backfill node A started, with the progress A stored, until the index is ACTIVE', async () => {
    const storage = await (await cluster()).createDatabase({ migrated: true });
    // Only A's backfills are held: B never runs this one (A holds its lease, and B is not asked to describe the table before the end).
    const a = await startTestEddy({ storage, indexBackfill: gate.options });
    running.push(a);
    const b = await startTestEddy({ storage });
    running.push(b);
    const backfillOnB = async () => {
      const { tasks } = (await (await fetch(`${b.endpoint}/_eddy/progress`)).json()) as { tasks: ProgressTask[] };
      return tasks.find((t) => t.kind === 'backfill' && t.resource === `${TABLE}/byTag`);
    };
    await tableWithBackfill(a.ddb, TABLE, COUNT, 5);
    const first = await backfillOnB();
    assert.equal(first?.state, 'running', 'node B never listed the backfill');
    assert.equal(first!.done, 0);
    assert.equal((await gate.held()).done, 0);
    gate.step();
    // A is held after its first page, its progress stored: B answers with it.
    assert.equal((await gate.held()).done, 100);
    const between = await backfillOnB();
    assert.equal(between?.done, 100, JSON.stringify(between));
    assert.equal(between.total, COUNT);
    assert.equal(typeof between.started, 'number');
    gate.open();
    let left: ProgressTask | undefined = between;
    for (let i = 0; i < 10_000 && left !== undefined; i++) {
      assert.ok(left.done >= 100, `done went back: ${JSON.stringify(left)}`);
      left = await backfillOnB();
    }
    assert.equal(left, undefined, 'node B kept listing the backfill');
    const index = (await b.ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.GlobalSecondaryIndexes![0]!;
    assert.equal(index.IndexStatus, 'ACTIVE');
  });
});
