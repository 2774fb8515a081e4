import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayStorageUrl } from './open-engine.js';

describe('displayStorageUrl', () => {
  it('masks the password and keeps the rest', () => {
    assert.equal(displayStorageUrl('postgres://eddy:s3cret@db.internal:5432/app?sslmode=require'), 'postgres://eddy:***@db.internal:5432/app?sslmode=require');
    assert.equal(displayStorageUrl('postgres://db.internal/app'), 'postgres://db.internal/app');
  });
});
