import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TableDefinition } from '../table/table-definition.js';
import {
  buildStoredRecord,
  buildStreamRecord,
  formatSequence,
  recordForReader,
  recordSettingsOf,
  type RecordSettings,
} from './stream-record.js';
import type { StreamViewType } from './stream-meta.js';

const NOW = Date.UTC(2026, 2, 14, 9, 26, 53, 589);

function table(viewType: StreamViewType | undefined, sort = false): TableDefinition {
  return {
    name: 'Orders',
    id: 'id',
    createdAt: 0,
    key: { partition: { name: 'id', type: 'S' }, ...(sort ? { sort: { name: 'at', type: 'N' as const } } : {}) },
    attributeDefinitions: [],
    billingMode: 'PAY_PER_REQUEST',
    globalIndexes: [],
    localIndexes: [],
    ...(viewType ? { stream: { enabled: true, viewType } } : {}),
    tags: [],
    deletionProtection: false,
    tableClass: 'STANDARD',
  };
}

const settings = (viewType: StreamViewType, sort = false): RecordSettings => recordSettingsOf(table(viewType, sort), 'eu-west-1')!;
const image = (item: object) => ({ json: JSON.stringify(item), size: 0 });

const oldItem = { id: { S: 'test' }, status: { S: 'PAID' } }; // 6 + 10 = 16 bytes
const newItem = { id: { S: 'test' }, status: { S: 'SHIPPED' } }; // 6 + 13 = 19 bytes
const OLD = { json: JSON.stringify(oldItem), size: 16 };
const NEW = { json: JSON.stringify(newItem), size: 19 };
const change = {
  INSERT: { keys: newItem, newImage: NEW, now: NOW },
  MODIFY: { keys: newItem, oldImage: OLD, newImage: NEW, now: NOW },
  REMOVE: { keys: oldItem, oldImage: OLD, now: NOW },
} as const;

/** SEMANTICS.md §A.3: which images each view type carries for each event. */
const matrix: Record<StreamViewType, Record<keyof typeof change, string[]>> = {
  KEYS_ONLY: { INSERT: [], MODIFY: [], REMOVE: [] },
  NEW_IMAGE: { INSERT: ['NewImage'], MODIFY: ['NewImage'], REMOVE: [] },
  OLD_IMAGE: { INSERT: [], MODIFY: ['OldImage'], REMOVE: ['OldImage'] },
  NEW_AND_OLD_IMAGES: { INSERT: ['NewImage'], MODIFY: ['NewImage', 'OldImage'], REMOVE: ['OldImage'] },
};

