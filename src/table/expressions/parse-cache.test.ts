import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeValue } from '../values/attribute-value.js';
import { CONDITION_TEXTS, isConditionKept, KEPT_CONDITION_LENGTH, keptConditions, parseCondition } from './condition-parser.js';
import { evaluateCondition } from './evaluate-condition.js';
import { ParseCache } from './parse-cache.js';
import { ExpressionScope } from './scope.js';
import { isUpdateKept, parseUpdate } from './update-parser.js';

/**
 * Condition and update texts keep their syntax (condition-parser.ts, update-parser.ts): a request whose
 * text was kept by an earlier request must get the answer a fresh parse gives it, error message
 * included, whatever its own names and values. The fresh parse here is of the same text behind leading
 * spaces never used before (the same expression, a text not kept), with a scope of its own.
 */
type Names = Record<string, string> | undefined;
type Values = Record<string, AttributeValue> | undefined;
type Kind = 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression';

let fresh = 0;
const unkept = (text: string) => `${' '.repeat(++fresh)}${text}`;

/** Parses `text` with each map until one request passes, which keeps it; asserts that one did. */
function keepFirstValid(text: string, parse: (text: string, scope: ExpressionScope) => unknown): void {
  for (const names of NAMES) {
    for (const values of VALUES) {
      try {
        parse(text, new ExpressionScope(names, values));
        return;
      } catch {
        // this map is refused: the next one
      }
    }
  }
  assert.fail(`no map is valid for ${text}`);
}

/** What a request sees: the result (or the error's message), then what the scope says of unused placeholders. */
function answer(parse: (scope: ExpressionScope) => unknown, names: Names, values: Values): unknown {
  const scope = new ExpressionScope(names, values);
  let result: unknown;
  try {
    result = parse(scope);
  } catch (error) {
    return { error: (error as Error).message };
  }
  try {
    scope.assertAllUsed();
  } catch (error) {
    return { result, unused: (error as Error).message };
  }
  return { result };
}

const NAMES: Names[] = [
  { '#a': 'x', '#b': 'y', '#c': 'z' },
  { '#a': 'x', '#b': 'x', '#c': 'x' },
  { '#a': 'x', '#c': 'z' },
  { '#a': 'list', '#b': 'list', '#c': 'size' },
  undefined,
];
const VALUES: Values[] = [
  { ':v': { S: 'a' }, ':w': { S: 'b' }, ':n': { N: '1' }, ':t': { S: 'N' }, ':l': { L: [{ N: '1' }] }, ':s': { SS: ['q'] } },
  { ':v': { N: '5' }, ':w': { N: '7' }, ':n': { N: '3' }, ':t': { S: 'SS' }, ':l': { L: [] }, ':s': { NS: ['1'] } },
  { ':v': { B: 'AQ==' }, ':w': { S: 'b' }, ':n': { S: 'x' }, ':t': { S: 'nope' }, ':l': { S: 'x' }, ':s': { N: '1' } },
  { ':v': { BOOL: true }, ':w': { NULL: true }, ':n': { L: [] }, ':t': { N: '1' }, ':l': { M: {} }, ':s': { S: 's' } },
  { ':v': { S: 'a' }, ':n': { N: '1' } },
  { ':v': { SS: ['a'] }, ':w': { M: { k: { S: 'v' } } }, ':n': { BOOL: false }, ':t': { S: 'M' }, ':l': { L: [{ S: 'a' }] }, ':s': { BS: ['AQ=='] } },
  undefined,
];

const CONDITIONS = [
  '#a = :v',
  '#a < :v AND #b >= :w',
  '#a BETWEEN :v AND :w',
  ':v BETWEEN :n AND :w',
  'begins_with(#a, :v)',
  'begins_with(#a, #b)',
  'contains(#a, #b) OR contains(#c, :v)',
  'size(#a) > :n',
  'size(:v) > :n',
  'attribute_type(#a, :t)',
  '#a IN (:v, :w, :n)',
  '#a = #b',
  '#a.#b[1] = :v AND NOT attribute_exists(#c)',
  'x.#a <> :v AND (attribute_not_exists(#b) OR #c.y[0] > :n)',
];

