import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttributeValue } from '../values/attribute-value.js';
import { ExpressionScope } from './scope.js';
import { parseUpdate } from './update-parser.js';

const VALUES: Record<string, AttributeValue> = {
  ':s': { S: 'a' },
  ':n': { N: '1' },
  ':b': { B: 'YQ==' },
  ':bool': { BOOL: true },
  ':null': { NULL: true },
  ':ss': { SS: ['a'] },
  ':ns': { NS: ['1'] },
  ':bs': { BS: ['YQ=='] },
  ':m': { M: {} },
  ':l': { L: [] },
};

const parse = (text: string, names?: Record<string, string>) => parseUpdate(text, new ExpressionScope(names, VALUES));

function rejects(text: string, message: string, names?: Record<string, string>): void {
  assert.throws(() => parse(text, names), { code: 'ValidationException', message: `Invalid UpdateExpression: ${message}` });
}

describe('parseUpdate: plans', () => {
  it('parses every clause, in any case and order', () => {
    assert.deepEqual(parse('set a = :s remove b, c[2] ADD d :n delete e :ss').actions, [
      { action: 'SET', path: ['a'], value: { kind: 'value', value: { S: 'a' } } },
      { action: 'REMOVE', path: ['b'] },
      { action: 'REMOVE', path: ['c', 2] },
      { action: 'ADD', path: ['d'], value: { N: '1' } },
      { action: 'DELETE', path: ['e'], value: { SS: ['a'] } },
    ]);
  });

  it('parses arithmetic and functions', () => {
    assert.deepEqual(parse('SET a = b + :n, c = if_not_exists(c, :n) - d, e = list_append(e, :l)').actions, [
      { action: 'SET', path: ['a'], value: { kind: '+', left: { kind: 'path', path: ['b'] }, right: { kind: 'value', value: { N: '1' } } } },
      {
        action: 'SET',
        path: ['c'],
        value: {
          kind: '-',
          left: { kind: 'if_not_exists', path: ['c'], fallback: { kind: 'value', value: { N: '1' } } },
          right: { kind: 'path', path: ['d'] },
        },
      },
      { action: 'SET', path: ['e'], value: { kind: 'list_append', left: { kind: 'path', path: ['e'] }, right: { kind: 'value', value: { L: [] } } } },
    ]);
  });

  it('accepts parentheses around the value or a term', () => {
    assert.equal(parse('SET a = (b + :n)').actions.length, 1);
    assert.equal(parse('SET a = (b) + (:n)').actions.length, 1);
    assert.equal(parse('SET a = ((b) + :n)').actions.length, 1);
    assert.equal(parse('SET a = if_not_exists(b, (:n))').actions.length, 1);
  });

  it('accepts if_not_exists nested in if_not_exists and in list_append', () => {
    assert.equal(parse('SET a = if_not_exists(b, if_not_exists(c, :n))').actions.length, 1);
    assert.equal(parse('SET a = list_append(if_not_exists(a, :l), :l)').actions.length, 1);
  });

  it('resolves name placeholders on both sides and keeps words that are only condition keywords', () => {
    assert.deepEqual(parse('SET #x.y = #x', { '#x': 'a' }).actions[0], {
      action: 'SET', path: ['a', 'y'], value: { kind: 'path', path: ['a'] },
    });
  });

  it('accepts paths that share a prefix without overlapping', () => {
    assert.equal(parse('SET a.b = :n, a.c = :n, a.d[1] = :n, x[1] = :n, x[2] = :n REMOVE a.e').actions.length, 6);
  });
});

