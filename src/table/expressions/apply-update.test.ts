import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { applyUpdate } from './apply-update.js';
import { ExpressionScope } from './scope.js';
import { parseUpdate } from './update-parser.js';

/** `item` null stands for a missing item. */
function update(text: string, item: AttributeMap | null, values?: Record<string, AttributeValue>, names?: Record<string, string>) {
  return applyUpdate(parseUpdate(text, new ExpressionScope(names, values)), item ?? undefined);
}

const N = (n: string): AttributeValue => ({ N: n });
const S = (s: string): AttributeValue => ({ S: s });
const L = (...l: AttributeValue[]): AttributeValue => ({ L: l });

const validation = (message: string) => ({ code: 'ValidationException', message });

describe('applyUpdate: SET', () => {
  it('sets top-level attributes and keeps the others', () => {
    const { item } = update('SET b = :v, c = :w', { a: S('x'), b: S('old') }, { ':v': S('new'), ':w': N('2') });
    assert.deepEqual(item, { a: S('x'), b: S('new'), c: N('2') });
  });

  it('creates the attributes of a new item', () => {
    assert.deepEqual(update('SET a = :v', null, { ':v': S('x') }).item, { a: S('x') });
  });

  it('does not modify the item it was given', () => {
    const original: AttributeMap = { a: { M: { b: N('1') } } };
    update('SET a.b = :v', original, { ':v': N('2') });
    assert.deepEqual(original, { a: { M: { b: N('1') } } });
  });

  it('copies attributes, reading the item as it was before the update', () => {
    assert.deepEqual(update('SET b = a, a = :v', { a: S('x') }, { ':v': S('y') }).item, { a: S('y'), b: S('x') });
    assert.deepEqual(update('REMOVE a SET b = a', { a: S('x') }).item, { b: S('x') });
  });

  it('refuses to copy an attribute that does not exist', () => {
    assert.throws(() => update('SET b = z', { a: S('x') }), validation('The provided expression refers to an attribute that does not exist in the item'));
    assert.throws(() => update('SET x = :v, y = x', {}, { ':v': N('1') }), validation('The provided expression refers to an attribute that does not exist in the item'));
  });

  it('adds and subtracts exactly', () => {
    const values = { ':a': N('0.1'), ':b': N('0.2') };
    assert.deepEqual(update('SET x = :a + :b, y = :a - :b', null, values).item, { x: N('0.3'), y: N('-0.1') });
    assert.deepEqual(update('SET n = n + :a', { n: N('99999999999999999999999999999999999999') }, { ':a': N('0') }).item.n, N('99999999999999999999999999999999999999'));
    assert.deepEqual(update('SET n = :a - n', { n: N('5') }, { ':a': N('2') }).item.n, N('-3'));
  });

  it('refuses arithmetic on non-numbers read from the item', () => {
    assert.throws(() => update('SET n = n + :a', { n: S('5') }, { ':a': N('1') }), validation('An operand in the update expression has an incorrect data type'));
    assert.throws(() => update('SET n = m - :a', {}, { ':a': N('1') }), validation('The provided expression refers to an attribute that does not exist in the item'));
  });

  it('refuses a sum outside the number range', () => {
    assert.throws(() => update('SET n = n + :a', { n: N('9.9E125') }, { ':a': N('9.9E125') }), {
      message: 'Number overflow. Attempting to store a number with magnitude larger than supported range',
    });
  });

  it('if_not_exists takes the attribute when present, else the fallback', () => {
    const values = { ':v': N('5') };
    assert.deepEqual(update('SET a = if_not_exists(a, :v)', {}, values).item, { a: N('5') });
    assert.deepEqual(update('SET a = if_not_exists(a, :v)', { a: N('1') }, values).item, { a: N('1') });
    assert.deepEqual(update('SET b = if_not_exists(a, :v)', { a: S('x') }, values).item, { a: S('x'), b: S('x') });
    assert.deepEqual(update('SET c = if_not_exists(c, :v) + :v', {}, values).item, { c: N('10') });
    assert.deepEqual(update('SET c = if_not_exists(c.d, :v)', {}, values).item, { c: N('5') });
  });

  it('list_append concatenates in the order given', () => {
    const values = { ':v': L(N('3')) };
    assert.deepEqual(update('SET l = list_append(l, :v)', { l: L(N('1'), N('2')) }, values).item.l, L(N('1'), N('2'), N('3')));
    assert.deepEqual(update('SET l = list_append(:v, l)', { l: L(N('1')) }, values).item.l, L(N('3'), N('1')));
    assert.deepEqual(update('SET l = list_append(if_not_exists(l, :e), :v)', {}, { ':v': L(N('3')), ':e': L() }).item.l, L(N('3')));
  });

  it('list_append refuses a missing or non-list attribute', () => {
    const values = { ':v': L(N('3')) };
    assert.throws(() => update('SET l = list_append(l, :v)', {}, values), validation('The provided expression refers to an attribute that does not exist in the item'));
    assert.throws(() => update('SET l = list_append(l, :v)', { l: { SS: ['a'] } }, values), validation('An operand in the update expression has an incorrect data type'));
  });

  it('sets nested map members and list elements', () => {
    const item: AttributeMap = { a: { M: { b: N('3'), c: L(S('hi'), { M: { x: { M: { y: L(N('3'), N('5')) } } } }) } } };
    const { item: next } = update('SET a.c[1].#n.y[1] = :v, a.z = :w', item, { ':v': N('9'), ':w': S('z') }, { '#n': 'x' });
    assert.deepEqual(next, { a: { M: { b: N('3'), c: L(S('hi'), { M: { x: { M: { y: L(N('3'), N('9')) } } } }), z: S('z') } } });
  });

  it('replaces a nested value with one of another type', () => {
    assert.deepEqual(update('SET a.c = :v', { a: { M: { c: { M: { one: N('1') } } } } }, { ':v': N('7') }).item, { a: { M: { c: N('7') } } });
  });

  it('appends when the index is past the end, several in index order', () => {
    const values = { ':a1': S('a1'), ':a2': S('a2'), ':a3': S('a3'), ':a4': S('a4') };
    const { item, updatedPaths } = update('SET a[84] = :a1, a[37] = :a2, a[17] = :a3, a[50] = :a4', { a: L(S('one')) }, values);
    assert.deepEqual(item.a, L(S('one'), S('a3'), S('a2'), S('a4'), S('a1')));
    assert.deepEqual(updatedPaths, [['a', 4], ['a', 2], ['a', 1], ['a', 3]]);
  });

  it('refuses a path whose parent is missing or of the wrong type', () => {
    const message = 'The document path provided in the update expression is invalid for update';
    const item = { a: S('hello'), b: L(S('hi')) };
    assert.throws(() => update('SET a.c = :v', item, { ':v': N('1') }), validation(message));
    assert.throws(() => update('SET b.c = :v', item, { ':v': N('1') }), validation(message));
    assert.throws(() => update('SET c.c = :v', item, { ':v': N('1') }), validation(message));
    assert.throws(() => update('SET a[0] = :v', item, { ':v': N('1') }), validation(message));
    assert.throws(() => update('SET c[0] = :v', null, { ':v': N('1') }), validation(message));
    assert.throws(() => update('SET b[5].x = :v', item, { ':v': N('1') }), validation(message));
  });
});

