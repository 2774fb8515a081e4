import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TableDefinition } from './table-definition.js';
import { indexWarmThroughput, settleWarmThroughput, tableWarmThroughput } from './warm-throughput.js';

function table(overrides: Partial<TableDefinition> = {}): TableDefinition {
  return {
    name: 'T',
    id: 'id',
    createdAt: 0,
    key: { partition: { name: 'pk', type: 'S' } },
    attributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
    globalIndexes: [],
    localIndexes: [],
    tags: [],
    deletionProtection: false,
    tableClass: 'STANDARD',
    ...overrides,
  };
}

const units = (read: number, write: number) => ({ ReadUnitsPerSecond: read, WriteUnitsPerSecond: write });

describe('warm throughput', () => {
  it('is 12000/4000 on demand, raised by a value the user set, member by member', () => {
    assert.deepEqual(tableWarmThroughput(table()), units(12000, 4000));
    assert.deepEqual(tableWarmThroughput(table({ extra: { WarmThroughput: { ReadUnitsPerSecond: 20000 } } })), units(20000, 4000));
  });

  it('is the provisioned capacity on a table that was never on demand', () => {
    const provisioned = table({ billingMode: 'PROVISIONED', provisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 7 } });
    assert.deepEqual(tableWarmThroughput(provisioned), units(5, 7));
    const wasOnDemand = { ...provisioned, extra: { BillingModeSummary: { BillingMode: 'PROVISIONED', LastUpdateToPayPerRequestDateTime: 1 } } };
    assert.deepEqual(tableWarmThroughput(wasOnDemand), units(12000, 4000));
  });

  it('once settled, does not go down with capacity', () => {
    const t = table({ billingMode: 'PROVISIONED', provisionedThroughput: { ReadCapacityUnits: 50, WriteCapacityUnits: 60 } });
    t.globalIndexes.push({
      name: 'g',
      key: { partition: { name: 'x', type: 'S' } },
      projection: { ProjectionType: 'ALL' },
      provisionedThroughput: { ReadCapacityUnits: 9, WriteCapacityUnits: 8 },
    });
    settleWarmThroughput(t);
    t.provisionedThroughput = { ReadCapacityUnits: 1, WriteCapacityUnits: 1 };
    t.globalIndexes[0]!.provisionedThroughput = { ReadCapacityUnits: 1, WriteCapacityUnits: 1 };
    assert.deepEqual(tableWarmThroughput(t), units(50, 60));
    assert.deepEqual(indexWarmThroughput(t, t.globalIndexes[0]!), units(9, 8));
  });
});
