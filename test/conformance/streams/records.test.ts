import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteItemCommand, PutItemCommand, UpdateItemCommand, type StreamViewType } from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { createStreamTable, readOnlyShard, summary, uniqueTable } from './stream-fixtures.js';

const START = Date.UTC(2026, 2, 14, 9, 26, 53, 589);

/** Records of item writes as GetRecords shows them (SEMANTICS.md §A.2–A.4). */
describe('stream records', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(START);
  before(async () => {
    eddy = await startTestEddy({ clock, region: 'eu-west-1' });
  });
  after(() => eddy.stop());

  /** INSERT (put), MODIFY (update), MODIFY (put replacing), REMOVE (delete) on one item. */
  async function writeLifecycle(table: string) {
    const key = { pk: { S: 'k1' } };
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { ...key, a: { N: '1' } } }));
    await eddy.ddb.send(
      new UpdateItemCommand({ TableName: table, Key: key, UpdateExpression: 'SET b = :b', ExpressionAttributeValues: { ':b': { S: 'x' } } }),
    );
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { ...key, c: { BOOL: true } } }));
    await eddy.ddb.send(new DeleteItemCommand({ TableName: table, Key: key }));
  }
  const v1 = { pk: { S: 'k1' }, a: { N: '1' } };
  const v2 = { pk: { S: 'k1' }, a: { N: '1' }, b: { S: 'x' } };
  const v3 = { pk: { S: 'k1' }, c: { BOOL: true } };
  // Sizes: pk "k1" = 4; a = 1 + 2; b = 1 + 1; c = 1 + 1.
  const size = { keys: 4, v1: 7, v2: 9, v3: 6 };

  const expected: Record<StreamViewType, { New?: object; Old?: object; SizeBytes: number }[]> = {
    KEYS_ONLY: [{ SizeBytes: 4 }, { SizeBytes: 4 }, { SizeBytes: 4 }, { SizeBytes: 4 }],
    NEW_IMAGE: [
      { New: v1, SizeBytes: size.keys + size.v1 },
      { New: v2, SizeBytes: size.keys + size.v2 },
      { New: v3, SizeBytes: size.keys + size.v3 },
      { SizeBytes: size.keys },
    ],
    OLD_IMAGE: [
      { SizeBytes: size.keys },
      { Old: v1, SizeBytes: size.keys + size.v1 },
      { Old: v2, SizeBytes: size.keys + size.v2 },
      { Old: v3, SizeBytes: size.keys + size.v3 },
    ],
    NEW_AND_OLD_IMAGES: [
      { New: v1, SizeBytes: size.keys + size.v1 },
      { New: v2, Old: v1, SizeBytes: size.keys + size.v2 + size.v1 },
      { New: v3, Old: v2, SizeBytes: size.keys + size.v3 + size.v2 },
      { Old: v3, SizeBytes: size.keys + size.v3 },
    ],
  };

  for (const viewType of Object.keys(expected) as StreamViewType[]) {
    it(`${viewType}: INSERT, MODIFY, MODIFY, REMOVE with the view type's images`, async () => {
      const table = uniqueTable(`view-${viewType}`);
      const arn = await createStreamTable(eddy.ddb, table, viewType);
      await writeLifecycle(table);
      const records = await readOnlyShard(eddy.streams, arn);
      assert.deepEqual(records.map((r) => r.eventName), ['INSERT', 'MODIFY', 'MODIFY', 'REMOVE']);
      records.forEach((record, i) => {
        const want = expected[viewType][i]!;
        const stream = record.dynamodb!;
        assert.deepEqual(stream.Keys, { pk: { S: 'k1' } });
        assert.deepEqual(stream.NewImage, want.New);
        assert.deepEqual(stream.OldImage, want.Old);
        assert.equal(stream.SizeBytes, want.SizeBytes);
        assert.equal(stream.StreamViewType, viewType);
      });
    });
  }

  it('carries eventID, eventVersion, eventSource, awsRegion and the write time in epoch seconds', async () => {
    const table = uniqueTable('fields');
    const arn = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY');
    clock.set(Date.UTC(2026, 2, 14, 10, 0, 0, 999));
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' } } }));
    const raw = await eddy.raw('DynamoDBStreams_20120810.DescribeStream', { StreamArn: arn });
    const shardId = raw.json.StreamDescription.Shards[0].ShardId;
    const iterator = await eddy.raw('DynamoDBStreams_20120810.GetShardIterator', { StreamArn: arn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' });
    const out = await eddy.raw('DynamoDBStreams_20120810.GetRecords', { ShardIterator: iterator.json.ShardIterator });
    const [record] = out.json.Records;
    assert.deepEqual(Object.keys(record), ['eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'dynamodb']);
    assert.match(record.eventID, /^[0-9a-f]{32}$/);
    assert.equal(record.eventVersion, '1.1');
    assert.equal(record.eventSource, 'aws:dynamodb');
    assert.equal(record.awsRegion, 'eu-west-1');
    assert.equal(record.dynamodb.ApproximateCreationDateTime, Date.UTC(2026, 2, 14, 10, 0, 0) / 1000);
    assert.deepEqual(Object.keys(record.dynamodb), ['ApproximateCreationDateTime', 'Keys', 'SequenceNumber', 'SizeBytes', 'StreamViewType']);
    assert.match(record.dynamodb.SequenceNumber, /^\d{21,40}$/);
  });

  it('Keys hold the partition and sort key; sequence numbers increase', async () => {
    const table = uniqueTable('composite');
    const arn = await createStreamTable(eddy.ddb, table, 'KEYS_ONLY', { sortKey: true });
    for (let i = 0; i < 5; i++) {
      await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { sk: { N: String(i) }, pk: { S: 'p' }, x: { S: 'y' } } }));
    }
    const records = await readOnlyShard(eddy.streams, arn);
    assert.deepEqual(records.map((r) => r.dynamodb!.Keys), [0, 1, 2, 3, 4].map((i) => ({ pk: { S: 'p' }, sk: { N: String(i) } })));
    const sequences = records.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
    for (let i = 1; i < sequences.length; i++) assert.ok(sequences[i]! > sequences[i - 1]!, `${sequences[i]} > ${sequences[i - 1]}`);
  });

  it('writes that change nothing produce no record', async () => {
    const table = uniqueTable('noop');
    const arn = await createStreamTable(eddy.ddb, table, 'NEW_AND_OLD_IMAGES');
    const item = { pk: { S: 'same' }, n: { N: '1.50' }, s: { SS: ['a', 'b'] } };
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: item }));
    // Byte-identical and equal-valued (number spelling, set order) replacements.
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: item }));
    await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'same' }, n: { N: '1.5' }, s: { SS: ['b', 'a'] } } }));
    // An update setting the values the item has.
    await eddy.ddb.send(
      new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'same' } }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '1.5' } } }),
    );
    // A delete of a missing key, and failed conditions on each kind of write.
    await eddy.ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'missing' } } }));
    const failed = { name: 'ConditionalCheckFailedException' };
    await assert.rejects(
      eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'same' } }, ConditionExpression: 'attribute_not_exists(pk)' })),
      failed,
    );
    await assert.rejects(
      eddy.ddb.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'same' } }, UpdateExpression: 'SET z = :z', ConditionExpression: 'n = :z', ExpressionAttributeValues: { ':z': { N: '9' } } })),
      failed,
    );
    await assert.rejects(
      eddy.ddb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'same' } }, ConditionExpression: 'attribute_not_exists(pk)' })),
      failed,
    );
    assert.deepEqual(summary(await readOnlyShard(eddy.streams, arn)), ['INSERT same']);
  });

  it('an UpdateItem on a missing key is an INSERT; one with no changes to a missing key too', async () => {
    const table = uniqueTable('upsert');
    const arn = await createStreamTable(eddy.ddb, table, 'NEW_IMAGE');
    await eddy.ddb.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'u' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { S: 'w' } } }));
    await eddy.ddb.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'bare' } } }));
    // A REMOVE-only update creates the key-only item too; repeating either on it changes nothing: no record.
    await eddy.ddb.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'gone' } }, UpdateExpression: 'REMOVE x' }));
    await eddy.ddb.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'gone' } }, UpdateExpression: 'REMOVE x' }));
    await eddy.ddb.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'bare' } } }));
    const records = await readOnlyShard(eddy.streams, arn);
    assert.deepEqual(summary(records), ['INSERT u', 'INSERT bare', 'INSERT gone']);
    assert.deepEqual(records[0]!.dynamodb!.NewImage, { pk: { S: 'u' }, v: { S: 'w' } });
    assert.deepEqual(records[1]!.dynamodb!.NewImage, { pk: { S: 'bare' } });
    assert.deepEqual(records[2]!.dynamodb!.NewImage, { pk: { S: 'gone' } });
  });

  it('a table without a stream has none', async () => {
    const table = uniqueTable('plain');
    assert.equal(await createStreamTable(eddy.ddb, table, null), '');
  });

  it('per-key order holds under concurrent writers', async () => {
    const table = uniqueTable('concurrent');
    const arn = await createStreamTable(eddy.ddb, table, 'NEW_IMAGE');
    const keys = ['a', 'b', 'c', 'd'];
    const writer = async (pk: string) => {
      for (let v = 1; v <= 25; v++) {
        await eddy.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, v: { N: String(v) } } }));
      }
    };
    await Promise.all(keys.map(writer));
    const records = await readOnlyShard(eddy.streams, arn);
    assert.equal(records.length, 100);
    for (const pk of keys) {
      const versions = records.filter((r) => r.dynamodb!.Keys!.pk!.S === pk).map((r) => Number(r.dynamodb!.NewImage!.v!.N));
      assert.deepEqual(versions, Array.from({ length: 25 }, (_, i) => i + 1), `order of ${pk}`);
    }
  });
});