describe('applyUpdate: REMOVE', () => {
  it('removes top-level and nested attributes and list elements', () => {
    const item: AttributeMap = { a: { M: { b: N('3'), c: L(S('hi'), { M: { x: { M: { y: L(N('3'), N('5'), N('7')) } }, q: N('2') } }) } } };
    assert.deepEqual(update('REMOVE a.c[1].x.y[1], a.c[1].q', item).item, {
      a: { M: { b: N('3'), c: L(S('hi'), { M: { x: { M: { y: L(N('3'), N('7')) } } } }) } },
    });
    assert.deepEqual(update('REMOVE a', { a: S('x'), b: S('y') }).item, { b: S('y') });
  });

  it('removes several list elements by their original indexes', () => {
    const list = L(N('0'), N('1'), N('2'), N('3'), N('4'));
    assert.deepEqual(update('REMOVE l[1], l[3]', { l: list }).item.l, L(N('0'), N('2'), N('4')));
    assert.deepEqual(update('REMOVE l[3], l[1], l[0]', { l: list }).item.l, L(N('2'), N('4')));
  });

  it('applies SETs by original index before removals', () => {
    const item = { a: L(N('2'), N('3'), N('4'), N('5'), N('6'), N('7')) };
    assert.deepEqual(update('REMOVE a[1] SET a[3] = :v', item, { ':v': N('17') }).item.a, L(N('2'), N('4'), N('17'), N('6'), N('7')));
    assert.deepEqual(update('SET a[3] = :v REMOVE a[1]', item, { ':v': N('17') }).item.a, L(N('2'), N('4'), N('17'), N('6'), N('7')));
  });

  it('leaves an empty map or list behind', () => {
    assert.deepEqual(update('REMOVE a.b', { a: { M: { b: N('1') } } }).item, { a: { M: {} } });
    assert.deepEqual(update('REMOVE a[0]', { a: L(N('1')) }).item, { a: L() });
  });

  it('ignores what is not there', () => {
    const item = { a: { M: { x: N('3') } }, b: L(S('hi')) };
    assert.deepEqual(update('REMOVE a.y, b[7], c', item).item, item);
  });

  it('refuses a path whose parent is missing or of the wrong type, on an existing item', () => {
    const message = 'The document path provided in the update expression is invalid for update';
    const item = { a: S('hello'), b: L(S('hi')) };
    assert.throws(() => update('REMOVE a.c', item), validation(message));
    assert.throws(() => update('REMOVE c.c', item), validation(message));
    assert.throws(() => update('REMOVE a[0]', item), validation(message));
    assert.throws(() => update('REMOVE b.c', item), validation(message));
  });

  it('ignores any REMOVE on a missing item', () => {
    assert.deepEqual(update('REMOVE x.y, z[0]', null).item, {});
  });
});