const UPDATES = [
  'SET #a = :v',
  'SET #a = #b + :n, #c = :w - :n',
  'SET #a = list_append(#a, :l)',
  'SET #a = if_not_exists(#b, :v) REMOVE #c',
  'ADD #a :n DELETE #b :s',
  'SET #a.#b = :v, #c = :w',
  'SET #a[0] = :v REMOVE #b.#c',
  'SET #a = list_append(:l, #b) ADD #c :s',
];

describe('kept condition syntax', () => {
  for (const kind of ['ConditionExpression', 'FilterExpression', 'KeyConditionExpression'] satisfies Kind[]) {
    it(`answers every name and value map as a fresh parse does (${kind})`, () => {
      for (const text of CONDITIONS) {
        // A valid request keeps the text first (at any kind: they share it), then every map is tried twice.
        keepFirstValid(text, (t, scope) => parseCondition(t, scope, 'FilterExpression'));
        assert.ok(isConditionKept(text), text);
        for (let round = 0; round < 2; round++) {
          for (const names of NAMES) {
            for (const values of VALUES) {
              const kept = answer((scope) => parseCondition(text, scope, kind), names, values);
              const parsed = answer((scope) => parseCondition(unkept(text), scope, kind), names, values);
              assert.deepEqual(kept, parsed, `${text} with ${JSON.stringify({ names, values })}`);
            }
          }
        }
      }
    });
  }

  it('gives a later request its own error: undefined names and values, types, bounds, operands no longer distinct', () => {
    const messages: [Names, Values, string][] = [
      [{ '#a': 'x', '#b': 'y', '#c': 'z' }, { ':v': { S: 'a' } }, 'An expression attribute value used in expression is not defined; attribute value: :n'],
      [{ '#a': 'x', '#c': 'z' }, { ':v': { S: 'a' }, ':n': { N: '1' } }, 'An expression attribute name used in the document path is not defined; attribute name: #b'],
      [{ '#a': 'x', '#b': 'y', '#c': 'z' }, { ':v': { N: '1' }, ':n': { L: [] } }, 'Incorrect operand type for operator or function; operator or function: >, operand type: L'],
      [{ '#a': 'x', '#b': 'x', '#c': 'z' }, { ':v': { S: 'a' }, ':n': { N: '1' } }, 'The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [x]'],
    ];
    const text = 'contains(#a, #b) AND size(#c) > :n AND #a <> :v';
    parseCondition(text, new ExpressionScope({ '#a': 'x', '#b': 'y', '#c': 'z' }, { ':v': { S: 'a' }, ':n': { N: '1' } }));
    assert.ok(isConditionKept(text));
    for (const [names, values, message] of messages) {
      assert.throws(() => parseCondition(text, new ExpressionScope(names, values), 'FilterExpression'), { message: `Invalid FilterExpression: ${message}` });
    }
    const bounds = 'a BETWEEN :lo AND :hi';
    parseCondition(bounds, new ExpressionScope(undefined, { ':lo': { N: '1' }, ':hi': { N: '2' } }));
    assert.throws(() => parseCondition(bounds, new ExpressionScope(undefined, { ':lo': { N: '3' }, ':hi': { N: '2' } })), {
      message:
        'Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:3}, upper bound operand: AttributeValue: {N:2}',
    });
  });

  it('is never changed by a request: its shared paths are frozen, and each request evaluates with its own values', () => {
    const text = 'a.b = :v AND #n = :w';
    const first = parseCondition(text, new ExpressionScope({ '#n': 'one' }, { ':v': { S: '1' }, ':w': { S: '2' } }));
    const second = parseCondition(text, new ExpressionScope({ '#n': 'two' }, { ':v': { S: '3' }, ':w': { S: '4' } }));
    assert.ok(isConditionKept(text));
    assert.ok(second.kind === 'and' && second.left.kind === 'compare' && second.left.left.kind === 'path');
    assert.ok(Object.isFrozen(second.left.left.path));
    const item = { a: { M: { b: { S: '3' } } }, one: { S: '2' }, two: { S: '4' } };
    assert.equal(evaluateCondition(first, item), false);
    assert.equal(evaluateCondition(second, item), true);
    assert.equal(evaluateCondition(parseCondition(text, new ExpressionScope({ '#n': 'one' }, { ':v': { S: '1' }, ':w': { S: '2' } })), item), false);
  });

  it('keeps only a text that passed its checks and is not too long, and no more texts than its bound', () => {
    const bad = 'a < :v';
    assert.throws(() => parseCondition(bad, new ExpressionScope(undefined, { ':v': { L: [] } })));
    assert.equal(isConditionKept(bad), false);
    assert.throws(() => parseCondition('((a = :v))', new ExpressionScope(undefined, { ':v': { N: '1' } })), /redundant parentheses/);
    assert.equal(isConditionKept('((a = :v))'), false);
    const long = `a = :v${' OR a = :v'.repeat(KEPT_CONDITION_LENGTH / 10)}`;
    assert.ok(long.length > KEPT_CONDITION_LENGTH);
    parseCondition(long, new ExpressionScope(undefined, { ':v': { N: '1' } }));
    assert.equal(isConditionKept(long), false);
    for (let i = 0; i < 300; i++) parseCondition(`a${i} = :v`, new ExpressionScope(undefined, { ':v': { N: '1' } }));
    assert.equal(keptConditions(), CONDITION_TEXTS);
  });
});

