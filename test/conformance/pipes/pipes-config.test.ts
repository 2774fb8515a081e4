import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribePipeCommand, ListPipesCommand } from '@aws-sdk/client-pipes';
import { GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { EddyConfig } from '../../../src/config/config-types.js';
import type { Logger } from '../../../src/shared/logger.js';
import { startTestEddy } from '../../helpers/eddy.js';
import { eventually } from '../../helpers/eventually.js';
import { queueArnOf, receiveMessages } from '../events/delivery-fixtures.js';
import { schedulerClient } from '../scheduler/scheduler-fixtures.js';
import { pipesClient } from './pipes-fixtures.js';

const kept: EddyConfig = {
  tables: { Orders: { partitionKey: { name: 'id', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' } },
  queues: { seen: {} },
  buses: { app: {} },
  rules: { fromPipe: { bus: 'app', pattern: { source: ['my-service.database'] }, targets: [{ queue: 'seen' }] } },
};
const withPipe: EddyConfig = {
  ...kept,
  pipes: {
    changes: {
      source: { stream: 'Orders', startingPosition: 'TRIM_HORIZON', batchSize: 10 },
      filter: [{ eventName: ['INSERT'] }],
      target: { bus: 'app', source: 'my-service.database', detailType: '$.eventName' },
    },
  },
  schedules: { nightly: { cron: '0 3 * * ? *', target: { queue: 'seen' } } },
};

describe('pipes in eddy.config', () => {
  it("runs the config's pipe (a table's stream to a bus whose rule feeds a queue), and eddy dev deletes it, and a schedule, dropped from the config", async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-pipes-config-')));
    const file = join(dir, 'eddy.config.json');
    writeFileSync(file, JSON.stringify(withPipe));
    const lines: string[] = [];
    const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), debug: () => {} };
    const eddy = await startTestEddy({ config: file, watch: true, log });
    const pipes = pipesClient(eddy.endpoint);
    const scheduler = schedulerClient(eddy);
    const seen = { name: 'seen', url: (await eddy.sqs.send(new GetQueueUrlCommand({ QueueName: 'seen' }))).QueueUrl!, arn: queueArnOf('seen') };
    const put = (id: string) => eddy.ddb.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: id } } }));
    const events = async (count: number) => (await receiveMessages(eddy, seen, count)).map((m) => JSON.parse(m.Body!) as Record<string, unknown>);
    try {
      assert.deepEqual(eddy.config?.report.created.filter((r) => r.kind === 'pipe' || r.kind === 'schedule').map((r) => `${r.kind} ${r.name}`), ['schedule nightly', 'pipe changes']);
      assert.equal((await pipes.send(new DescribePipeCommand({ Name: 'changes' }))).CurrentState, 'RUNNING');

      await put('o1');
      // A MODIFY is filtered out by the pipe: only the INSERT reaches the bus.
      await eddy.ddb.send(new UpdateItemCommand({ TableName: 'Orders', Key: { id: { S: 'o1' } }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '1' } } }));
      await put('o2');
      const delivered = await events(2);
      assert.deepEqual(delivered.map((e) => [e['source'], e['detail-type'], (e['detail'] as { dynamodb: { Keys: { id: { S: string } } } }).dynamodb.Keys.id.S]), [
        ['my-service.database', 'INSERT', 'o1'],
        ['my-service.database', 'INSERT', 'o2'],
      ]);

      writeFileSync(file, JSON.stringify(kept));
      await eventually('the summary line', () => lines.find((line) => line.startsWith('config: -')));
      assert.ok(lines.includes('config: -schedule nightly, -pipe changes'), lines.join('\n'));
      assert.deepEqual((await pipes.send(new ListPipesCommand({}))).Pipes, []);
      await assert.rejects(scheduler.send(new GetScheduleCommand({ Name: 'nightly' })), { name: 'ResourceNotFoundException' });

      // No pipe carries the next change: the only event on the queue is the one put on the bus after it.
      await put('o3');
      await eddy.events.send(new PutEventsCommand({ Entries: [{ EventBusName: 'app', Source: 'my-service.database', DetailType: 'after', Detail: '{}' }] }));
      assert.deepEqual((await events(1)).map((e) => e['detail-type']), ['after']);
      // Created by the config before the pipes' runtime started, the pipe was started once, without a lease lost or an error.
      assert.deepEqual(lines.filter((line) => /^pipe |lease|error/i.test(line)), []);
    } finally {
      pipes.destroy();
      scheduler.destroy();
      await eddy.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
