import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttributeValue } from '../values/attribute-value.js';
import { isKeyConditionKept, KEY_CONDITION_TEXTS, keptKeyConditions, keyConditionTermsOf } from './key-condition-cache.js';
import { keyConditionTerms, parseKeyCondition } from './key-condition.js';
import { ExpressionScope } from './scope.js';

type Names = Record<string, string> | undefined;
type Values = Record<string, AttributeValue> | undefined;

/** The outcome of a parse, comparable: the terms, or the error's code and message; and the scope's unused check after. */
function outcome(parse: (scope: ExpressionScope) => unknown, names: Names, values: Values): unknown {
  const scope = new ExpressionScope(names, values);
  let result: Record<string, unknown>;
  try {
    result = { terms: parse(scope) };
  } catch (error) {
    return { error: (error as Error).message, code: (error as { code?: string }).code };
  }
  try {
    scope.assertAllUsed();
    return { ...result, unused: 'none' };
  } catch (error) {
    return { ...result, unused: (error as Error).message };
  }
}

const cached = (text: string, names: Names, values: Values) => outcome((scope) => keyConditionTermsOf(text, scope), names, values);
const uncached = (text: string, names: Names, values: Values) => outcome((scope) => keyConditionTerms(parseKeyCondition(text, scope)), names, values);

const s = (S: string): AttributeValue => ({ S });
const n = (N: string): AttributeValue => ({ N });

const TEXTS = [
  'pk = :p',
  'pk = :p AND sk > :s',
  ':s <= sk AND pk = :p',
  '#k = :p AND #s BETWEEN :a AND :b',
  '#k = :p AND begins_with(#s, :a)',
  '(#k = :p) AND (#s < :b)',
  '#k = :p AND #s = :a',
  'pk = :p AND sk <> :s',
  'pk = :p OR sk = :s',
  'pk = :p AND size(sk) > :s',
  'pk = :p AND pk = :s',
  'pk = :p AND sk.x = :s',
  'pk = :p AND sk = sk',
  'pk = :p AND contains(sk, :s)',
  'pk = :p AND sk IN (:s)',
  'pk = :p AND ((sk > :s))',
  'pk = :p AND name = :s',
  '#k = :p AND #s = :p',
  'pk = :p AND sk BETWEEN :b AND :a',
  'pk = :p AND',
];

const NAMES: Names[] = [undefined, { '#k': 'pk', '#s': 'sk' }, { '#k': 'pk', '#s': 'pk' }, { '#k': 'other', '#s': 'sk' }, { '#k': 'pk' }, { '#k': 'pk', '#s': 'sk', '#x': 'x' }];
const VALUES: Values[] = [
  { ':p': s('a'), ':s': s('b'), ':a': s('c'), ':b': s('d') },
  { ':p': s('a'), ':s': n('1'), ':a': n('2'), ':b': n('1') },
  { ':p': s('a'), ':s': { L: [] }, ':a': { BOOL: true }, ':b': s('z') },
  { ':p': s('a'), ':s': { B: 'AQ==' }, ':a': { B: 'AQ==' }, ':b': { B: 'Ag==' } },
  { ':p': s('a'), ':s': s('b') },
  { ':p': s('a'), ':a': s('z'), ':b': s('a') },
  { ':p': s('a'), ':s': s('b'), ':a': n('1'), ':b': s('a') },
  { ':p': { NULL: true }, ':s': s('b'), ':a': s('c'), ':b': s('d'), ':u': s('unused') },
];