describe('buildStreamRecord', () => {
  for (const viewType of Object.keys(matrix) as StreamViewType[]) {
    for (const event of ['INSERT', 'MODIFY', 'REMOVE'] as const) {
      it(`${viewType} × ${event}: Keys plus ${matrix[viewType][event].join(', ') || 'no image'}`, () => {
        const record = JSON.parse(buildStreamRecord(settings(viewType), change[event]));
        assert.equal(record.eventName, event);
        const images = matrix[viewType][event];
        assert.deepEqual(Object.keys(record.dynamodb), ['ApproximateCreationDateTime', 'Keys', ...images, 'SizeBytes', 'StreamViewType']);
        assert.deepEqual(record.dynamodb.Keys, { id: { S: 'test' } });
        if (images.includes('NewImage')) assert.deepEqual(record.dynamodb.NewImage, newItem);
        if (images.includes('OldImage')) assert.deepEqual(record.dynamodb.OldImage, oldItem);
        const expectedSize = 6 + (images.includes('NewImage') ? 19 : 0) + (images.includes('OldImage') ? 16 : 0);
        assert.equal(record.dynamodb.SizeBytes, expectedSize);
        assert.equal(record.dynamodb.StreamViewType, viewType);
      });
    }
  }

  it('has AWS member order and fixed fields', () => {
    const record = JSON.parse(buildStreamRecord(settings('KEYS_ONLY'), change.INSERT));
    assert.deepEqual(Object.keys(record), ['eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'dynamodb']);
    assert.match(record.eventID, /^[0-9a-f]{32}$/);
    assert.equal(record.eventVersion, '1.1');
    assert.equal(record.eventSource, 'aws:dynamodb');
    assert.equal(record.awsRegion, 'eu-west-1');
  });

  it('ApproximateCreationDateTime is epoch seconds rounded down', () => {
    const record = JSON.parse(buildStreamRecord(settings('KEYS_ONLY'), { ...change.INSERT, now: 1773480413999 }));
    assert.equal(record.dynamodb.ApproximateCreationDateTime, 1773480413);
  });

  it('event ids differ between records', () => {
    const ids = new Set(Array.from({ length: 100 }, () => JSON.parse(buildStreamRecord(settings('KEYS_ONLY'), change.INSERT)).eventID));
    assert.equal(ids.size, 100);
  });

  it('Keys hold the partition then the sort key, whatever the item order', () => {
    const item = { note: { S: 'x' }, at: { N: '42' }, id: { S: 'abc' } };
    const text = buildStreamRecord(settings('KEYS_ONLY', true), { keys: item, newImage: image(item), now: NOW });
    assert.ok(text.includes('"Keys":{"id":{"S":"abc"},"at":{"N":"42"}}'), text);
    // id: 2 + 3; at: 2 + number 42 (one base-100 pair + exponent byte = 2)
    assert.equal(JSON.parse(text).dynamodb.SizeBytes, 9);
  });

  it('SizeBytes of key id = "test" with its NewImage is 12, as AWS reports', () => {
    const item = { id: { S: 'test' } };
    const record = JSON.parse(buildStreamRecord(settings('NEW_IMAGE'), { keys: item, newImage: { json: JSON.stringify(item), size: 6 }, now: NOW }));
    assert.equal(record.dynamodb.SizeBytes, 12);
  });

  it('a service delete carries userIdentity after dynamodb', () => {
    const record = JSON.parse(buildStreamRecord(settings('OLD_IMAGE'), { ...change.REMOVE, byService: true }));
    assert.deepEqual(Object.keys(record).slice(-2), ['dynamodb', 'userIdentity']);
    assert.deepEqual(record.userIdentity, { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' });
  });
});

describe('SequenceNumber in read records', () => {
  it('goes between the images and SizeBytes', () => {
    const stored = buildStoredRecord(settings('NEW_AND_OLD_IMAGES'), change.MODIFY);
    const dynamodb = JSON.parse(recordForReader(stored, 100001795369369259001n, 'shardId-1-0000000a', '"eu-west-1"', 'NEW_AND_OLD_IMAGES')).dynamodb;
    assert.deepEqual(Object.keys(dynamodb), [
      'ApproximateCreationDateTime', 'Keys', 'NewImage', 'OldImage', 'SequenceNumber', 'SizeBytes', 'StreamViewType',
    ]);
    assert.equal(dynamodb.SequenceNumber, '100001795369369259001');
  });

  it('is not fooled by an attribute named SizeBytes in an image', () => {
    const item = { id: { S: 'a' }, SizeBytes: { N: '5' } };
    const stored = buildStoredRecord(settings('NEW_IMAGE'), { keys: item, newImage: image(item), now: NOW });
    const dynamodb = JSON.parse(recordForReader(stored, 123456789012345678901n, 'shardId-1-0000000a', '"eu-west-1"', 'NEW_IMAGE')).dynamodb;
    assert.deepEqual(dynamodb.NewImage, item);
    assert.equal(dynamodb.SequenceNumber, '123456789012345678901');
    assert.deepEqual(Object.keys(dynamodb).slice(-3), ['SequenceNumber', 'SizeBytes', 'StreamViewType']);
  });
});

describe('stored records', () => {
  it('keep only what differs between records, and read back as the whole record', () => {
    const stored = buildStoredRecord(settings('NEW_AND_OLD_IMAGES'), change.MODIFY);
    assert.ok(stored.startsWith('M-{"ApproximateCreationDateTime":'), stored);
    assert.ok(!stored.includes('eventSource') && !stored.includes('StreamViewType') && !stored.includes('awsRegion'));
    const whole = buildStreamRecord(settings('NEW_AND_OLD_IMAGES'), change.MODIFY);
    assert.ok(stored.length + 150 < whole.length, `${stored.length} vs ${whole.length}`);
    const read = JSON.parse(recordForReader(stored, 100001795369369259001n, 'shardId-00000001773480000123-0000000c', '"eu-west-1"', 'NEW_AND_OLD_IMAGES'));
    const expected = JSON.parse(whole);
    assert.deepEqual(Object.keys(read), Object.keys(expected));
    assert.deepEqual(Object.keys(read.dynamodb), [
      'ApproximateCreationDateTime', 'Keys', 'NewImage', 'OldImage', 'SequenceNumber', 'SizeBytes', 'StreamViewType',
    ]);
    assert.deepEqual({ ...read, eventID: 'x', dynamodb: { ...read.dynamodb, SequenceNumber: 'x' } }, {
      ...expected,
      eventID: 'x',
      dynamodb: { ...expected.dynamodb, SequenceNumber: 'x' },
    });
    assert.equal(read.dynamodb.SequenceNumber, '100001795369369259001');
  });

  it('get an eventID from shard and sequence number: 32 hex digits, stable, distinct per record', () => {
    const stored = buildStoredRecord(settings('KEYS_ONLY'), change.INSERT);
    const id = (seq: bigint, shard = 'shardId-00000001773480000123-0000000c') =>
      JSON.parse(recordForReader(stored, seq, shard, '"eu-west-1"', 'KEYS_ONLY')).eventID as string;
    assert.match(id(100000000000000000001n), /^[0-9a-f]{32}$/);
    assert.equal(id(100000000000000000001n), id(100000000000000000001n));
    assert.notEqual(id(100000000000000000001n), id(100000000000000000002n));
    assert.notEqual(id(100000000000000000001n), id(100000000000000000001n, 'shardId-00000001773480000123-0000000d'));
  });

  it('carry a service delete as userIdentity, last', () => {
    const stored = buildStoredRecord(settings('OLD_IMAGE'), { ...change.REMOVE, byService: true });
    assert.ok(stored.startsWith('RS'));
    const read = JSON.parse(recordForReader(stored, 100000000000000000007n, 'shardId-1-0000000a', '"eu-west-1"', 'OLD_IMAGE'));
    assert.equal(read.eventName, 'REMOVE');
    assert.deepEqual(Object.keys(read).slice(-2), ['dynamodb', 'userIdentity']);
    assert.deepEqual(read.userIdentity, { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' });
  });
});

describe('formatSequence', () => {
  it('pads to the 21 digits the model requires, keeping longer numbers as they are', () => {
    assert.equal(formatSequence(42n), '000000000000000000042');
    assert.equal(formatSequence(1234567890123456789012345n), '1234567890123456789012345');
  });
});

describe('recordSettingsOf', () => {
  it('is undefined without an enabled stream', () => {
    assert.equal(recordSettingsOf(table(undefined), 'us-east-1'), undefined);
    const disabled = { ...table(undefined), stream: { enabled: false } };
    assert.equal(recordSettingsOf(disabled, 'us-east-1'), undefined);
  });

  it('is computed once per definition and region', () => {
    const definition = table('NEW_IMAGE');
    const first = recordSettingsOf(definition, 'us-east-1');
    assert.equal(recordSettingsOf(definition, 'us-east-1'), first);
    assert.equal(recordSettingsOf(definition, 'eu-west-1')!.regionJson, '"eu-west-1"');
  });
});