describe('applyUpdate: ADD', () => {
  it('adds to a number, creating it (and the item) when missing', () => {
    assert.deepEqual(update('ADD n :v', { n: N('3') }, { ':v': N('4') }).item, { n: N('7') });
    assert.deepEqual(update('ADD n :v', { a: S('x') }, { ':v': N('-1.50') }).item, { a: S('x'), n: N('-1.5') });
    assert.deepEqual(update('ADD n :v', null, { ':v': N('8') }).item, { n: N('8') });
    assert.deepEqual(update('ADD m.n :v', { m: { M: {} } }, { ':v': N('1') }).item, { m: { M: { n: N('1') } } });
  });

  it('adds elements to a set, creating it when missing', () => {
    const item = { s: { SS: ['beaver', 'lynx', 'coati'] } };
    assert.deepEqual(update('ADD s :v', item, { ':v': { SS: ['coati', 'beaver', 'badger'] } }).item, { s: { SS: ['beaver', 'lynx', 'coati', 'badger'] } });
    assert.deepEqual(update('ADD s :v', {}, { ':v': { SS: ['dog'] } }).item, { s: { SS: ['dog'] } });
    assert.deepEqual(update('ADD s :v', { s: { NS: ['1', '2'] } }, { ':v': { NS: ['2.0', '3'] } }).item, { s: { NS: ['1', '2', '3'] } });
  });

  it('refuses to add to an attribute of another type', () => {
    const message = 'An operand in the update expression has an incorrect data type';
    assert.throws(() => update('ADD b :v', { b: S('hi') }, { ':v': N('1') }), validation(message));
    assert.throws(() => update('ADD s :v', { s: { NS: ['1'] } }, { ':v': { SS: ['a'] } }), validation(message));
    assert.throws(() => update('ADD s :v', { s: L(N('1')) }, { ':v': { NS: ['3'] } }), validation(message));
  });

  it('refuses a nested ADD under a missing parent', () => {
    assert.throws(() => update('ADD a.b :v', {}, { ':v': N('1') }), validation('The document path provided in the update expression is invalid for update'));
  });
});

describe('applyUpdate: DELETE', () => {
  it('removes elements from a set', () => {
    assert.deepEqual(update('DELETE a :v', { a: { SS: ['dog', 'cat', 'mouse'] } }, { ':v': { SS: ['cat', 'mouse', 'pig'] } }).item, { a: { SS: ['dog'] } });
    assert.deepEqual(update('DELETE a :v', { a: { NS: ['1', '2.5'] } }, { ':v': { NS: ['2.50'] } }).item, { a: { NS: ['1'] } });
    const bs = { BS: [Buffer.from('x').toString('base64'), Buffer.from('y').toString('base64')] };
    assert.deepEqual(update('DELETE a :v', { a: bs }, { ':v': { BS: [Buffer.from('y').toString('base64')] } }).item, { a: { BS: [bs.BS[0]!] } });
  });

  it('removes the attribute when no element is left', () => {
    assert.deepEqual(update('DELETE a :v', { a: { SS: ['dog'] }, b: S('hi') }, { ':v': { SS: ['dog'] } }).item, { b: S('hi') });
    assert.deepEqual(update('DELETE l[0] :v', { l: L({ SS: ['dog'] }, N('1')) }, { ':v': { SS: ['dog'] } }).item, { l: L(N('1')) });
  });

  it('does nothing to a missing attribute', () => {
    assert.deepEqual(update('DELETE a :v', { b: S('hi') }, { ':v': { SS: ['dog'] } }).item, { b: S('hi') });
  });

  it('refuses a set of another type', () => {
    assert.throws(() => update('DELETE a :v', { a: { NS: ['1'] } }, { ':v': { SS: ['1'] } }), validation('An operand in the update expression has an incorrect data type'));
    assert.throws(() => update('DELETE a :v', { a: S('1') }, { ':v': { SS: ['1'] } }), validation('An operand in the update expression has an incorrect data type'));
  });
});

describe('applyUpdate: updatedPaths', () => {
  it('lists every target path in the order written', () => {
    const { updatedPaths } = update('SET a = :v, b.c = :v REMOVE d ADD e :n DELETE f :s', { b: { M: {} } }, { ':v': S('x'), ':n': N('1'), ':s': { SS: ['q'] } });
    assert.deepEqual(updatedPaths, [['a'], ['b', 'c'], ['d'], ['e'], ['f']]);
  });
});
