import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluateJsonPath, parseJsonPath } from './json-path.js';
import type { JsonValue } from './json-value.js';

const event = {
  version: '0',
  id: '3f1c2b8e-6a0d-4c57-9e4b-1a2b3c4d5e6f',
  'detail-type': 'OrderShipped',
  source: 'com.example.orders',
  account: '111122223333',
  time: '2026-03-14T10:05:07Z',
  region: 'eu-west-1',
  resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/Orders', 'second'],
  detail: {
    orderId: 'ord-7781',
    carrier: 'DHL',
    items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }],
    flags: { gift: true, express: false },
    'path/with-slash_and-dash': 'ok',
    empty: null,
  },
};

function select(path: string, root: JsonValue = event): JsonValue | undefined {
  const parsed = parseJsonPath(path);
  assert.ok(parsed, `${path} should parse`);
  return evaluateJsonPath(parsed, root);
}

describe('parseJsonPath: what EventBridge accepts', () => {
  it('accepts $, dot notation, array indices and wildcards', () => {
    for (const path of [
      '$',
      '$.detail',
      '$.detail-type',
      '$.detail.orderId',
      '$.resources[0]',
      '$.detail.items[1].sku',
      '$.detail.items[*]',
      '$.detail.items[*].sku',
      '$.detail.*',
      '$.a[0][1]',
      '$.detail.path/with-slash_and-dash',
      '$.0',
    ]) {
      assert.ok(parseJsonPath(path), path);
    }
  });

  it('refuses paths not rooted at $, bracket notation for keys and syntax outside the subset', () => {
    for (const path of [
      '',
      'detail',
      '.detail',
      '$.',
      '$..detail',
      "$['detail']",
      '$["detail"]',
      "$.detail['orderId']",
      '$.detail.',
      '$.detail[',
      '$.detail[]',
      '$.detail[-1]',
      '$.detail[0:2]',
      '$.detail[0,1]',
      '$.detail[?(@.a)]',
      '$.detail.@type',
      '$.detail name',
      '$ .detail',
      '$.detail.items[99999999999999999999]',
      '$detail',
    ]) {
      assert.equal(parseJsonPath(path), undefined, path);
    }
  });

  it('records whether the path has a wildcard', () => {
    assert.equal(parseJsonPath('$.detail.items[0]')!.wildcard, false);
    assert.equal(parseJsonPath('$.detail.items[*].sku')!.wildcard, true);
  });
});

describe('evaluateJsonPath', () => {
  it('selects the whole event, members, nested members and array elements', () => {
    assert.deepEqual(select('$'), event);
    assert.deepEqual(select('$.detail'), event.detail);
    assert.equal(select('$.detail-type'), 'OrderShipped');
    assert.equal(select('$.detail.orderId'), 'ord-7781');
    assert.equal(select('$.resources[0]'), 'arn:aws:dynamodb:eu-west-1:111122223333:table/Orders');
    assert.equal(select('$.resources[1]'), 'second');
    assert.equal(select('$.detail.items[1].qty'), 2);
    assert.equal(select('$.detail.flags.gift'), true);
    assert.equal(select('$.detail.path/with-slash_and-dash'), 'ok');
  });

  it('tells a null value from a missing one', () => {
    assert.equal(select('$.detail.empty'), null);
    assert.equal(select('$.detail.absent'), undefined);
  });

  it('selects nothing past the end, through scalars, or with the wrong kind of step', () => {
    assert.equal(select('$.resources[2]'), undefined);
    assert.equal(select('$.detail.orderId.length'), undefined);
    assert.equal(select('$.detail.orderId[0]'), undefined);
    assert.equal(select('$.resources.length'), undefined);
    assert.equal(select('$.resources.0'), undefined);
    assert.equal(select('$.detail[0]'), undefined);
    assert.equal(select('$.nope.deeper.still'), undefined);
  });

  it('does not read inherited properties', () => {
    assert.equal(select('$.detail.constructor'), undefined);
    assert.equal(select('$.detail.toString'), undefined);
    assert.equal(select('$.__proto__'), undefined);
  });

  it('reads a member named __proto__ when the event has one', () => {
    const parsed = JSON.parse('{"__proto__": {"a": 1}}') as JsonValue;
    assert.deepEqual(select('$.__proto__.a', parsed), 1);
  });

  it('collects every match of a wildcard path into a list, empty when nothing matches', () => {
    assert.deepEqual(select('$.detail.items[*]'), event.detail.items);
    assert.deepEqual(select('$.detail.items[*].sku'), ['a', 'b']);
    assert.deepEqual(select('$.detail.flags.*'), [true, false]);
    assert.deepEqual(select('$.detail.flags[*]'), [true, false]);
    assert.deepEqual(select('$.detail.items[*].nope'), []);
    assert.deepEqual(select('$.nope[*]'), []);
    assert.deepEqual(select('$.detail.orderId.*'), []);
  });

  it('handles arrays too long to spread into one call', () => {
    const long = Array.from({ length: 300_000 }, (_, i) => i);
    const selected = select('$.a[*]', { a: long }) as number[];
    assert.equal(selected.length, 300_000);
  });

  it('finds any value reachable by dot steps (property)', () => {
    const key = fc.stringMatching(/^[A-Za-z0-9_\-/]{1,6}$/);
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 5 }), fc.jsonValue({ maxDepth: 3 }), (keys, leaf) => {
        let root = leaf as JsonValue;
        for (const k of [...keys].reverse()) root = { [k]: root };
        assert.deepEqual(select(`$.${keys.join('.')}`, root), leaf);
      }),
    );
  });
});
