import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS, applySqliteMigrations, type SqliteMigration } from './sqlite-migrations.js';
import { openSqliteEngine } from './sqlite-engine.js';
import { tempDir } from './fixtures/temp-dir.js';

const dir = tempDir();
let counter = 0;
const freshPath = () => join(dir, `m-${++counter}.db`);
const clock = (iso: string) => () => new Date(iso);
/** Every version from `from` to the latest, so a new migration changes no list here. */
const through = (from: number) => Array.from({ length: SQLITE_MIGRATIONS.length - from + 1 }, (_, i) => from + i);

const rows = (db: Database.Database) => db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all();
const tableNames = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('SQLite migrations', () => {
  it('creates the schema on a fresh file and records each version once', () => {
    const db = new Database(freshPath());
    assert.deepEqual(applySqliteMigrations(db, SQLITE_MIGRATIONS, clock('2026-01-02T03:04:05.000Z')), through(1));
    const both = through(1).map((version) => ({ version, applied_at: '2026-01-02T03:04:05.000Z' }));
    assert.deepEqual(rows(db), both);
    assert.deepEqual(tableNames(db), [
      'async_invocations',
      'backup_items',
      'backups',
      'bus_archive_stats',
      'bus_archived_events',
      'bus_deliveries',
      'bus_delivery_routes',
      'bus_documents',
      'bus_target_counters',
      'cluster_leases',
      'cluster_nodes',
      'event_invoke_configs',
      'event_source_mappings',
      'index_entries',
      'items',
      'lambda_code_packages',
      'lambda_function_changes',
      'lambda_functions',
      'maintenance_state',
      'mapping_shards',
      'pipe_shards',
      'pipes',
      'queue_dedup',
      'queue_messages',
      'queue_move_tasks',
      'queues',
      'recovery_base_items',
      'recovery_changes',
      'recovery_tables',
      'request_tokens',
      'scheduler_documents',
      'scheduler_executions',
      'schema_migrations',
      'shards',
      'sns_signing_identity',
      'sqlite_sequence',
      'stream_blocks',
      'streams',
      'tables',
      'time_offset',
      'topic_dedup',
      'topic_deliveries',
      'topic_sequences',
      'topic_subscriptions',
      'topics',
    ]);
    assert.deepEqual(applySqliteMigrations(db, SQLITE_MIGRATIONS, clock('2027-01-01T00:00:00.000Z')), []);
    assert.deepEqual(rows(db), both);
  });

  it('upgrades a version-1 database to streams, keeping its tables and items', () => {
    const db = new Database(freshPath());
    applySqliteMigrations(db, SQLITE_MIGRATIONS.slice(0, 1), clock('2026-01-01T00:00:00.000Z'));
    db.prepare("INSERT INTO tables (name, definition) VALUES ('T', '{}')").run();
    assert.deepEqual(applySqliteMigrations(db, SQLITE_MIGRATIONS, clock('2026-02-01T00:00:00.000Z')), through(2));
    assert.deepEqual(db.prepare('SELECT name FROM tables').all(), [{ name: 'T' }]);
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM streams').get(), { n: 0 });
    db.close();
  });

  it('moves version-5 stream records into one-record blocks, read back at the same sequence numbers', async () => {
    const path = freshPath();
    const db = new Database(path);
    applySqliteMigrations(db, SQLITE_MIGRATIONS.slice(0, 5), clock('2026-01-01T00:00:00.000Z'));
    db.prepare("INSERT INTO streams (id, table_id, table_name, label, meta, created_at) VALUES (1, 7, 'T', 'L', '{}', 1000)").run();
    db.prepare(
      "INSERT INTO shards (id, stream_id, shard_id, hash_from, hash_to, starting_seq, next_seq, created_at) VALUES (1, 1, 'shardId-1', 0, 4294967295, 500, 500, 1000)",
    ).run();
    const insert = db.prepare('INSERT INTO stream_records (shard, seq, created_at, json) VALUES (1, ?, ?, ?)');
    insert.run(500, 2000, 'I-{"a":1}');
    insert.run(501, 2000, 'M-{"a":2}');
    insert.run(502, 3000, 'RS{"a":3}');
    assert.deepEqual(applySqliteMigrations(db, SQLITE_MIGRATIONS, clock('2026-02-01T00:00:00.000Z')), through(6));
    assert.deepEqual(db.prepare('SELECT * FROM stream_blocks ORDER BY first_seq').all(), [
      { shard: 1, first_seq: 500, last_seq: 500, created_at: 2000, records: 'I-{"a":1}' },
      { shard: 1, first_seq: 501, last_seq: 501, created_at: 2000, records: 'M-{"a":2}' },
      { shard: 1, first_seq: 502, last_seq: 502, created_at: 3000, records: 'RS{"a":3}' },
    ]);
    db.close();
    const engine = openSqliteEngine({ path });
    try {
      const read = await engine.readShard({ streamId: 1, shardId: 'shardId-1', limit: 10, after: 10n ** 20n + 500n });
      assert.deepEqual(read, [
        { sequence: 10n ** 20n + 501n, json: 'M-{"a":2}', createdAt: 2000 },
        { sequence: 10n ** 20n + 502n, json: 'RS{"a":3}', createdAt: 3000 },
      ]);
      assert.equal((await engine.getStream('T', 'L'))!.shards[0]!.lastSequence, 10n ** 20n + 502n);
    } finally {
      await engine.close();
    }
  });

  it('upgrades a version-8 database to the event bus, keeping its queues, and the bus store works on it', async () => {
    const path = freshPath();
    const db = new Database(path);
    applySqliteMigrations(db, SQLITE_MIGRATIONS.slice(0, 8), clock('2026-01-01T00:00:00.000Z'));
    db.prepare("INSERT INTO queues (name, fifo, attributes, tags, created_at, modified_at) VALUES ('q', 0, '{}', '{}', 1, 1)").run();
    assert.deepEqual(applySqliteMigrations(db, SQLITE_MIGRATIONS, clock('2026-02-01T00:00:00.000Z')), through(9));
    assert.deepEqual(db.prepare('SELECT name FROM queues').all(), [{ name: 'q' }]);
    db.close();
    const engine = openSqliteEngine({ path });
    try {
      await engine.bus.writeDocument({ kind: 'bus', scope: '', name: 'app', now: 5, decide: () => ({ definition: {}, result: undefined }) });
      assert.equal((await engine.bus.getDocument('bus', '', 'app'))!.version, 1);
      assert.deepEqual(await engine.bus.archiveStats('a'), { eventCount: 0, sizeBytes: 0 });
    } finally {
      await engine.close();
    }
  });

  it('upgrades a version-9 database to event invoke configs, keeping the async invocations waiting there', async () => {
    const path = freshPath();
    const db = new Database(path);
    applySqliteMigrations(db, SQLITE_MIGRATIONS.slice(0, 9), clock('2026-01-01T00:00:00.000Z'));
    db.prepare("INSERT INTO async_invocations VALUES ('r1', 'fn', '{\"a\":1}', 10, 1, 70)").run();
    assert.deepEqual(applySqliteMigrations(db, SQLITE_MIGRATIONS, clock('2026-02-01T00:00:00.000Z')), through(10));
    db.close();
    const engine = openSqliteEngine({ path });
    try {
      assert.deepEqual(await engine.asyncInvocations.pendingInvocations(), [
        { requestId: 'r1', functionName: 'fn', payload: '{"a":1}', receivedAt: 10, attempts: 1, dueAt: 70 },
      ]);
      assert.ok(await engine.asyncInvocations.claimInvocation('r1', 'node', 70, 100));
      await engine.asyncInvocations.recordOutcome('node', 'r1', 2, { destination: 'arn:aws:sqs:us-east-1:000000000000:q', record: '{}' }, 80);
      assert.deepEqual((await engine.asyncInvocations.pendingInvocations())[0]!.outcome, { destination: 'arn:aws:sqs:us-east-1:000000000000:q', record: '{}' });
      await engine.eventInvokeConfigs.write('fn', '$LATEST', 5, () => ({ MaximumRetryAttempts: 0 }));
      assert.deepEqual(await engine.eventInvokeConfigs.list('fn'), [{ functionName: 'fn', qualifier: '$LATEST', config: { MaximumRetryAttempts: 0 }, lastModified: 5 }]);
    } finally {
      await engine.close();
    }
  });

  it('upgrades a version-10 database to delivery routes: pending and leased deliveries keep their state, target and place in line', async () => {
    const path = freshPath();
    const db = new Database(path);
    applySqliteMigrations(db, SQLITE_MIGRATIONS.slice(0, 10), clock('2026-01-01T00:00:00.000Z'));
    const insert = db.prepare(
      `INSERT INTO bus_deliveries (seq, id, claimable_at, lease_owner, due_at, attempts, accepted_at, bus, rule, target_id, event_id, last_error, target, payload)
       VALUES (?, ?, ?, ?, ?, ?, 10, 'app', ?, 't', ?, ?, ?, ?)`,
    );
    const queue = '{"Id":"t","Arn":"arn:aws:sqs:us-east-1:000000000000:q"}';
    insert.run(1, 'd1', 100, null, 100, 0, 'r1', 'e1', null, queue, '{"n":1}');
    insert.run(2, 'd2', 900, 'gone', 50, 2, 'r1', 'e2', 'TIMEOUT: slow', queue, '{"n":2}');
    insert.run(3, 'd3', 200, null, 200, 0, 'r2', 'e3', null, '{"Id":"t","Arn":"arn:aws:lambda:us-east-1:000000000000:function:f"}', '{"n":3}');
    insert.run(4, 'd4', 300, null, 300, 0, 'r1', 'e4', null, queue, '{"n":4}');
    assert.deepEqual(applySqliteMigrations(db, SQLITE_MIGRATIONS, clock('2026-02-01T00:00:00.000Z')), through(11));
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM bus_delivery_routes').get(), { n: 2 });
    db.close();
    const engine = openSqliteEngine({ path });
    try {
      const pending = await engine.bus.pendingDeliveries(10);
      assert.deepEqual(pending.map((d) => [d.id, d.rule, d.eventId, d.payload, d.attempts, d.lastError]), [
        ['d1', 'r1', 'e1', '{"n":1}', 0, undefined],
        ['d3', 'r2', 'e3', '{"n":3}', 0, undefined],
        ['d4', 'r1', 'e4', '{"n":4}', 0, undefined],
        ['d2', 'r1', 'e2', '{"n":2}', 2, 'TIMEOUT: slow'],
      ]);
      assert.deepEqual(pending[1]!.target, { Id: 't', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:f' });
      assert.equal(pending[0]!.target, pending[2]!.target, 'one route, one target object');
      // d2's lease (held by a node gone) expires at 900: claimed at 1000 with the others, by due time.
      const claimed = await engine.bus.claimDeliveries('me', 1_000, 61_000, 10);
      assert.deepEqual(claimed.map((d) => [d.id, d.bus, d.targetId, d.dueAt, d.acceptedAt]), [
        ['d2', 'app', 't', 50, 10],
        ['d1', 'app', 't', 100, 10],
        ['d3', 'app', 't', 200, 10],
        ['d4', 'app', 't', 300, 10],
      ]);
      assert.equal(await engine.bus.settleDeliveries('me', claimed.map((d) => ({ id: d.id, kind: 'delivered' as const }))), 4);
      assert.deepEqual(await engine.bus.pendingDeliveries(10), []);
    } finally {
      await engine.close();
    }
  });

  it('is a no-op when the engine reopens a file', async () => {
    const path = freshPath();
    await openSqliteEngine({ path }).close();
    const first = new Database(path);
    const before = rows(first);
    first.close();
    await openSqliteEngine({ path }).close();
    await openSqliteEngine({ path }).close();
    const db = new Database(path);
    assert.deepEqual(rows(db), before);
    assert.equal(before.length, SQLITE_MIGRATIONS.length);
    db.close();
  });

  it('applies only the migrations not yet applied, in order', () => {
    const db = new Database(freshPath());
    applySqliteMigrations(db, SQLITE_MIGRATIONS.slice(0, 1), clock('2026-01-01T00:00:00.000Z'));
    const next: SqliteMigration[] = [
      ...SQLITE_MIGRATIONS,
      { version: SQLITE_MIGRATIONS.length + 1, description: 'a', sql: 'CREATE TABLE extra_a (x INTEGER)' },
      { version: SQLITE_MIGRATIONS.length + 2, description: 'b', sql: 'ALTER TABLE extra_a ADD COLUMN y TEXT' },
    ];
    const applied = applySqliteMigrations(db, next, clock('2026-02-01T00:00:00.000Z'));
    assert.deepEqual(applied, next.slice(1).map((m) => m.version));
    assert.deepEqual(db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all('extra_a'), [{ name: 'x' }, { name: 'y' }]);
    assert.deepEqual(applySqliteMigrations(db, next), []);
    db.close();
  });

  it('rolls back every migration of the run when one fails', () => {
    const db = new Database(freshPath());
    const broken: SqliteMigration[] = [
      ...SQLITE_MIGRATIONS,
      { version: SQLITE_MIGRATIONS.length + 1, description: 'ok', sql: 'CREATE TABLE extra_ok (x INTEGER)' },
      { version: SQLITE_MIGRATIONS.length + 2, description: 'bad', sql: 'CREATE TABLE extra_bad (x); SELECT * FROM missing' },
    ];
    assert.throws(() => applySqliteMigrations(db, broken), { message: 'no such table: missing' });
    assert.deepEqual(tableNames(db), []);
    assert.equal(db.inTransaction, false);
    db.close();
  });

  it('refuses a database migrated by a newer Eddy', () => {
    const path = freshPath();
    const db = new Database(path);
    applySqliteMigrations(db, [...SQLITE_MIGRATIONS, { version: SQLITE_MIGRATIONS.length + 1, description: 'future', sql: 'SELECT 1' }]);
    db.close();
    const latest = SQLITE_MIGRATIONS.length;
    assert.throws(() => openSqliteEngine({ path }), {
      message: `The database schema is at version ${latest + 1}, newer than this version of Eddy supports (${latest}); upgrade Eddy`,
    });
  });

  it('rejects a migration list with a gap', () => {
    const db = new Database(':memory:');
    assert.throws(() => applySqliteMigrations(db, [{ version: 2, description: 'x', sql: 'SELECT 1' }]), {
      message: 'SQLite migration 0 has version 2, expected 1',
    });
    db.close();
  });
});
