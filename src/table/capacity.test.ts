import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { consumedCapacity, indexWriteUnits, readUnits, writeUnits } from './capacity.js';
import type { TableDefinition } from './table-definition.js';

describe('units', () => {
  it('writes cost one WCU per started KB of the larger item, at least one', () => {
    assert.equal(writeUnits(0, 0), 1);
    assert.equal(writeUnits(0, 1024), 1);
    assert.equal(writeUnits(0, 1025), 2);
    assert.equal(writeUnits(3000, 10), 3);
  });

  it('reads cost one RCU per started 4 KB, halved when eventually consistent', () => {
    assert.equal(readUnits(0, true), 1);
    assert.equal(readUnits(0, false), 0.5);
    assert.equal(readUnits(4096, true), 1);
    assert.equal(readUnits(4097, true), 2);
    assert.equal(readUnits(4097, false), 1);
    assert.equal(readUnits(409600, false), 50);
  });
});

describe('consumedCapacity', () => {
  it('is absent for NONE and when not asked', () => {
    assert.equal(consumedCapacity('NONE', 'T', 'write', 1), undefined);
    assert.equal(consumedCapacity(undefined, 'T', 'write', 1), undefined);
  });

  it('gives the aggregate for TOTAL', () => {
    assert.deepEqual(consumedCapacity('TOTAL', 'T', 'write', 2), { TableName: 'T', CapacityUnits: 2, WriteCapacityUnits: 2 });
    assert.deepEqual(consumedCapacity('TOTAL', 'T', 'read', 0.5), { TableName: 'T', CapacityUnits: 0.5, ReadCapacityUnits: 0.5 });
    assert.deepEqual(consumedCapacity('TOTAL', 'T', 'write', 1, { global: { g: 2 } }), {
      TableName: 'T',
      CapacityUnits: 3,
      WriteCapacityUnits: 3,
    });
  });

  it('breaks down table and indexes for INDEXES', () => {
    assert.deepEqual(consumedCapacity('INDEXES', 'T', 'read', 1), {
      TableName: 'T',
      CapacityUnits: 1,
      ReadCapacityUnits: 1,
      Table: { CapacityUnits: 1, ReadCapacityUnits: 1 },
    });
    assert.deepEqual(consumedCapacity('INDEXES', 'T', 'write', 1, { global: { g: 2 }, local: { l: 1 } }), {
      TableName: 'T',
      CapacityUnits: 4,
      WriteCapacityUnits: 4,
      Table: { CapacityUnits: 1, WriteCapacityUnits: 1 },
      GlobalSecondaryIndexes: { g: { CapacityUnits: 2, WriteCapacityUnits: 2 } },
      LocalSecondaryIndexes: { l: { CapacityUnits: 1, WriteCapacityUnits: 1 } },
    });
  });
});

describe('indexWriteUnits', () => {
  const table: TableDefinition = {
    name: 'T',
    id: 'id',
    createdAt: 0,
    key: { partition: { name: 'pk', type: 'S' } },
    attributeDefinitions: [],
    billingMode: 'PAY_PER_REQUEST',
    globalIndexes: [
      { name: 'keys', key: { partition: { name: 'g', type: 'S' } }, projection: { ProjectionType: 'KEYS_ONLY' } },
      { name: 'all', key: { partition: { name: 'g', type: 'S' } }, projection: { ProjectionType: 'ALL' } },
    ],
    localIndexes: [],
    tags: [],
    deletionProtection: false,
    tableClass: 'STANDARD',
  };

  it('is undefined when the item is in no index', () => {
    assert.equal(indexWriteUnits(table, undefined, { pk: { S: 'a' } }), undefined);
  });

  it('charges one write per index an entry appears in', () => {
    assert.deepEqual(indexWriteUnits(table, undefined, { pk: { S: 'a' }, g: { S: 'x' } }), { global: { keys: 1, all: 1 } });
  });

  it('charges only indexes whose projected attributes change', () => {
    const old = { pk: { S: 'a' }, g: { S: 'x' }, v: { N: '1' } };
    assert.deepEqual(indexWriteUnits(table, old, { ...old, v: { N: '2' } }), { global: { all: 1 } });
    assert.equal(indexWriteUnits(table, old, { ...old }), undefined);
  });

  it('charges delete plus put when the index key changes', () => {
    const old = { pk: { S: 'a' }, g: { S: 'x' } };
    assert.deepEqual(indexWriteUnits(table, old, { pk: { S: 'a' }, g: { S: 'y' } }), { global: { keys: 2, all: 2 } });
    assert.deepEqual(indexWriteUnits(table, old, undefined), { global: { keys: 1, all: 1 } });
  });

  it('sizes entries by their projected attributes', () => {
    const big = { pk: { S: 'a' }, g: { S: 'x' }, blob: { S: 'z'.repeat(3000) } };
    assert.deepEqual(indexWriteUnits(table, undefined, big), { global: { keys: 1, all: 3 } });
  });
});

describe('indexWriteUnits with Object.prototype member names', () => {
  const table: TableDefinition = {
    name: 'T',
    id: 'id',
    createdAt: 0,
    key: { partition: { name: 'pk', type: 'S' } },
    attributeDefinitions: [],
    billingMode: 'PAY_PER_REQUEST',
    globalIndexes: [
      {
        name: '__proto__',
        key: { partition: { name: 'g', type: 'S' } },
        projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['constructor'] },
      },
    ],
    localIndexes: [],
    tags: [],
    deletionProtection: false,
    tableClass: 'STANDARD',
  };

  it('reports an index named __proto__ as an ordinary entry', () => {
    const units = indexWriteUnits(table, undefined, { pk: { S: 'a' }, g: { S: 'x' } })!;
    assert.deepEqual(Object.keys(units.global!), ['__proto__']);
    const consumed = consumedCapacity('INDEXES', 'T', 'write', 1, units)!;
    assert.equal(
      JSON.stringify(consumed.GlobalSecondaryIndexes),
      '{"__proto__":{"CapacityUnits":1,"WriteCapacityUnits":1}}',
    );
  });
});