describe('parseUpdate: syntax errors', () => {
  const cases: [string, string][] = [
    ['whatever', 'Syntax error; token: "whatever", near: "whatever"'],
    ['set a', 'Syntax error; token: "<EOF>", near: "a"'],
    ['SET', 'Syntax error; token: "<EOF>", near: "SET"'],
    ['set a=set', 'Syntax error; token: "set", near: "=set"'],
    ['remove a = b', 'Syntax error; token: "=", near: "a = b"'],
    ['add a = b', 'Syntax error; token: "=", near: "a = b"'],
    ['delete a b', 'Syntax error; token: "b", near: "a b"'],
    ['add a if_not_exists(b)', 'Syntax error; token: "if_not_exists", near: "a if_not_exists("'],
    ['set :a = b', 'Syntax error; token: ":a", near: "set :a ="'],
    ['remove :a', 'Syntax error; token: ":a", near: "remove :a"'],
    ['set a = b / c', 'Syntax error; token: "/", near: "b / c"'],
    ['set a = b + c + d', 'Syntax error; token: "+", near: "c + d"'],
    ['set a = b +', 'Syntax error; token: "<EOF>", near: "+"'],
    ['set a[1] = 1', 'Syntax error; token: "1", near: "= 1"'],
    ['set (a = (b + c))', 'Syntax error; token: "(", near: "set (a"'],
    ['set a = (b.c).d + e', 'Syntax error; token: ".", near: ").d"'],
    ['set a = (b + c) + d', 'Syntax error; token: "+", near: ") + d"'],
    ['SET c = if_not_exists(c, :s+:n)', 'Syntax error; token: "+", near: ":s+:n"'],
    ['SET _123 = :s', 'Syntax error; token: "_", near: "SET _123"'],
    ['SET a[:n] = :s', 'Syntax error; token: ":n", near: "[:n]"'],
    ['SET a = :s,', 'Syntax error; token: "<EOF>", near: ","'],
    ['SET a = :s REMOVE', 'Syntax error; token: "<EOF>", near: "REMOVE"'],
  ];
  for (const [text, message] of cases) {
    it(`rejects ${text}`, () => rejects(text, message));
  }
});

