import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createStreamTable, readOnlyShard } from '../streams/stream-fixtures.js';
import { batchWriteAll } from './batch-fixtures.js';
import { hashTable, tableName } from './table-fixtures.js';

const START = Date.UTC(2026, 0, 1);
const FIVE_YEARS_S = 5 * 365 * 24 * 60 * 60;

/**
 * TTL deletes (SEMANTICS.md §A.4): items whose TTL attribute is a Number of epoch seconds before the
 * injected clock are deleted by `POST /_eddy/ttl/sweep` (the background timer is off here), with a
 * REMOVE stream record carrying the service userIdentity.
 */
describe('TTL sweep', () => {
  // A server per test: a sweep covers every table, so counts must not depend on other tests' items.
  let eddy: TestEddy;
  let clock: ManualClock;
  const nowS = () => clock.now() / 1000;
  beforeEach(async () => {
    clock = new ManualClock(START);
    eddy = await startTestEddy({ clock, ttl: { sweepPeriodMs: 0 } });
  });
  afterEach(() => eddy.stop());

  const sweep = (): Promise<{ deleted: number }> => eddy.admin('/_eddy/ttl/sweep');
  const enableTtl = (TableName: string, AttributeName = 'exp') =>
    eddy.ddb.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled: true, AttributeName } }));
  const newTable = async (ttl = true) => {
    const name = tableName('ttl');
    await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    if (ttl) await enableTtl(name);
    return name;
  };
  const put = (TableName: string, pk: string, extra: Record<string, AttributeValue> = {}) =>
    eddy.ddb.send(new PutItemCommand({ TableName, Item: { pk: { S: pk }, ...extra } }));
  const exists = async (TableName: string, pk: string) =>
    (await eddy.ddb.send(new GetItemCommand({ TableName, Key: { pk: { S: pk } }, ConsistentRead: true }))).Item !== undefined;
  /** Those of `pks` whose item exists, in the given order. */
  const present = async (TableName: string, pks: readonly string[]) => {
    const found = await Promise.all(pks.map((pk) => exists(TableName, pk)));
    return pks.filter((_, i) => found[i]);
  };
  const n = (seconds: number): AttributeValue => ({ N: String(seconds) });

  it('deletes only items whose TTL Number is in the past; reads return them until then', async () => {
    const table = await newTable();
    const plain = await newTable(false);
    await put(table, 'past', { exp: n(nowS() - 1) });
    await put(table, 'future', { exp: n(nowS() + 3600) });
    await put(table, 'missing');
    await put(table, 'string', { exp: { S: String(nowS() - 1) } });
    await put(table, 'number-set', { exp: { NS: [String(nowS() - 1)] } });
    await put(table, 'nested', { m: { M: { exp: n(nowS() - 1) } } });
    await put(table, 'too-old', { exp: n(nowS() - FIVE_YEARS_S - 1) });
    await put(plain, 'past', { exp: n(nowS() - 1) });

    const all = ['past', 'future', 'missing', 'string', 'number-set', 'nested', 'too-old'];

    // Expired but not yet swept: still there, as on AWS.
    assert.deepEqual(await present(table, all), all);

    assert.deepEqual(await sweep(), { deleted: 1 });
    assert.deepEqual(await present(table, all), ['future', 'missing', 'string', 'number-set', 'nested', 'too-old']);
    assert.deepEqual(await present(plain, ['past']), ['past']);
    assert.deepEqual(await sweep(), { deleted: 0 });

    clock.advance(3600_000);
    assert.deepEqual(await sweep(), { deleted: 0 }, 'expiry is strictly after the TTL second');
    clock.advance(1);
    assert.deepEqual(await sweep(), { deleted: 1 });
    assert.deepEqual(await present(table, all), ['missing', 'string', 'number-set', 'nested', 'too-old']);
  });

  it('keeps an item whose TTL was moved to the future before the sweep', async () => {
    const table = await newTable();
    await put(table, 'a', { exp: n(nowS() - 10) });
    await eddy.ddb.send(
      new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'a' } }, UpdateExpression: 'SET exp = :f', ExpressionAttributeValues: { ':f': n(nowS() + 10) } }),
    );
    assert.deepEqual(await sweep(), { deleted: 0 });
    assert.equal(await exists(table, 'a'), true);
  });

  it('writes a REMOVE record with the service userIdentity', async () => {
    const table = tableName('ttl-stream');
    const arn = await createStreamTable(eddy.ddb, table, 'NEW_AND_OLD_IMAGES');
    await enableTtl(table);
    const expiry = nowS() - 5;
    await put(table, 'by-ttl', { exp: n(expiry), v: { S: 'x' } });
    await put(table, 'by-user', { v: { S: 'y' } });
    await eddy.ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'by-user' } } }));
    clock.advance(2_000);
    assert.deepEqual(await sweep(), { deleted: 1 });

    const records = await readOnlyShard(eddy.streams, arn);
    assert.deepEqual(
      records.map((r) => `${r.eventName} ${r.dynamodb!.Keys!.pk!.S}`),
      ['INSERT by-ttl', 'INSERT by-user', 'REMOVE by-user', 'REMOVE by-ttl'],
    );
    const userDelete = records[2]!;
    assert.equal(userDelete.userIdentity, undefined);
    const ttlDelete = records[3]!;
    assert.deepEqual(ttlDelete.userIdentity, { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' });
    assert.deepEqual(ttlDelete.dynamodb!.OldImage, { pk: { S: 'by-ttl' }, exp: n(expiry), v: { S: 'x' } });
    assert.equal(ttlDelete.dynamodb!.NewImage, undefined);
    assert.deepEqual(ttlDelete.dynamodb!.ApproximateCreationDateTime, new Date(clock.now()));
  });

  it('never deletes an item that a concurrent update gave a future TTL', async () => {
    const table = await newTable();
    const count = 300;
    const ids = Array.from({ length: count }, (_, i) => `k${String(i).padStart(3, '0')}`);
    await batchWriteAll(eddy.ddb, table, ids.map((pk) => ({ pk: { S: pk }, exp: n(nowS() - 1) })));
    const future = nowS() + 3600;

    // The sweep walks the table in pages and yields between them, so these updates land before,
    // between and after its scans and deletes. Each update only applies to an item still there.
    const [swept, ...updates] = await Promise.allSettled([
      sweep(),
      ...ids.map((pk) =>
        eddy.ddb.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: { S: pk } },
            UpdateExpression: 'SET exp = :f',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':f': n(future) },
          }),
        ),
      ),
    ]);
    assert.equal(swept.status, 'fulfilled');
    const remaining = new Set(await present(table, ids));
    let failed = 0;
    updates.forEach((update, i) => {
      if (update.status === 'fulfilled') {
        assert.equal(remaining.has(ids[i]!), true, `${ids[i]} was updated to a future TTL, then deleted`);
      } else {
        failed++;
        assert.equal((update.reason as Error).name, 'ConditionalCheckFailedException');
        assert.equal(remaining.has(ids[i]!), false);
      }
    });
    assert.deepEqual((swept as PromiseFulfilledResult<{ deleted: number }>).value, { deleted: failed });
    assert.equal(remaining.size, count - failed);
  });
});
