import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createQueue } from '../queues/operations/queue-lifecycle.js';
import { getQueueAttributes } from '../queues/operations/queue-attributes-ops.js';
import { createTable } from '../table/operations/create-table.js';
import { describeTable } from '../table/operations/describe-table.js';
import { describeTimeToLive } from '../table/operations/describe-time-to-live.js';
import { FunctionBuildError } from '../functions/errors.js';
import { HandlerNotFoundError } from '../functions/handler-export.js';
import { applyConfig } from './apply-config.js';
import type { EddyConfig } from './config-types.js';
import { ConfigError } from './config-error.js';
import { configTargets } from './fixtures/config-targets.js';
import { validateConfig } from './validate-config.js';
import { memoryEngine } from '../storage/sqlite/fixtures/memory-engine.js';

const FILE = '/app/eddy.config.ts';
const ARN = 'arn:aws:sqs:us-east-1:000000000000';
const URL = 'http://127.0.0.1:4566/000000000000';

const users = {
  partitionKey: { name: 'userId', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: { byEmail: { partitionKey: { name: 'email', type: 'S' } } },
  localIndexes: { byDate: { sortKey: { name: 'date', type: 'N' }, projection: 'KEYS_ONLY' } },
  stream: 'NEW_AND_OLD_IMAGES',
  ttlAttribute: 'expiresAt',
} as const;

const base: EddyConfig = {
  tables: { Users: users },
  queues: {
    orders: { visibilityTimeout: 45, deadLetter: { queue: 'orders-dlq', maxReceiveCount: 5 } },
    'orders-dlq': {},
    'jobs.fifo': { fifo: true, contentBasedDeduplication: true },
  },
  functions: { indexUsers: { handler: 'src/index-users.ts', timeout: 10, environment: { INDEX: 'users' }, events: [{ stream: { table: 'Users' } }] } },
};

describe('applyConfig', () => {
  let env: ReturnType<typeof configTargets>;
  beforeEach(() => {
    env = configTargets(memoryEngine);
  });
  afterEach(() => env.close());

  const apply = (config: EddyConfig) => applyConfig(validateConfig(config, FILE), env.targets, env.log);
  const table = async (name: string) => ((await describeTable(env.targets.tables, { TableName: name })) as { Table: Record<string, unknown> }).Table;
  const ttl = async (name: string) => ((await describeTimeToLive(env.targets.tables, { TableName: name })) as { TimeToLiveDescription: unknown }).TimeToLiveDescription;
  const queue = async (name: string) =>
    ((await getQueueAttributes(env.targets.queues, { QueueUrl: `${URL}/${name}`, AttributeNames: ['All'] })) as { Attributes: Record<string, string> }).Attributes;
  const refusal = async (config: EddyConfig) => {
    try {
      await apply(config);
    } catch (error) {
      assert.ok(error instanceof ConfigError, String(error));
      return error.problems;
    }
    assert.fail('expected a ConfigError');
  };
  const names = (list: { kind: string; name: string }[]) => list.map((r) => `${r.kind} ${r.name}`);

  it('creates tables (keys, indexes, stream, TTL), queues (dead-letter queues first) and deploys functions', async () => {
    const report = await apply(base);
    assert.deepEqual(names(report.created), ['queue orders-dlq', 'queue orders', 'queue jobs.fifo', 'table Users']);
    assert.deepEqual(report.updated, []);
    assert.deepEqual(report.unchanged, []);
    assert.deepEqual(names(report.deployed), ['function indexUsers']);
    assert.deepEqual(env.logged, [
      'config: created queue orders-dlq',
      'config: created queue orders',
      'config: created queue jobs.fifo',
      'config: created table Users',
      'config: deployed function indexUsers',
    ]);

    const users = await table('Users');
    assert.deepEqual(users['KeySchema'], [{ AttributeName: 'userId', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }]);
    assert.deepEqual(users['AttributeDefinitions'], [
      { AttributeName: 'userId', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'email', AttributeType: 'S' },
      { AttributeName: 'date', AttributeType: 'N' },
    ]);
    assert.deepEqual(users['BillingModeSummary'], { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: Date.UTC(2026, 0, 1) / 1000 });
    const [gsi] = users['GlobalSecondaryIndexes'] as Record<string, unknown>[];
    assert.equal(gsi!['IndexName'], 'byEmail');
    assert.deepEqual(gsi!['KeySchema'], [{ AttributeName: 'email', KeyType: 'HASH' }]);
    assert.deepEqual(gsi!['Projection'], { ProjectionType: 'ALL' });
    const [lsi] = users['LocalSecondaryIndexes'] as Record<string, unknown>[];
    assert.deepEqual(lsi!['KeySchema'], [{ AttributeName: 'userId', KeyType: 'HASH' }, { AttributeName: 'date', KeyType: 'RANGE' }]);
    assert.deepEqual(lsi!['Projection'], { ProjectionType: 'KEYS_ONLY' });
    assert.deepEqual(users['StreamSpecification'], { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    assert.deepEqual(await ttl('Users'), { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });

    const orders = await queue('orders');
    assert.equal(orders['VisibilityTimeout'], '45');
    assert.equal(orders['RedrivePolicy'], `{"deadLetterTargetArn":"${ARN}:orders-dlq","maxReceiveCount":5}`);
    assert.equal((await queue('orders-dlq'))['VisibilityTimeout'], '30');
    const jobs = await queue('jobs.fifo');
    assert.equal(jobs['FifoQueue'], 'true');
    assert.equal(jobs['ContentBasedDeduplication'], 'true');

    assert.deepEqual(env.deployed, [
      { name: 'indexUsers', handler: 'src/index-users.ts#handler', baseDir: '/app', timeoutSeconds: 10, memorySizeMB: 128, environment: { INDEX: 'users' }, reservedConcurrency: undefined },
    ]);
  });

  it('writes nothing when applied again unchanged', async () => {
    await apply(base);
    const before = { users: await table('Users'), ttl: await ttl('Users'), orders: await queue('orders'), jobs: await queue('jobs.fifo') };
    env.clock.advance(3_600_000);
    env.logged.length = 0;
    const report = await apply(base);
    assert.deepEqual(report.created, []);
    assert.deepEqual(report.updated, []);
    assert.deepEqual(names(report.unchanged), ['queue orders-dlq', 'queue orders', 'queue jobs.fifo', 'table Users']);
    assert.deepEqual(env.logged, ['config: deployed function indexUsers']);
    // A write would have moved LastModifiedTimestamp (queues) or the stream's label (tables) with the clock.
    assert.deepEqual({ users: await table('Users'), ttl: await ttl('Users'), orders: await queue('orders'), jobs: await queue('jobs.fifo') }, before);
  });

  it('changes, enables and disables the stream', async () => {
    await apply(base);
    const firstArn = (await table('Users'))['LatestStreamArn'];
    env.clock.advance(1000);
    env.logged.length = 0;
    const report = await apply({ ...base, tables: { Users: { ...users, stream: 'KEYS_ONLY' } } });
    assert.deepEqual(report.updated, [{ kind: 'table', name: 'Users', changes: ['stream NEW_AND_OLD_IMAGES → KEYS_ONLY'] }]);
    assert.deepEqual(env.logged[0], 'config: updated table Users: stream NEW_AND_OLD_IMAGES → KEYS_ONLY');
    const changed = await table('Users');
    assert.deepEqual(changed['StreamSpecification'], { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
    assert.notEqual(changed['LatestStreamArn'], firstArn);

    // Without the function whose stream event needs it (that is refused before anything is written).
    const off = await apply({ ...base, functions: {}, tables: { Users: { ...users, stream: false } } });
    assert.deepEqual(off.updated, [{ kind: 'table', name: 'Users', changes: ['stream KEYS_ONLY → off'] }]);
    assert.equal((await table('Users'))['StreamSpecification'], undefined);

    const on = await apply({ ...base, tables: { Users: { ...users, stream: 'NEW_IMAGE' } } });
    assert.deepEqual(on.updated, [{ kind: 'table', name: 'Users', changes: ['stream off → NEW_IMAGE'] }]);
    assert.deepEqual((await table('Users'))['StreamSpecification'], { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
  });

  it('moves TTL to another attribute, and turns it off', async () => {
    await apply(base);
    const moved = await apply({ ...base, tables: { Users: { ...users, ttlAttribute: 'deleteAt' } } });
    assert.deepEqual(moved.updated, [{ kind: 'table', name: 'Users', changes: ['ttl expiresAt → deleteAt'] }]);
    assert.deepEqual(await ttl('Users'), { TimeToLiveStatus: 'ENABLED', AttributeName: 'deleteAt' });
    const { ttlAttribute: _, ...withoutTtl } = users;
    const off = await apply({ ...base, tables: { Users: withoutTtl } });
    assert.deepEqual(off.updated, [{ kind: 'table', name: 'Users', changes: ['ttl deleteAt → off'] }]);
    assert.deepEqual(await ttl('Users'), { TimeToLiveStatus: 'DISABLED' });
  });

  it('refuses key and index changes, naming the table and the difference, before writing anything', async () => {
    await apply(base);
    const before = { users: await table('Users'), orders: await queue('orders') };
    const problems = await refusal({
      ...base,
      queues: { ...base.queues, orders: { visibilityTimeout: 60 } },
      tables: {
        Users: {
          ...users,
          partitionKey: { name: 'id', type: 'S' },
          sortKey: { name: 'sk', type: 'N' },
          globalIndexes: { byName: { partitionKey: { name: 'name', type: 'S' } } },
          localIndexes: { byDate: { sortKey: { name: 'date', type: 'S' } }, byScore: { sortKey: { name: 'score', type: 'N' } } },
        },
      },
    });
    assert.deepEqual(problems, [
      `${FILE}: tables.Users.partitionKey: the stored table's is userId (S), the config's id (S); a table's key cannot change (delete the table to re-create it)`,
      `${FILE}: tables.Users.sortKey: the stored table's is sk (S), the config's sk (N); a table's key cannot change (delete the table to re-create it)`,
      `${FILE}: tables.Users.localIndexes.byDate: the stored index is keys userId (S), date (N); projection KEYS_ONLY, the config's keys id (S), date (S); projection ALL; an index cannot change (delete it with UpdateTable, then apply again)`,
      `${FILE}: tables.Users.localIndexes.byScore: the stored table has no such index, and local indexes are only made with their table (delete the table to re-create it)`,
      `${FILE}: tables.Users.globalIndexes.byEmail: the stored table has this global index and the config does not declare it; Eddy never drops an index (declare it, or delete it with UpdateTable)`,
    ]);
    // Neither the table nor the queue (whose change was valid) was touched.
    assert.deepEqual({ users: await table('Users'), orders: await queue('orders') }, before);
  });

  it('adds a global index, and refuses to change one', async () => {
    await apply(base);
    const byName = { partitionKey: { name: 'name', type: 'S' }, sortKey: { name: 'age', type: 'N' }, projection: { include: ['title'] } } as const;
    const report = await apply({ ...base, tables: { Users: { ...users, globalIndexes: { ...users.globalIndexes, byName } } } });
    assert.deepEqual(report.updated, [{ kind: 'table', name: 'Users', changes: ['index byName added'] }]);
    const indexes = (await table('Users'))['GlobalSecondaryIndexes'] as Record<string, unknown>[];
    assert.deepEqual(indexes.map((i) => [i['IndexName'], i['KeySchema'], i['Projection']]), [
      ['byEmail', [{ AttributeName: 'email', KeyType: 'HASH' }], { ProjectionType: 'ALL' }],
      ['byName', [{ AttributeName: 'name', KeyType: 'HASH' }, { AttributeName: 'age', KeyType: 'RANGE' }], { ProjectionType: 'INCLUDE', NonKeyAttributes: ['title'] }],
    ]);
    const problems = await refusal({
      ...base,
      tables: { Users: { ...users, globalIndexes: { ...users.globalIndexes, byName: { ...byName, projection: 'KEYS_ONLY' } } } },
    });
    assert.deepEqual(problems, [
      `${FILE}: tables.Users.globalIndexes.byName: the stored index is keys name (S), age (N); projection INCLUDE [title], the config's keys name (S), age (N); projection KEYS_ONLY; an index cannot change (delete it with UpdateTable, then apply again)`,
    ]);
  });

  it('updates queue attributes and dead-letter settings', async () => {
    await apply(base);
    env.logged.length = 0;
    const report = await apply({
      ...base,
      queues: { ...base.queues, orders: { visibilityTimeout: 60, delaySeconds: 5, deadLetter: { queue: 'orders-dlq', maxReceiveCount: 3 } } },
    });
    assert.deepEqual(report.updated, [
      {
        kind: 'queue',
        name: 'orders',
        changes: [
          'DelaySeconds 0 → 5',
          'VisibilityTimeout 45 → 60',
          `RedrivePolicy {"deadLetterTargetArn":"${ARN}:orders-dlq","maxReceiveCount":5} → {"deadLetterTargetArn":"${ARN}:orders-dlq","maxReceiveCount":3}`,
        ],
      },
    ]);
    assert.equal(env.logged[0], `config: updated queue orders: ${report.updated[0]!.changes.join(', ')}`);
    const orders = await queue('orders');
    assert.equal(orders['VisibilityTimeout'], '60');
    assert.equal(orders['DelaySeconds'], '5');
    assert.equal(orders['RedrivePolicy'], `{"deadLetterTargetArn":"${ARN}:orders-dlq","maxReceiveCount":3}`);

    const removed = await apply({ ...base, queues: { ...base.queues, orders: { visibilityTimeout: 60, delaySeconds: 5 } } });
    assert.deepEqual(removed.updated, [
      { kind: 'queue', name: 'orders', changes: [`RedrivePolicy {"deadLetterTargetArn":"${ARN}:orders-dlq","maxReceiveCount":3} → (none)`] },
    ]);
    assert.equal((await queue('orders'))['RedrivePolicy'], undefined);
  });

  it('uses a dead-letter queue created through the API, and refuses a missing one', async () => {
    await createQueue(env.targets.queues, { QueueName: 'api-dlq' });
    const report = await apply({ queues: { work: { deadLetter: { queue: 'api-dlq', maxReceiveCount: 2 } } } });
    assert.deepEqual(names(report.created), ['queue work']);
    assert.equal((await queue('work'))['RedrivePolicy'], `{"deadLetterTargetArn":"${ARN}:api-dlq","maxReceiveCount":2}`);

    const problems = await refusal({ queues: { other: { deadLetter: { queue: 'nowhere', maxReceiveCount: 2 } } } });
    assert.deepEqual(problems, [
      `${FILE}: queues.other.deadLetter.queue: queue nowhere does not exist in this config or in storage`,
    ]);
  });

  it('tries every function, then reports each build problem on a line of its own', async () => {
    const build = env.targets.functions.build;
    env.targets.functions.build = async (spec) => {
      if (spec.name === 'indexUsers') throw new FunctionBuildError(spec.name, ['src/a.ts imports "x", which is not installed in /app — run: npm install x', 'src/a.ts:2:3: Unexpected ";"']);
      if (spec.name === 'report') throw new FunctionBuildError(spec.name, ['src/b.ts imports "y", which is not installed in /app — run: npm install y'], ['y']);
      if (spec.name === 'main') throw new HandlerNotFoundError(spec.name, ['src/c.ts has no export named "handler" (it exports: main, helper)']);
      return build(spec);
    };
    const problems = await refusal({
      tables: { Users: users },
      functions: { indexUsers: { handler: 'src/a.ts' }, fine: { handler: 'src/ok.ts' }, report: { handler: 'src/b.ts' }, main: { handler: 'src/c.ts' } },
    });
    assert.deepEqual(problems, [
      `${FILE}: functions.indexUsers: cannot be built: src/a.ts imports "x", which is not installed in /app — run: npm install x`,
      `${FILE}: functions.indexUsers: cannot be built: src/a.ts:2:3: Unexpected ";"`,
      `${FILE}: functions.report: cannot be built: src/b.ts imports "y", which is not installed in /app — run: npm install y`,
      `${FILE}: functions.main.handler: src/c.ts has no export named "handler" (it exports: main, helper)`,
    ]);
    // Nothing was applied: no table, no function.
    assert.deepEqual(env.deployed, []);
    await assert.rejects(table('Users'), /not found/);
  });

  it('deploys a function that cannot be built as broken when allowed (eddy dev), and says so', async () => {
    env.targets.functions.build = async (spec) => {
      throw new FunctionBuildError(spec.name, ['src/a.ts:2:3: Unexpected ";"']);
    };
    const report = await applyConfig(validateConfig({ functions: { indexUsers: { handler: 'src/a.ts' } } }, FILE), env.targets, env.log, { allowBroken: true });
    assert.deepEqual(report.broken, [{ kind: 'function', name: 'indexUsers', changes: ['src/a.ts:2:3: Unexpected ";"'] }]);
    assert.deepEqual(env.deployed.map((spec) => spec.name), ['indexUsers']);
    assert.deepEqual(env.logged, [
      'error: [indexUsers] cannot be built — invocations fail with Runtime.UserCodeSyntaxError until a save fixes it: src/a.ts:2:3: Unexpected ";"',
    ]);
  });

  it('refuses references to tables and queues that exist nowhere, or a table without a stream, before writing anything', async () => {
    await createTable(env.targets.tables, {
      TableName: 'Plain',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    await createQueue(env.targets.queues, { QueueName: 'api-queue' });
    const problems = await refusal({
      tables: { Users: users, Quiet: { partitionKey: { name: 'id', type: 'S' } } },
      queues: { work: { deadLetter: { queue: 'nowhere', maxReceiveCount: 2 } } },
      functions: {
        sendEmail: {
          handler: 'src/a.ts',
          events: [
            { stream: { table: 'Userz', onFailure: { queue: 'lost' } } },
            { stream: { table: 'Users', onFailure: { queue: 'api-queue' } } },
            { stream: { table: 'Quiet' } },
            { stream: { table: 'Plain' } },
            { queue: { name: 'jobs' } },
            { queue: { name: 'work' } },
          ],
        },
      },
    });
    assert.deepEqual(problems, [
      `${FILE}: queues.work.deadLetter.queue: queue nowhere does not exist in this config or in storage`,
      `${FILE}: functions.sendEmail.events[0].stream.table: table Userz does not exist in this config or in storage`,
      `${FILE}: functions.sendEmail.events[0].stream.onFailure.queue: queue lost does not exist in this config or in storage`,
      `${FILE}: functions.sendEmail.events[2].stream.table: table Quiet has no stream enabled (set tables.Quiet.stream to a stream view type)`,
      `${FILE}: functions.sendEmail.events[3].stream.table: table Plain has no stream enabled (enable one with UpdateTable, or declare the table in this config with a stream)`,
      `${FILE}: functions.sendEmail.events[4].queue.name: queue jobs does not exist in this config or in storage`,
    ]);
    await assert.rejects(table('Users'), /not found/);
    await assert.rejects(queue('work'), /does not exist/);
    assert.deepEqual(env.deployed, []);
  });

  it('leaves resources the config does not name alone', async () => {
    await createTable(env.targets.tables, {
      TableName: 'Other',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    await createQueue(env.targets.queues, { QueueName: 'loose', Attributes: { VisibilityTimeout: '99' } });
    const report = await apply(base);
    assert.deepEqual(names(report.created), ['queue orders-dlq', 'queue orders', 'queue jobs.fifo', 'table Users']);
    assert.equal((await table('Other'))['TableName'], 'Other');
    assert.equal((await queue('loose'))['VisibilityTimeout'], '99');
  });

  it('adopts a table created through the API that matches the config', async () => {
    await createTable(env.targets.tables, {
      TableName: 'Plain',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    const report = await apply({ tables: { Plain: { partitionKey: { name: 'id', type: 'S' }, stream: 'NEW_IMAGE' } } });
    assert.deepEqual(report.updated, [{ kind: 'table', name: 'Plain', changes: ['stream off → NEW_IMAGE'] }]);
    const problems = await refusal({ tables: { Plain: { partitionKey: { name: 'id', type: 'N' }, stream: 'NEW_IMAGE' } } });
    assert.deepEqual(problems, [
      `${FILE}: tables.Plain.partitionKey: the stored table's is id (S), the config's id (N); a table's key cannot change (delete the table to re-create it)`,
    ]);
  });
});
