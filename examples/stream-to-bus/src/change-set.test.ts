import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changeSet } from './change-set.js';

const keys = { pk: { S: 'OID#o-1' }, sk: { S: 'OID#o-1' }, gsi1_pk: { S: 'CID#acme' }, gsi1_sk: { S: 'OID#o-1' } };

describe('changeSet', () => {
  it('an INSERT adds every data attribute; keys, index keys and updatedBy are not data', () => {
    assert.deepEqual(changeSet(undefined, { ...keys, status: { S: 'pending' }, total: { N: '42' }, updatedBy: { S: 'alice' } }), {
      added: { status: { S: 'pending' }, total: { N: '42' } },
      changed: {},
      removed: {},
    });
  });

  it('a MODIFY lists what was added, changed (from → to) and removed, and nothing that stayed', () => {
    const before = { ...keys, status: { S: 'pending' }, total: { N: '42' }, note: { S: 'door' }, updatedBy: { S: 'alice' } };
    const after = { ...keys, status: { S: 'paid' }, total: { N: '42' }, paidAt: { S: '2026-12-06' }, updatedBy: { S: 'bob' } };
    assert.deepEqual(changeSet(before, after), {
      added: { paidAt: { S: '2026-12-06' } },
      changed: { status: { from: { S: 'pending' }, to: { S: 'paid' } } },
      removed: { note: { S: 'door' } },
    });
  });

  it('a REMOVE removes every data attribute', () => {
    assert.deepEqual(changeSet({ ...keys, status: { S: 'paid' } }, undefined), { added: {}, changed: {}, removed: { status: { S: 'paid' } } });
  });

  it('compares values as DynamoDB does: set order and map key order do not matter, list order and types do', () => {
    const before = {
      tags: { SS: ['gift', 'express'] },
      sizes: { NS: ['1', '2'] },
      address: { M: { city: { S: 'Oslo' }, zip: { S: '0150' } } },
      lines: { L: [{ S: 'a' }, { S: 'b' }] },
      code: { S: '7' },
    };
    const after = {
      tags: { SS: ['express', 'gift'] },
      sizes: { NS: ['2', '1'] },
      address: { M: { zip: { S: '0150' }, city: { S: 'Oslo' } } },
      lines: { L: [{ S: 'b' }, { S: 'a' }] },
      code: { N: '7' },
    };
    assert.deepEqual(changeSet(before, after), {
      added: {},
      changed: { code: { from: { S: '7' }, to: { N: '7' } }, lines: { from: before.lines, to: after.lines } },
      removed: {},
    });
  });

  it('a nested change is a change of the top-level attribute', () => {
    const before = { address: { M: { city: { S: 'Oslo' } } } };
    const after = { address: { M: { city: { S: 'Bergen' } } } };
    assert.deepEqual(changeSet(before, after).changed, { address: { from: before.address, to: after.address } });
  });
});
