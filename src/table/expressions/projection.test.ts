import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttributeMap } from '../values/attribute-value.js';
import { parseProjection, projectItem } from './projection.js';
import { ExpressionScope } from './scope.js';

const ITEM: AttributeMap = {
  p: { S: 'key' },
  a: { M: { b: { L: [{ N: '2' }, { N: '4' }, { M: { x: { S: 'hi' }, y: { S: 'yo' } } }] }, c: { N: '5' } } },
  b: { S: 'hello' },
  'a.b': { S: 'dotted' },
};

const project = (text: string, names?: Record<string, string>) => projectItem(ITEM, parseProjection(text, new ExpressionScope(names)));
const rejects = (text: string, message: string, names?: Record<string, string>) =>
  assert.throws(() => parseProjection(text, new ExpressionScope(names)), {
    code: 'ValidationException',
    message: `Invalid ProjectionExpression: ${message}`,
  });

describe('parseProjection', () => {
  it('parses comma-separated paths with placeholders', () => {
    assert.deepEqual(parseProjection(' a , #n.b[2] ,c', new ExpressionScope({ '#n': 'x' })), [['a'], ['x', 'b', 2], ['c']]);
  });

  it('refuses syntax errors', () => {
    rejects('a,', 'Syntax error; token: "<EOF>", near: ","');
    rejects(',a', 'Syntax error; token: ",", near: ",a"');
    rejects('a,,b', 'Syntax error; token: ",", near: ",,b"');
    rejects('a b', 'Syntax error; token: "b", near: "a b"');
    rejects('a = :v', 'Syntax error; token: "=", near: "a = :v"');
    rejects('size(a)', 'Syntax error; token: "(", near: "size(a"');
  });

  it('refuses an empty expression', () => rejects('', 'The expression can not be empty;'));

  it('refuses reserved words, including those that are keywords in conditions', () => {
    rejects('a, Status', 'Attribute name is a reserved keyword; reserved keyword: Status');
    rejects('and', 'Attribute name is a reserved keyword; reserved keyword: and');
  });

  it('refuses undefined names', () => {
    rejects('a.#n2', 'An expression attribute name used in the document path is not defined; attribute name: #n2', { '#wrong': 'b' });
  });

  it('refuses overlapping paths', () => {
    for (const [text, one, two] of [
      ['a, a', '[a]', '[a]'],
      ['a.b, a', '[a, b]', '[a]'],
      ['a, a.b[2].c', '[a]', '[a, b, [2], c]'],
      ['a.b[0],a.b[0]', '[a, b, [0]]', '[a, b, [0]]'],
    ] as const) {
      rejects(text, `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${one}, path two: ${two}`);
    }
  });

  it('refuses conflicting paths', () => {
    rejects('a.b, a[1]', 'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]');
  });

  it('reports a reserved word before an overlap', () => {
    rejects('a, a, status', 'Attribute name is a reserved keyword; reserved keyword: status');
  });

  it('accepts paths with a common prefix', () => {
    assert.equal(parseProjection('b, a.b, a.c', new ExpressionScope()).length, 3);
  });
});

describe('projectItem', () => {
  it('returns top-level attributes', () => {
    assert.deepEqual(project('b, p'), { b: { S: 'hello' }, p: { S: 'key' } });
  });

  it('nests a sub-path inside its parents', () => {
    assert.deepEqual(project('a.b'), { a: { M: { b: { L: [{ N: '2' }, { N: '4' }, { M: { x: { S: 'hi' }, y: { S: 'yo' } } }] } } } });
    assert.deepEqual(project('a.b[2].y'), { a: { M: { b: { L: [{ M: { y: { S: 'yo' } } }] } } } });
  });

  it('compacts selected list elements in index order', () => {
    assert.deepEqual(project('a.b[2], a.b[0]'), { a: { M: { b: { L: [{ N: '2' }, { M: { x: { S: 'hi' }, y: { S: 'yo' } } }] } } } });
    assert.deepEqual(project('a.b[0]'), { a: { M: { b: { L: [{ N: '2' }] } } } });
  });

  it('merges several paths into one document', () => {
    assert.deepEqual(project('a.b[0], a.c, b'), { a: { M: { b: { L: [{ N: '2' }] }, c: { N: '5' } } }, b: { S: 'hello' } });
  });

  it('returns nothing for missing paths or paths crossing the wrong type', () => {
    for (const text of ['x', 'a.b[3]', 'a.x', 'a.x.y', 'a.b[3].x', 'a.b.x', 'a[0]', 'a.b[0].x', 'a.b[0][0]']) {
      assert.deepEqual(project(text), {}, text);
    }
    assert.deepEqual(project('a.x, a.b[0], x, a.b[3].x'), { a: { M: { b: { L: [{ N: '2' }] } } } });
  });

  it('reads a dotted placeholder as one attribute name', () => {
    assert.deepEqual(project('#n', { '#n': 'a.b' }), { 'a.b': { S: 'dotted' } });
  });

  it('returns copies, not the item’s own values', () => {
    const projected = project('a');
    (projected.a as { M: AttributeMap }).M.c = { N: '0' };
    assert.deepEqual(ITEM.a, { M: { b: (ITEM.a as { M: AttributeMap }).M.b!, c: { N: '5' } } });
  });

  it('projecting on every top-level name returns the whole item', () => {
    assert.deepEqual(projectItem(ITEM, Object.keys(ITEM).map((k) => [k])), ITEM);
  });
});
