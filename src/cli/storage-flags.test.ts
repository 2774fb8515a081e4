import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storageFlags } from './storage-flags.js';

describe('storageFlags', () => {
  it('is undefined without --storage or EDDY_STORAGE (SQLite under --data)', () => {
    assert.equal(storageFlags({}, {}), undefined);
  });

  it('takes --storage, else EDDY_STORAGE, with the pool size from --storage-pool, else EDDY_STORAGE_POOL', () => {
    assert.deepEqual(storageFlags({ storage: 'postgres://u:p@h:5432/db' }, {}), { url: 'postgres://u:p@h:5432/db' });
    assert.deepEqual(storageFlags({}, { EDDY_STORAGE: 'postgresql://h/db', EDDY_STORAGE_POOL: '4' }), { url: 'postgresql://h/db', poolSize: 4 });
    assert.deepEqual(storageFlags({ storage: 'postgres://a/x', 'storage-pool': '20' }, { EDDY_STORAGE: 'postgres://b/y', EDDY_STORAGE_POOL: '4' }), { url: 'postgres://a/x', poolSize: 20 });
  });

  it('refuses what is not a PostgreSQL URL, a bad pool size, a pool without storage, and --memory with --storage', () => {
    assert.equal(storageFlags({ storage: 'mysql://h/db' }, {}), "--storage must be a PostgreSQL URL (postgres://user:password@host:port/database), got 'mysql://h/db'");
    assert.equal(storageFlags({ storage: 'postgres://h/db', 'storage-pool': '0' }, {}), "--storage-pool must be an integer from 1 to 1000, got '0'");
    assert.equal(storageFlags({ storage: 'postgres://h/db', 'storage-pool': '2.5' }, {}), "--storage-pool must be an integer from 1 to 1000, got '2.5'");
    assert.equal(storageFlags({ 'storage-pool': '5' }, {}), '--storage-pool needs --storage (a PostgreSQL URL)');
    assert.equal(storageFlags({ storage: 'postgres://h/db', memory: true }, {}), '--storage and --memory cannot be used together');
  });
});