describe('kept update syntax', () => {
  it('answers every name and value map as a fresh parse does', () => {
    for (const text of UPDATES) {
      keepFirstValid(text, parseUpdate);
      assert.ok(isUpdateKept(text), text);
      for (let round = 0; round < 2; round++) {
        for (const names of NAMES) {
          for (const values of VALUES) {
            const kept = answer((scope) => parseUpdate(text, scope), names, values);
            const parsed = answer((scope) => parseUpdate(unkept(text), scope), names, values);
            assert.deepEqual(kept, parsed, `${text} with ${JSON.stringify({ names, values })}`);
          }
        }
      }
    }
  });

  it('gives a later request its own error: paths that overlap once named, operand types, undefined values', () => {
    const text = 'SET #a.#b = :v, #c = list_append(#c, :l) ADD #d :n';
    const names = { '#a': 'p', '#b': 'q', '#c': 'r', '#d': 's' };
    const good = { ':v': { S: 'x' }, ':l': { L: [] }, ':n': { N: '1' } };
    parseUpdate(text, new ExpressionScope(names, good));
    assert.ok(isUpdateKept(text));
    const refused = (n: Record<string, string>, v: Record<string, AttributeValue>, message: string) =>
      assert.throws(() => parseUpdate(text, new ExpressionScope(n, v)), { message: `Invalid UpdateExpression: ${message}` });
    refused({ ...names, '#c': 'p' }, good, 'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [p, q], path two: [p]');
    refused(names, { ...good, ':n': { S: '1' } }, 'Incorrect operand type for operator or function; operator: ADD, operand type: STRING');
    refused(names, { ...good, ':l': { S: 'x' } }, 'Incorrect operand type for operator or function; operator or function: list_append, operand type: S');
    refused(names, { ':v': { S: 'x' }, ':l': { L: [] } }, 'An expression attribute value used in expression is not defined; attribute value: :n');
    const { '#d': _, ...withoutD } = names;
    refused(withoutD, good, 'An expression attribute name used in the document path is not defined; attribute name: #d');
    const plan = parseUpdate(text, new ExpressionScope(names, good));
    assert.deepEqual(plan.actions.map((a) => a.path), [['p', 'q'], ['r'], ['s']]);
  });
});

describe('ParseCache', () => {
  it('parses a text not kept, keeps it frozen once kept, and answers the kept parse after', () => {
    const cache = new ParseCache<{ words: string[] }>(2);
    let parses = 0;
    const parse = (text: string, separator: string) => {
      parses++;
      return { words: text.split(separator) };
    };
    const first = cache.parse('a b', ' ', parse);
    assert.equal(cache.has('a b'), false);
    cache.keep('a b', first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.words));
    assert.equal(cache.parse('a b', ' ', parse), first);
    assert.equal(parses, 1);
    cache.keep('a b', { words: ['other'] });
    assert.equal(cache.get('a b'), first);
    const short = new ParseCache<{ words: string[] }>(2, 3);
    short.keep('a b c', { words: [] });
    short.keep('a b', { words: [] });
    assert.deepEqual([short.has('a b c'), short.has('a b')], [false, true]);
  });
});
