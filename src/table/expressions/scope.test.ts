import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressionScope } from './scope.js';

const validation = (message: string) => ({ code: 'ValidationException', message });

describe('ExpressionScope', () => {
  it('resolves names and values', () => {
    const scope = new ExpressionScope({ '#a': 'alpha' }, { ':v': { N: '1' } });
    assert.equal(scope.name('#a'), 'alpha');
    assert.deepEqual(scope.value(':v'), { N: '1' });
    assert.equal(scope.name('#b'), undefined);
    assert.equal(scope.value(':w'), undefined);
  });

  it('accepts a request without placeholders', () => {
    const scope = new ExpressionScope();
    scope.assertAllUsed();
    assert.equal(scope.name('#a'), undefined);
  });

  it('refuses empty maps', () => {
    assert.throws(() => new ExpressionScope({}), validation('ExpressionAttributeNames must not be empty'));
    assert.throws(() => new ExpressionScope(undefined, {}), validation('ExpressionAttributeValues must not be empty'));
  });

  it('refuses keys without their sigil or with other characters', () => {
    assert.throws(
      () => new ExpressionScope({ a: 'a' }),
      validation('ExpressionAttributeNames contains invalid key: Syntax error; key: "a"'),
    );
    assert.throws(
      () => new ExpressionScope(undefined, { ':ok': { S: 'a' }, 'b': { S: 'a' } }),
      validation('ExpressionAttributeValues contains invalid key: Syntax error; key: "b"'),
    );
    assert.throws(
      () => new ExpressionScope({ '#a-b': 'x' }),
      validation('ExpressionAttributeNames contains invalid key: Syntax error; key: "#a-b"'),
    );
  });

  it('checks names before values', () => {
    assert.throws(() => new ExpressionScope({}, {}), validation('ExpressionAttributeNames must not be empty'));
  });

  it('lists unused names in the order given, before unused values', () => {
    const scope = new ExpressionScope({ '#a': 'a', '#b': 'b', '#c': 'c' }, { ':x': { S: 'x' } });
    scope.name('#b');
    assert.throws(
      () => scope.assertAllUsed(),
      validation('Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #c}'),
    );
  });

  it('reports unused values once every name is used', () => {
    const scope = new ExpressionScope({ '#a': 'a' }, { ':x': { S: 'x' }, ':y': { S: 'y' } });
    scope.name('#a');
    scope.value(':y');
    assert.throws(() => scope.assertAllUsed(), validation('Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}'));
  });

  it('passes when everything was used', () => {
    const scope = new ExpressionScope({ '#a': 'a' }, { ':x': { S: 'x' } });
    scope.name('#a');
    scope.value(':x');
    scope.assertAllUsed();
  });
});
