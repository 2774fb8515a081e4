import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { durabilityFlag } from './durability-flag.js';

describe('--durability', () => {
  it('takes power or process, from the flag or EDDY_DURABILITY (the flag first); nothing by default', () => {
    assert.equal(durabilityFlag({}, {}), undefined);
    assert.equal(durabilityFlag({ durability: 'process' }, {}), 'process');
    assert.equal(durabilityFlag({}, { EDDY_DURABILITY: 'process' }), 'process');
    assert.equal(durabilityFlag({ durability: 'power' }, { EDDY_DURABILITY: 'process' }), 'power');
  });

  it('refuses other values, and the flag beside PostgreSQL storage or memory, where the variable is ignored', () => {
    assert.equal(durabilityFlag({ durability: 'fsync' }, {}), "--durability must be power or process, got 'fsync'");
    assert.equal(durabilityFlag({}, { EDDY_DURABILITY: 'fsync' }), "--durability must be power or process, got 'fsync'");
    assert.match(durabilityFlag({ durability: 'process', storage: 'postgres://h/db' }, {}) as string, /applies to SQLite storage/);
    assert.match(durabilityFlag({ durability: 'process' }, { EDDY_STORAGE: 'postgres://h/db' }) as string, /applies to SQLite storage/);
    assert.equal(durabilityFlag({ durability: 'power', memory: true }, {}), '--durability and --memory cannot be used together');
    assert.equal(durabilityFlag({}, { EDDY_DURABILITY: 'process', EDDY_STORAGE: 'postgres://h/db' }), undefined);
    assert.equal(durabilityFlag({ memory: true }, { EDDY_DURABILITY: 'process' }), undefined);
  });
});