describe('parseUpdate: semantic errors', () => {
  it('refuses an empty expression', () => rejects('', 'The expression can not be empty;'));

  it('refuses a reserved word, keeping its case', () => {
    rejects(' set #c = :c set abOrt = :s ', 'Attribute name is a reserved keyword; reserved keyword: abOrt');
    rejects(' remove Absolute ', 'Attribute name is a reserved keyword; reserved keyword: Absolute');
  });

  it('refuses unknown functions and condition functions', () => {
    rejects('set #c = if_not_exist(:c) set c = d', 'Invalid function name; function: if_not_exist');
    rejects('SET a = f(b, c, d)', 'Invalid function name; function: f');
    rejects('SET a = LIST_APPEND(:l, :l)', 'Invalid function name; function: LIST_APPEND');
    rejects('SET a = size(b)', 'The function is not allowed in an update expression; function: size');
  });

  it('refuses a clause used twice', () => {
    rejects('set a = #c set c = :d', 'The "SET" section can only be used once in an update expression;');
    rejects('remove #d set a = b remove e', 'The "REMOVE" section can only be used once in an update expression;');
    rejects('add #d :e set a = b add e :f', 'The "ADD" section can only be used once in an update expression;');
    rejects('delete #d :e set a = b delete #e :f', 'The "DELETE" section can only be used once in an update expression;');
  });

  it('refuses undefined names before undefined values', () => {
    rejects('SET a = :x, #x = :s', 'An expression attribute name used in the document path is not defined; attribute name: #x');
    rejects('SET #a = if_not_exists(:c)', 'An expression attribute value used in expression is not defined; attribute value: :c', { '#a': 'a' });
  });

  it('refuses overlapping paths, naming the earlier one first', () => {
    rejects('SET a = :s REMOVE a', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]');
    rejects('SET a.b = :s, a = :n', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]');
    rejects('SET #a1 = :s, #a2 = :n', 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]', { '#a1': 'a', '#a2': 'a' });
    rejects(
      'set #c[3].#d = :s, #c[3] = :s',
      'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c, [3], [3]], path two: [c, [3]]',
      { '#c': 'c', '#d': '[3]' },
    );
  });

  it('prefers an overlap to a conflict found earlier', () => {
    rejects(
      'set d[1] = :s, d.b = :s, c[1].a = :s, #c = if_not_exists(a, :s)',
      'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c, [1], a], path two: [c]',
      { '#c': 'c' },
    );
  });

  it('refuses conflicting paths (a map key and a list index at the same place)', () => {
    rejects('SET a.b = :s, a[1] = :n', 'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]');
    rejects('remove a.#c set a[1] = #d', 'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, c], path two: [a, [1]]', { '#c': 'c', '#d': 'd' });
    rejects(
      'set #c[3].#d = a, #c.#d[3] = if_not_exists(a)',
      'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [c, [3], [3]], path two: [c, [3], [3]]',
      { '#c': 'c', '#d': '[3]' },
    );
  });

  const operandCases: [string, string, string][] = [
    ['add a.b :s', 'ADD', 'STRING'],
    ['delete a.b :s', 'DELETE', 'STRING'],
    ['add a.b :null', 'ADD', 'NULL'],
    ['delete a.b :bool', 'DELETE', 'BOOLEAN'],
    ['add a.b :b', 'ADD', 'BINARY'],
    ['add a.b :m', 'ADD', 'MAP'],
    ['delete a.b :l', 'DELETE', 'LIST'],
    ['add a.b :l', 'ADD', 'LIST'],
    ['delete a.b :n', 'DELETE', 'NUMBER'],
  ];
  for (const [text, operator, type] of operandCases) {
    it(`refuses ${text} (${type})`, () => {
      rejects(text, `Incorrect operand type for operator or function; operator: ${operator}, operand type: ${type}`);
    });
  }

  it('accepts ADD of numbers and sets, DELETE of sets', () => {
    assert.equal(parse('ADD a :n, b :ss, c :ns, d :bs DELETE e :ss, f :ns, g :bs').actions.length, 7);
  });

  it('refuses an ADD operand type before a function error', () => {
    rejects('set b = list_append(:s, a), c = if_not_exists(a) add a.b :s', 'Incorrect operand type for operator or function; operator: ADD, operand type: STRING');
  });

  it('refuses wrong operand counts', () => {
    rejects('set a = if_not_exists(c)', 'Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1');
    rejects('set a = list_append(:l, :l, :l)', 'Incorrect number of operands for operator or function; operator or function: list_append, number of operands: 3');
  });

  it('refuses if_not_exists whose first operand is not a path', () => {
    rejects('set a = if_not_exists(:s, c)', 'Operator or function requires a document path; operator or function: if_not_exists');
    rejects('set a = if_not_exists(if_not_exists(a, :s), c)', 'Operator or function requires a document path; operator or function: if_not_exists');
  });

  it('refuses literal operands of the wrong type for list_append, + and -', () => {
    rejects('set a = list_append(:s, a)', 'Incorrect operand type for operator or function; operator or function: list_append, operand type: S');
    rejects('set a = list_append(a, :n)', 'Incorrect operand type for operator or function; operator or function: list_append, operand type: N');
    rejects('set a = list_append(:m, a)', 'Incorrect operand type for operator or function; operator or function: list_append, operand type: M');
    rejects('set a = a + :s', 'Incorrect operand type for operator or function; operator or function: +, operand type: S');
    rejects('set a = :b - a', 'Incorrect operand type for operator or function; operator or function: -, operand type: B');
    rejects('set a = a - :ns', 'Incorrect operand type for operator or function; operator or function: -, operand type: NS');
    rejects('set a = a + :l', 'Incorrect operand type for operator or function; operator or function: +, operand type: L');
  });

  it('refuses list_append nested in list_append', () => {
    rejects('SET a = list_append(list_append(:l, :l), :l)', 'The function is not allowed to be used this way in an expression; function: list_append');
  });

  it('refuses more than 32 path elements and more than 4 KB', () => {
    rejects(`SET a${'.b'.repeat(32)} = :s`, 'The document path has too many nesting levels; nesting levels: 33');
    rejects(`SET a = :s${' '.repeat(4090)}`, 'Expression size has exceeded the maximum allowed size; expression size: 4100');
  });
});