describe('keyConditionTermsOf', () => {
  it('answers as the uncached parse for every text, names and values, cold and kept, in any order', () => {
    for (let round = 0; round < 3; round++) {
      for (const text of TEXTS) {
        // Another order of the scopes each round, so a text is kept from one and reused with the others.
        const names = round === 1 ? [...NAMES].reverse() : NAMES;
        for (const nameMap of names) {
          for (const values of round === 2 ? [...VALUES].reverse() : VALUES) {
            assert.deepEqual(cached(text, nameMap, values), uncached(text, nameMap, values), `${text} ${JSON.stringify(nameMap)} ${JSON.stringify(values)}`);
          }
        }
      }
    }
  });

  it('resolves the same text through each request names: another attribute, or two names for one', () => {
    const text = '#a = :x AND #b > :y';
    const values = { ':x': s('1'), ':y': s('2') };
    const first = keyConditionTermsOf(text, new ExpressionScope({ '#a': 'pk', '#b': 'sk' }, values));
    assert.deepEqual(first.map((term) => term.name), ['pk', 'sk']);
    const second = keyConditionTermsOf(text, new ExpressionScope({ '#a': 'gpk', '#b': 'gsk' }, values));
    assert.deepEqual(second.map((term) => term.name), ['gpk', 'gsk']);
    for (let i = 0; i < 2; i++) {
      assert.throws(() => keyConditionTermsOf(text, new ExpressionScope({ '#a': 'pk', '#b': 'pk' }, values)), {
        message: 'KeyConditionExpressions must only contain one condition per key',
      });
      assert.throws(() => keyConditionTermsOf(text, new ExpressionScope({ '#a': 'pk' }, values)), {
        message: 'Invalid KeyConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #b',
      });
    }
    assert.deepEqual(keyConditionTermsOf(text, new ExpressionScope({ '#a': 'x', '#b': 'y' }, values)).map((term) => term.name), ['x', 'y']);
  });

  it('refuses a kept text with values its operators do not take, with the same error every time, and takes good ones again', () => {
    const text = 'pk = :p AND sk BETWEEN :a AND :b';
    const good = { ':p': s('p'), ':a': s('a'), ':b': s('b') };
    assert.equal(keyConditionTermsOf(text, new ExpressionScope(undefined, good)).length, 2);
    const reversed = { ':p': s('p'), ':a': s('b'), ':b': s('a') };
    const mixed = { ':p': s('p'), ':a': s('a'), ':b': n('1') };
    for (let i = 0; i < 2; i++) {
      assert.throws(() => keyConditionTermsOf(text, new ExpressionScope(undefined, reversed)), {
        message:
          'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}',
      });
      assert.throws(() => keyConditionTermsOf(text, new ExpressionScope(undefined, mixed)), { message: /requires same data type for lower and upper bounds/ });
      assert.throws(() => keyConditionTermsOf(text, new ExpressionScope(undefined, { ':p': s('p'), ':a': s('a') })), {
        message: 'Invalid KeyConditionExpression: An expression attribute value used in expression is not defined; attribute value: :b',
      });
    }
    assert.deepEqual(keyConditionTermsOf(text, new ExpressionScope(undefined, good))[1]!.values, [s('a'), s('b')]);
  });

  it('keeps no text that fails, which fails the same way every time', () => {
    const before = keptKeyConditions();
    for (let i = 0; i < 3; i++) {
      assert.throws(() => keyConditionTermsOf('pk = :p OR sk = :s', new ExpressionScope(undefined, { ':p': s('a'), ':s': s('b') })), {
        message: 'Invalid operator used in KeyConditionExpression: OR',
      });
      assert.throws(() => keyConditionTermsOf('pk = :p AND', new ExpressionScope(undefined, { ':p': s('a') })), { message: /^Invalid KeyConditionExpression: Syntax error/ });
    }
    assert.equal(keptKeyConditions(), before);
  });

  it(`keeps at most ${KEY_CONDITION_TEXTS} texts, dropping one not used again before one in use`, () => {
    const other = (i: number) => {
      const terms = keyConditionTermsOf(`pk = :p AND sk > :o${i}`, new ExpressionScope(undefined, { ':p': s('a'), [`:o${i}`]: s('b') }));
      assert.equal(terms.length, 2);
    };
    // Fill the cache with others first, so the text in use is then the oldest but for them.
    for (let i = 0; i < 2 * KEY_CONDITION_TEXTS; i++) other(i);
    assert.equal(keptKeyConditions(), KEY_CONDITION_TEXTS);
    const used = 'pk = :p AND sk >= :u';
    const useIt = () => keyConditionTermsOf(used, new ExpressionScope(undefined, { ':p': s('a'), ':u': s('b') }));
    useIt(); // kept, as the newest
    for (let i = 0; i < KEY_CONDITION_TEXTS - 1; i++) other(1000 + i); // now the oldest
    useIt(); // used since kept
    other(5000);
    assert.equal(keptKeyConditions(), KEY_CONDITION_TEXTS);
    assert.ok(isKeyConditionKept(used), 'the text in use is still kept');
    assert.ok(!isKeyConditionKept('pk = :p AND sk > :o1000'), 'the oldest text not used again was dropped');
    assert.ok(isKeyConditionKept('pk = :p AND sk > :o5000'), 'the newest text is kept');
  });
});
