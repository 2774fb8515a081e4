import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttributeValue } from '../values/attribute-value.js';
import { parseCondition } from './condition-parser.js';
import { ExpressionScope } from './scope.js';

const VALUES: Record<string, AttributeValue> = {
  ':s': { S: 'x' },
  ':s2': { S: 'y' },
  ':n': { N: '5' },
  ':one': { N: '1' },
  ':l': { L: [{ N: '1' }] },
  ':m': { M: {} },
  ':ss': { SS: ['a'] },
  ':b': { B: 'AQI=' },
  ':bool': { BOOL: true },
  ':null': { NULL: true },
  ':t': { S: 'N' },
  ':badType': { S: 'X' },
  // Members named like Object.prototype's methods, as JSON.parse makes them (own properties).
  ':objectNames': JSON.parse('{"M":{"constructor":{"S":"x"},"toString":{"N":"1"}}}') as AttributeValue,
  ':long': { S: 'y'.repeat(5000) },
};
const NAMES = { '#a': 'a', '#b': 'b', '#status': 'status' };

const parse = (text: string, kind?: 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression') =>
  parseCondition(text, new ExpressionScope(NAMES, VALUES), kind);

function rejects(text: string, message: string, kind: 'ConditionExpression' | 'FilterExpression' = 'ConditionExpression'): void {
  assert.throws(() => parse(text, kind), { code: 'ValidationException', message: `Invalid ${kind}: ${message}` });
}

describe('parseCondition: trees', () => {
  it('parses a comparison of a path with a value', () => {
    assert.deepEqual(parse('a = :s'), {
      kind: 'compare', op: '=', left: { kind: 'path', path: ['a'] }, right: { kind: 'value', value: { S: 'x' } },
    });
  });

  it('parses every comparator', () => {
    for (const op of ['=', '<>', '<', '<=', '>', '>=']) {
      assert.equal((parse(`a ${op} :s`) as { op: string }).op, op);
    }
  });

  it('gives NOT precedence over AND, and AND over OR', () => {
    const tree = parse('NOT a = :s AND b = :s OR c = :s');
    assert.equal(tree.kind, 'or');
    const left = (tree as { left: { kind: string; left: { kind: string } } }).left;
    assert.equal(left.kind, 'and');
    assert.equal(left.left.kind, 'not');
  });

  it('makes AND and OR left-associative', () => {
    const tree = parse('a = :s AND b = :s AND c = :s') as unknown as { left: { kind: string }; right: { left: { path: string[] } } };
    assert.equal(tree.left.kind, 'and');
    assert.deepEqual(tree.right.left.path, ['c']);
  });

  it('lets parentheses override precedence', () => {
    const tree = parse('a = :s AND (b = :s OR c = :s)') as { kind: string; right: { kind: string } };
    assert.equal(tree.kind, 'and');
    assert.equal(tree.right.kind, 'or');
  });

  it('accepts keywords in any case', () => {
    assert.equal(parse('a = :s and not b = :s Or c between :n aNd :n').kind, 'or');
  });

  it('parses nested paths with names, placeholders and indexes', () => {
    assert.deepEqual(parse('#a.b[2].#status[0] = :s'), {
      kind: 'compare', op: '=', left: { kind: 'path', path: ['a', 'b', 2, 'status', 0] }, right: { kind: 'value', value: { S: 'x' } },
    });
  });

  it('keeps a dot inside a placeholder name as part of one attribute name', () => {
    const tree = parseCondition('#d = :s', new ExpressionScope({ '#d': 'a.b' }, { ':s': { S: 'x' } }));
    assert.deepEqual((tree as { left: unknown }).left, { kind: 'path', path: ['a.b'] });
  });

  it('parses BETWEEN and IN', () => {
    assert.deepEqual(parse('a BETWEEN :one AND :n'), {
      kind: 'between',
      operand: { kind: 'path', path: ['a'] },
      lower: { kind: 'value', value: { N: '1' } },
      upper: { kind: 'value', value: { N: '5' } },
      source: 'ConditionExpression',
    });
    assert.deepEqual(parse('a IN (:s, b)'), {
      kind: 'in',
      operand: { kind: 'path', path: ['a'] },
      candidates: [{ kind: 'value', value: { S: 'x' } }, { kind: 'path', path: ['b'] }],
    });
  });

  it('parses every function', () => {
    assert.deepEqual(parse('attribute_exists(a)'), { kind: 'attribute_exists', path: ['a'] });
    assert.deepEqual(parse('attribute_not_exists(a.b)'), { kind: 'attribute_not_exists', path: ['a', 'b'] });
    assert.deepEqual(parse('attribute_type(a, :t)'), { kind: 'attribute_type', path: ['a'], type: 'N' });
    assert.equal(parse('begins_with(a, :s)').kind, 'begins_with');
    assert.equal(parse('contains(a, :s)').kind, 'contains');
  });

  it('accepts size() as an operand, on either side and inside functions', () => {
    assert.deepEqual(parse('size(a) > :n'), {
      kind: 'compare', op: '>', left: { kind: 'size', operand: { kind: 'path', path: ['a'] } }, right: { kind: 'value', value: { N: '5' } },
    });
    assert.equal(parse(':n <= size(a)').kind, 'compare');
    assert.equal(parse('contains(a, size(b))').kind, 'contains');
  });

  it('accepts one pair of parentheses around operands and conditions', () => {
    assert.equal(parse('(a) = (:s)').kind, 'compare');
    assert.equal(parse('((a = :s) AND (b = :s))').kind, 'and');
    assert.equal(parse('(size(a)) = :n').kind, 'compare');
  });

  it('accepts whitespace anywhere between tokens', () => {
    assert.equal(parse('  a . b [ 1 ]   =   :s  ').kind, 'compare');
    assert.equal(parse('attribute_exists (a)').kind, 'attribute_exists');
  });

  it('accepts 100 IN candidates', () => {
    const values: Record<string, AttributeValue> = {};
    for (let i = 0; i < 100; i++) values[`:v${i}`] = { N: String(i) };
    const tree = parseCondition(`a IN (${Object.keys(values).join(', ')})`, new ExpressionScope(undefined, values));
    assert.equal((tree as { candidates: unknown[] }).candidates.length, 100);
  });

  it('accepts a path of 32 elements', () => {
    assert.equal(parse(`a${'.b'.repeat(31)} = :s`).kind, 'compare');
  });
});

describe('parseCondition: syntax errors', () => {
  const cases: [string, string, string][] = [
    ['missing right operand', 'a =', 'Syntax error; token: "<EOF>", near: "="'],
    ['two paths in a row', 'a b', 'Syntax error; token: "b", near: "a b"'],
    ['a path alone', 'a', 'Syntax error; token: "<EOF>", near: "a"'],
    ['a value alone', ':s', 'Syntax error; token: "<EOF>", near: ":s"'],
    ['an unknown operator', 'a != :s', 'Syntax error; token: "!", near: "a !="'],
    ['a name starting with an underscore', '_a = :s', 'Syntax error; token: "_", near: "_a"'],
    ['a name starting with a digit', '1a = :s', 'Syntax error; token: "1", near: "1a"'],
    ['a negative index', 'a[-1] = :s', 'Syntax error; token: "-", near: "[-1"'],
    ['a placeholder as index', 'a[:n] = :s', 'Syntax error; token: ":n", near: "[:n]"'],
    ['a hyphenated name', 'my-attr = :s', 'Syntax error; token: "-", near: "my-attr"'],
    ['a keyword as a name', 'and = :s', 'Syntax error; token: "and", near: "and ="'],
    ['a keyword as a nested name', 'a.in = :s', 'Syntax error; token: "in", near: ".in ="'],
    ['an unclosed parenthesis', '(a = :s', 'Syntax error; token: "<EOF>", near: ":s"'],
    ['an extra closing parenthesis', 'a = :s)', 'Syntax error; token: ")", near: ":s)"'],
    ['BETWEEN without AND', 'a BETWEEN :one :n', 'Syntax error; token: ":n", near: ":one :n"'],
    ['IN without parentheses', 'a IN :s', 'Syntax error; token: ":s", near: "IN :s"'],
    ['a function without arguments', 'attribute_exists()', 'Syntax error; token: ")", near: "()"'],
    ['a bare operand joined by AND', 'a AND b = :s', 'Syntax error; token: "AND", near: "a AND b"'],
    ['a condition compared', '(a = :s) = :s', 'Syntax error; token: "=", near: ") = :s"'],
    ['a condition as right operand', 'a = (b = :s)', 'Syntax error; token: "=", near: "b = :s"'],
    ['a literal number', 'a = 1', 'Syntax error; token: "1", near: "= 1"'],
    ['a quoted string', 'a = "x"', 'Syntax error; token: """, near: "= "x"'],
    ['a lone #', '# = :s', 'Syntax error; token: "#", near: "# ="'],
    ['a trailing comma in IN', 'a IN (:s,)', 'Syntax error; token: ")", near: ",)"'],
  ];
  for (const [title, text, message] of cases) {
    it(`rejects ${title}`, () => rejects(text, message));
  }

  it('names FilterExpression in a filter', () => {
    rejects('a =', 'Syntax error; token: "<EOF>", near: "="', 'FilterExpression');
  });
});

describe('parseCondition: semantic errors', () => {
  const cases: [string, string, string][] = [
    ['an empty expression', '', 'The expression can not be empty;'],
    ['a blank expression', '   ', 'The expression can not be empty;'],
    ['a reserved word', 'status = :s', 'Attribute name is a reserved keyword; reserved keyword: status'],
    ['a reserved word in a nested name, keeping its case', 'a.Size = :s', 'Attribute name is a reserved keyword; reserved keyword: Size'],
    ['an undefined name', '#x = :s', 'An expression attribute name used in the document path is not defined; attribute name: #x'],
    ['an undefined value', 'a = :x', 'An expression attribute value used in expression is not defined; attribute value: :x'],
    ['redundant parentheses around a condition', '((a = :s))', 'The expression has redundant parentheses;'],
    ['redundant parentheses around an operand', '((a)) = :s', 'The expression has redundant parentheses;'],
    ['an unknown function', 'foo(a)', 'Invalid function name; function: foo'],
    ['a function name in the wrong case', 'BEGINS_WITH(a, :s)', 'Invalid function name; function: BEGINS_WITH'],
    ['an update function', 'if_not_exists(a, :s) = :s', 'The function is not allowed in a condition expression; function: if_not_exists'],
    ['size() as a condition', 'size(a)', 'The function is not allowed to be used this way in an expression; function: size'],
    ['a boolean function as an operand', 'begins_with(a, :s) = :bool', 'The function is not allowed to be used this way in an expression; function: begins_with'],
    ['a boolean function as an argument', 'contains(attribute_exists(a), :s)', 'The function is not allowed to be used this way in an expression; function: attribute_exists'],
    ['too many arguments', 'attribute_exists(a, b)', 'Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2'],
    ['one argument to begins_with', 'begins_with(a)', 'Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1'],
    ['two arguments to size', 'size(a, b) = :n', 'Incorrect number of operands for operator or function; operator or function: size, number of operands: 2'],
    ['a path compared with itself', 'a = a', 'The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]'],
    ['a nested path compared with itself', 'a.b[1] <> #a.b[1]', 'The first operand must be distinct from the remaining operands for this operator or function; operator: <>, first operand: [a, b, [1]]'],
    ['a function of a path with itself', 'contains(a, a)', 'The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]'],
    ['attribute_exists of a value', 'attribute_exists(:s)', 'Operator or function requires a document path; operator or function: attribute_exists'],
    ['attribute_type of a value', 'attribute_type(:s, :t)', 'Operator or function requires a document path; operator or function: attribute_type'],
    ['an unknown attribute type', 'attribute_type(a, :badType)', 'Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}'],
    ['a non-string attribute type', 'attribute_type(a, :n)', 'Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N'],
    ['a path as attribute type', 'attribute_type(a, b)', 'Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}'],
    ['begins_with of a number', 'begins_with(a, :n)', 'Incorrect operand type for operator or function; operator or function: begins_with, operand type: N'],
    ['begins_with of size()', 'begins_with(size(a), :s)', 'Incorrect operand type for operator or function; operator or function: begins_with, operand type: N'],
    ['size() of a number', 'size(:n) = :n', 'Incorrect operand type for operator or function; operator or function: size, operand type: N'],
    ['size() of a boolean', 'size(:bool) = :n', 'Incorrect operand type for operator or function; operator or function: size, operand type: BOOL'],
    ['ordering against a list', 'a < :l', 'Incorrect operand type for operator or function; operator or function: <, operand type: L'],
    ['ordering against a map', ':m >= a', 'Incorrect operand type for operator or function; operator or function: >=, operand type: M'],
    ['ordering against a set', 'a > :ss', 'Incorrect operand type for operator or function; operator or function: >, operand type: SS'],
    ['BETWEEN bounds of different types', 'a BETWEEN :n AND :s', 'The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {S:x}'],
    ['BETWEEN bounds reversed', 'a BETWEEN :n AND :one', 'The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}'],
    ['BETWEEN string bounds reversed', 'a BETWEEN :s2 AND :s', 'The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:y}, upper bound operand: AttributeValue: {S:x}'],
    [
      'BETWEEN a string and a map with members named toString and constructor',
      'a BETWEEN :s AND :objectNames',
      'Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: M',
    ],
    [
      'BETWEEN a long string and a shorter one (quoted up to 1,024 characters)',
      'a BETWEEN :long AND :s',
      `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: ${`AttributeValue: {S:${'y'.repeat(5000)}`.slice(0, 1024)}..., upper bound operand: AttributeValue: {S:x}`,
    ],
  ];
  for (const [title, text, message] of cases) {
    it(`rejects ${title}`, () => rejects(text, message));
  }

  it('accepts equality with lists, maps and sets, and BETWEEN with equal bounds', () => {
    assert.equal(parse('a = :l AND b <> :m AND c IN (:ss, :l)').kind, 'and');
    assert.equal(parse('a BETWEEN :n AND :n').kind, 'between');
  });

  it('rejects more than 100 IN candidates', () => {
    const values: Record<string, AttributeValue> = {};
    for (let i = 0; i < 101; i++) values[`:v${i}`] = { N: String(i) };
    assert.throws(() => parseCondition(`a IN (${Object.keys(values).join(',')})`, new ExpressionScope(undefined, values)), {
      message: 'Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101',
    });
  });

  it('rejects a path of 33 elements', () => {
    rejects(`a${'.b'.repeat(32)} = :s`, 'The document path has too many nesting levels; nesting levels: 33');
  });

  it('rejects an expression over 4 KB', () => {
    const text = `a = :s${' '.repeat(4091)}`;
    rejects(text, 'Expression size has exceeded the maximum allowed size; expression size: 4097');
    assert.equal(parse(text.slice(0, 4096)).kind, 'compare');
  });

  it('parses parentheses nested as deep as 301 levels; refuses deeper ones before the parser runs out of stack', () => {
    const nots = (levels: number) => `${'(NOT '.repeat(levels)}a = :s${')'.repeat(levels)}`;
    assert.equal(parse(nots(150)).kind, 'not');
    rejects(`${'('.repeat(301)}a = :s${')'.repeat(301)}`, 'The expression has redundant parentheses;');
    const tooDeep = 'The expression nests parentheses and functions too deeply; nesting levels: more than 301';
    rejects(`${'('.repeat(302)}a = :s${')'.repeat(302)}`, tooDeep);
    rejects(`a = ${'('.repeat(302)}:s${')'.repeat(302)}`, tooDeep);
    rejects(`size(${'size('.repeat(301)}a${')'.repeat(302)} > :n`, tooDeep);
    // The most a 4 KB expression holds: this used to overflow the stack (a 500).
    rejects(`${'('.repeat(2045)}a = :s${')'.repeat(2045)}`, tooDeep, 'FilterExpression');
  });

  it('rejects more than 300 operators', () => {
    const text = Array.from({ length: 151 }, () => 'a = :s').join(' AND ');
    rejects(text, 'The expression contains too many operators; operator count: 301');
  });
});

describe('parseCondition: which error wins', () => {
  it('reports a syntax error before anything else', () => {
    rejects('status = :x AND', 'Syntax error; token: "<EOF>", near: "AND"');
  });

  it('reports redundant parentheses before an unknown function', () => {
    rejects('((foo(a)))', 'The expression has redundant parentheses;');
  });

  it('reports an unknown function before a reserved word', () => {
    rejects('status = :s AND foo(a)', 'Invalid function name; function: foo');
  });

  it('reports a misused function before a reserved word', () => {
    rejects('status = :s AND size(a)', 'The function is not allowed to be used this way in an expression; function: size');
  });

  it('reports a reserved word before an undefined placeholder that comes first', () => {
    rejects('#x = :s AND status = :s', 'Attribute name is a reserved keyword; reserved keyword: status');
  });

  it('reports the first faulty condition, left to right', () => {
    rejects('a = a AND b = :x', 'The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]');
  });

  it('within one condition, reports an undefined placeholder before an operand count', () => {
    rejects('begins_with(#x)', 'An expression attribute name used in the document path is not defined; attribute name: #x');
  });

  it('within one condition, reports a repeated path before an operand type', () => {
    rejects('a = a AND begins_with(b, :n)', 'The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]');
  });
});
