import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { ProgressTask } from '../../../src/progress/progress-model.js';
import { BackfillGate } from '../../helpers/backfill-gate.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { tableWithBackfill } from './backfill-table.js';

const TABLE = 'StoppedBackfill';
const COUNT = 150; // two backfill pages

const backfillOf = async (eddy: TestEddy): Promise<ProgressTask | undefined> => {
  const { tasks } = (await (await fetch(`${eddy.endpoint}/_eddy/progress`)).json()) as { tasks: ProgressTask[] };
  return tasks.find((task) => task.kind === 'backfill' && task.resource === `${TABLE}/byTag`);
};

describe('a GSI backfill stopped with Eddy', () => {
  it('leaves no progress behind: after a restart the index is listed as not begun, until a DescribeTable starts it again', async () => {
    const data = mkdtempSync(join(tmpdir(), 'eddy-backfill-stop-'));
    const gate = new BackfillGate();
    let eddy: TestEddy | undefined;
    try {
      // On files, to be started again; what survives a power cut is not the point here ('process': no fsync per commit).
      eddy = await startTestEddy({ data, durability: 'process', indexBackfill: gate.options });
      await tableWithBackfill(eddy.ddb, TABLE, COUNT, 3);
      await gate.held();
      gate.step();
      assert.equal((await gate.held()).done, 100);
      const held = await backfillOf(eddy);
      assert.equal(held?.done, 100);
      assert.equal(held?.total, COUNT);
      assert.equal(typeof held?.started, 'number');
      await eddy.stop(); // lets the held page go (its signal) and waits for the backfill to stop there

      eddy = await startTestEddy({ data, durability: 'process', indexBackfill: gate.options });
      // Nothing fills the index until a DescribeTable: no count, no start time, rather than the 100 of a run long gone.
      assert.deepEqual(await backfillOf(eddy), { kind: 'backfill', resource: `${TABLE}/byTag`, done: 0, unit: 'items', state: 'running' });
      await eddy.ddb.send(new DescribeTableCommand({ TableName: TABLE }));
      const restarted = await gate.held();
      assert.equal(restarted.done, 0);
      assert.equal((await backfillOf(eddy))?.total, COUNT);
      gate.open();
      let index;
      for (let i = 0; i < 1000 && index?.IndexStatus !== 'ACTIVE'; i++) {
        index = (await eddy.ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.GlobalSecondaryIndexes![0];
      }
      assert.equal(index?.IndexStatus, 'ACTIVE');
      assert.equal(await backfillOf(eddy), undefined);
    } finally {
      gate.open();
      await eddy?.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
