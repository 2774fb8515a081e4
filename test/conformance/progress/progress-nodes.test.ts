import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import type { ProgressTask } from '../../../src/progress/progress-model.js';
import { eddyNodes } from '../../helpers/eddy-nodes.js';
import { createTable, putAll, type Item } from '../dynamodb/read-fixtures.js';

const TABLE = 'ProgressShared';
const COUNT = 1200; // 12 backfill pages: enough for node B to see the stored progress between them

describe('GET /_eddy/progress on PostgreSQL: a node answers for the backfill another runs', () => {
  const nodes = eddyNodes();

  it('node B lists the backfill node A started, with the progress A stored, until the index is ACTIVE', async () => {
    const [a, b] = await nodes(2);
    await createTable(a!.ddb, TABLE, ['id', 'S']);
    const items: Item[] = Array.from({ length: COUNT }, (_, i) => ({ id: { S: `id-${i}` }, tag: { S: `t${i % 5}` } }));
    await putAll(a!.ddb, TABLE, items);
    await a!.ddb.send(
      new UpdateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'tag', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byTag', KeySchema: [{ AttributeName: 'tag', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } } }],
      }),
    );
    const seen: ProgressTask[] = [];
    for (let i = 0; i < 10_000; i++) {
      const { tasks } = (await (await fetch(`${b!.endpoint}/_eddy/progress`)).json()) as { tasks: ProgressTask[] };
      const task = tasks.find((t) => t.kind === 'backfill' && t.resource === `${TABLE}/byTag`);
      if (task === undefined) break;
      seen.push(task);
    }
    assert.ok(seen.length > 0, 'node B never listed the backfill');
    assert.ok(seen[0]!.done < COUNT, JSON.stringify(seen[0]));
    assert.ok(seen.some((task) => task.total === COUNT && task.started !== undefined), 'node B never saw the stored progress');
    const dones = seen.map((t) => t.done);
    assert.deepEqual(dones, [...dones].sort((x, y) => x - y));
    const index = (await b!.ddb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.GlobalSecondaryIndexes![0]!;
    assert.equal(index.IndexStatus, 'ACTIVE');
  });
});
