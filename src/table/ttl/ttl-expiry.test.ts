import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeMap } from '../values/attribute-value.js';
import { expiredTtl, mayHaveTtl, TTL_IGNORED_AFTER_SECONDS } from './ttl-expiry.js';

const NOW_MS = Date.UTC(2026, 0, 1);
const NOW_S = NOW_MS / 1000;

describe('expiredTtl', () => {
  const check = (item: AttributeMap, name = 'ttl') => expiredTtl(item, name, NOW_MS);

  it('is the value when it is a Number strictly before now', () => {
    assert.equal(check({ ttl: { N: String(NOW_S - 1) } }), NOW_S - 1);
    assert.equal(check({ ttl: { N: String(NOW_S - 0.5) } }), NOW_S - 0.5);
    assert.equal(check({ ttl: { N: '1.7e9' } }), 1.7e9);
  });

  it('is undefined at now and after', () => {
    assert.equal(check({ ttl: { N: String(NOW_S) } }), undefined);
    assert.equal(check({ ttl: { N: String(NOW_S + 1) } }), undefined);
    // Milliseconds by mistake: far in the future, never expires.
    assert.equal(check({ ttl: { N: String(NOW_MS - 1000) } }), undefined);
  });

  it('uses fractions of the clock', () => {
    assert.equal(expiredTtl({ ttl: { N: String(NOW_S) } }, 'ttl', NOW_MS + 1), NOW_S);
    assert.equal(expiredTtl({ ttl: { N: String(NOW_S) } }, 'ttl', NOW_MS), undefined);
  });

  it('ignores values more than five years in the past', () => {
    assert.equal(check({ ttl: { N: String(NOW_S - TTL_IGNORED_AFTER_SECONDS) } }), NOW_S - TTL_IGNORED_AFTER_SECONDS);
    assert.equal(check({ ttl: { N: String(NOW_S - TTL_IGNORED_AFTER_SECONDS - 1) } }), undefined);
    assert.equal(check({ ttl: { N: '0' } }), undefined);
    assert.equal(check({ ttl: { N: '-5' } }), undefined);
  });

  it('ignores other types and missing attributes', () => {
    const past = String(NOW_S - 10);
    assert.equal(check({ ttl: { S: past } }), undefined);
    assert.equal(check({ ttl: { NS: [past] } }), undefined);
    assert.equal(check({ ttl: { L: [{ N: past }] } }), undefined);
    assert.equal(check({ ttl: { M: { ttl: { N: past } } } }), undefined);
    assert.equal(check({ ttl: { NULL: true } }), undefined);
    assert.equal(check({ other: { N: past } }), undefined);
    assert.equal(check({ nested: { M: { ttl: { N: past } } } }), undefined);
  });

  it('reads only own attributes', () => {
    assert.equal(check({}, '__proto__'), undefined);
    assert.equal(check({}, 'toString'), undefined);
    const item = JSON.parse(`{"__proto__":{"N":"${NOW_S - 1}"}}`) as AttributeMap;
    assert.equal(check(item, '__proto__'), NOW_S - 1);
  });
});

describe('mayHaveTtl', () => {
  it('finds a Number attribute of that name in the stored text', () => {
    assert.equal(mayHaveTtl(JSON.stringify({ pk: { S: 'a' }, ttl: { N: '1' } }), 'ttl'), true);
    assert.equal(mayHaveTtl(JSON.stringify({ 'we"ird': { N: '1' } }), 'we"ird'), true);
  });

  it('rules out items without one', () => {
    assert.equal(mayHaveTtl(JSON.stringify({ pk: { S: 'a' }, ttl: { S: '1' } }), 'ttl'), false);
    assert.equal(mayHaveTtl(JSON.stringify({ pk: { S: 'a' }, xttl: { S: '1' } }), 'ttl'), false);
    assert.equal(mayHaveTtl(JSON.stringify({ pk: { S: '"ttl":{"N":"1"}' } }), 'ttl'), false);
    assert.equal(mayHaveTtl(JSON.stringify({ pk: { S: 'a' } }), 'ttl'), false);
  });
});
