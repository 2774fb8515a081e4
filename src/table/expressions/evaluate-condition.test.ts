import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AttributeMap, AttributeValue } from '../values/attribute-value.js';
import { parseCondition } from './condition-parser.js';
import type { Condition } from './condition.js';
import { evaluateCondition } from './evaluate-condition.js';
import { ExpressionScope } from './scope.js';

const ITEM: AttributeMap = {
  n: { N: '10' },
  s: { S: 'hello' },
  b: { B: Buffer.from('abc').toString('base64') },
  ss: { SS: ['red', 'green'] },
  ns: { NS: ['1', '2.5'] },
  bs: { BS: [Buffer.from('x').toString('base64')] },
  l: { L: [{ S: 'a' }, { N: '1' }, { M: { k: { S: 'v' } } }] },
  m: { M: { nest: { M: { deep: { N: '3' } } }, arr: { L: [{ N: '7' }] } } },
  t: { BOOL: true },
  z: { NULL: true },
  u: { S: 'é𝄞' },
  blank: { S: '' },
};

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** `item` null stands for a missing item (undefined would select the default). */
function check(text: string, values: Record<string, AttributeValue> = {}, item: AttributeMap | null = ITEM): boolean {
  const scope = new ExpressionScope(undefined, Object.keys(values).length > 0 ? values : undefined);
  return evaluateCondition(parseCondition(text, scope), item ?? undefined);
}

describe('evaluateCondition: comparisons', () => {
  const cases: [string, Record<string, AttributeValue>, boolean][] = [
    ['n = :v', { ':v': { N: '10' } }, true],
    ['n = :v', { ':v': { N: '10.0' } }, true],
    ['n = :v', { ':v': { N: '1E1' } }, true],
    ['n = :v', { ':v': { S: '10' } }, false],
    ['n <> :v', { ':v': { S: '10' } }, true],
    ['n < :v', { ':v': { N: '9' } }, false],
    ['n < :v', { ':v': { N: '10.5' } }, true],
    ['n <= :v', { ':v': { N: '10' } }, true],
    ['n > :v', { ':v': { N: '-3' } }, true],
    ['n >= :v', { ':v': { N: '11' } }, false],
    ['s < :v', { ':v': { S: 'help' } }, true],
    ['s > :v', { ':v': { S: 'Hello' } }, true],
    ['b < :v', { ':v': { B: b64('abd') } }, true],
    ['b = :v', { ':v': { B: b64('abc') } }, true],
    ['n < :v', { ':v': { S: 'z' } }, false],
    ['s >= :v', { ':v': { N: '1' } }, false],
    ['ss = :v', { ':v': { SS: ['green', 'red'] } }, true],
    ['ns = :v', { ':v': { NS: ['2.50', '1'] } }, true],
    ['ss = :v', { ':v': { SS: ['red'] } }, false],
    ['l = :v', { ':v': { L: [{ S: 'a' }, { N: '1.0' }, { M: { k: { S: 'v' } } }] } }, true],
    ['l = :v', { ':v': { L: [{ N: '1' }, { S: 'a' }, { M: { k: { S: 'v' } } }] } }, false],
    ['m.nest = :v', { ':v': { M: { deep: { N: '3' } } } }, true],
    ['t = :v', { ':v': { BOOL: true } }, true],
    ['t = :v', { ':v': { BOOL: false } }, false],
    ['z = :v', { ':v': { NULL: true } }, true],
    ['m.nest.deep > :v', { ':v': { N: '2' } }, true],
    ['m.arr[0] = :v', { ':v': { N: '7' } }, true],
    ['l[2].k = :v', { ':v': { S: 'v' } }, true],
    [':v < n', { ':v': { N: '2' } }, true],
  ];
  for (const [text, values, expected] of cases) {
    it(`${text} with ${JSON.stringify(Object.values(values)[0])} is ${expected}`, () => {
      assert.equal(check(text, values), expected);
    });
  }

  it('compares two attributes of the item', () => {
    assert.equal(check('n > m.nest.deep'), true);
    assert.equal(check('s = n'), false);
  });

  it('makes every comparison with a absent attribute false, except <> which is true', () => {
    const v = { ':v': { N: '1' } };
    for (const op of ['=', '<', '<=', '>', '>=']) assert.equal(check(`absent ${op} :v`, v), false, op);
    assert.equal(check('absent <> :v', v), true);
    assert.equal(check('absent = gone'), false);
    assert.equal(check('absent <> gone'), true);
  });

  it('treats paths through the wrong type as absent', () => {
    assert.equal(check('s.x = :v', { ':v': { S: 'x' } }), false);
    assert.equal(check('l.k = :v', { ':v': { S: 'v' } }), false);
    assert.equal(check('m[0] = :v', { ':v': { S: 'v' } }), false);
    assert.equal(check('l[9] = :v', { ':v': { S: 'v' } }), false);
  });

  it('evaluates against a missing item', () => {
    assert.equal(check('attribute_not_exists(n)', {}, null), true);
    assert.equal(check('n = :v', { ':v': { N: '10' } }, null), false);
    assert.equal(check('n <> :v', { ':v': { N: '10' } }, null), true);
  });
});

describe('evaluateCondition: BETWEEN and IN', () => {
  it('includes both bounds', () => {
    assert.equal(check('n BETWEEN :a AND :b', { ':a': { N: '10' }, ':b': { N: '20' } }), true);
    assert.equal(check('n BETWEEN :a AND :b', { ':a': { N: '1' }, ':b': { N: '10' } }), true);
    assert.equal(check('n BETWEEN :a AND :b', { ':a': { N: '11' }, ':b': { N: '20' } }), false);
  });

  it('is false for gone types or a absent attribute', () => {
    assert.equal(check('s BETWEEN :a AND :b', { ':a': { N: '1' }, ':b': { N: '20' } }), false);
    assert.equal(check('absent BETWEEN :a AND :b', { ':a': { N: '1' }, ':b': { N: '20' } }), false);
  });

  it('refuses bounds read from the item in the wrong order', () => {
    const item = { x: { N: '3' }, lo: { N: '5' }, hi: { N: '1' } };
    assert.throws(() => check('x BETWEEN lo AND hi', {}, item), {
      message:
        'Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}',
    });
  });

  it('names FilterExpression when the condition came from a filter', () => {
    const item = { x: { N: '3' }, lo: { N: '5' }, hi: { N: '1' } };
    const filter = parseCondition('x BETWEEN lo AND hi', new ExpressionScope(), 'FilterExpression');
    assert.throws(() => evaluateCondition(filter, item), { message: /^Invalid FilterExpression: The BETWEEN operator/ });
  });

  it('matches IN by value equality', () => {
    const values = { ':a': { S: '10' }, ':b': { N: '10.00' } };
    assert.equal(check('n IN (:a, :b)', values), true);
    assert.equal(check('n IN (:a)', { ':a': { S: '10' } }), false);
    assert.equal(check('absent IN (:a)', { ':a': { S: '10' } }), false);
    assert.equal(check('ss IN (:a)', { ':a': { SS: ['green', 'red'] } }), true);
  });
});

describe('evaluateCondition: functions', () => {
  it('attribute_exists / attribute_not_exists, nested too', () => {
    assert.equal(check('attribute_exists(n)'), true);
    assert.equal(check('attribute_exists(absent)'), false);
    assert.equal(check('attribute_exists(m.nest.deep)'), true);
    assert.equal(check('attribute_exists(l[3])'), false);
    assert.equal(check('attribute_not_exists(m.nope)'), true);
    assert.equal(check('attribute_exists(z)'), true);
  });

  it('attribute_type for every type', () => {
    const expected: Record<string, string> = { n: 'N', s: 'S', b: 'B', ss: 'SS', ns: 'NS', bs: 'BS', l: 'L', m: 'M', t: 'BOOL', z: 'NULL' };
    for (const [name, type] of Object.entries(expected)) {
      assert.equal(check(`attribute_type(${name}, :t)`, { ':t': { S: type } }), true, name);
      assert.equal(check(`attribute_type(${name}, :t)`, { ':t': { S: type === 'S' ? 'N' : 'S' } }), false, name);
    }
    assert.equal(check('attribute_type(absent, :t)', { ':t': { S: 'S' } }), false);
  });

  it('begins_with on strings and binaries only', () => {
    assert.equal(check('begins_with(s, :p)', { ':p': { S: 'hel' } }), true);
    assert.equal(check('begins_with(s, :p)', { ':p': { S: 'Hel' } }), false);
    assert.equal(check('begins_with(s, :p)', { ':p': { S: '' } }), true);
    assert.equal(check('begins_with(b, :p)', { ':p': { B: b64('ab') } }), true);
    assert.equal(check('begins_with(b, :p)', { ':p': { B: b64('abcd') } }), false);
    assert.equal(check('begins_with(s, :p)', { ':p': { B: b64('hel') } }), false);
    assert.equal(check('begins_with(ss, :p)', { ':p': { S: 'red' } }), false);
    assert.equal(check('begins_with(absent, :p)', { ':p': { S: 'a' } }), false);
  });

  it('contains on strings, binaries, sets and lists', () => {
    assert.equal(check('contains(s, :v)', { ':v': { S: 'ell' } }), true);
    assert.equal(check('contains(s, :v)', { ':v': { S: 'xyz' } }), false);
    assert.equal(check('contains(b, :v)', { ':v': { B: b64('bc') } }), true);
    assert.equal(check('contains(ss, :v)', { ':v': { S: 'red' } }), true);
    assert.equal(check('contains(ss, :v)', { ':v': { S: 're' } }), false);
    assert.equal(check('contains(ns, :v)', { ':v': { N: '2.50' } }), true);
    assert.equal(check('contains(ns, :v)', { ':v': { S: '1' } }), false);
    assert.equal(check('contains(bs, :v)', { ':v': { B: b64('x') } }), true);
    assert.equal(check('contains(l, :v)', { ':v': { N: '1.0' } }), true);
    assert.equal(check('contains(l, :v)', { ':v': { M: { k: { S: 'v' } } } }), true);
    assert.equal(check('contains(l, :v)', { ':v': { S: 'b' } }), false);
    assert.equal(check('contains(n, :v)', { ':v': { N: '1' } }), false);
    assert.equal(check('contains(m, :v)', { ':v': { S: 'nest' } }), false);
    assert.equal(check('contains(absent, :v)', { ':v': { S: 'a' } }), false);
  });

  it('contains with an attribute as the searched value', () => {
    assert.equal(check('contains(ss, m.arr[0])'), false);
    assert.equal(check('contains(l, l[0])'), true);
  });

  it('size() of strings in UTF-16 code units, binaries in bytes, collections in elements', () => {
    const sizes: [string, string][] = [['s', '5'], ['u', '3'], ['blank', '0'], ['b', '3'], ['ss', '2'], ['ns', '2'], ['bs', '1'], ['l', '3'], ['m', '2']];
    for (const [name, size] of sizes) assert.equal(check(`size(${name}) = :v`, { ':v': { N: size } }), true, name);
  });

  it('size() of numbers, booleans, nulls and absent attributes compares false', () => {
    for (const name of ['n', 't', 'z', 'absent']) {
      assert.equal(check(`size(${name}) >= :v`, { ':v': { N: '0' } }), false, name);
    }
    assert.equal(check('size(absent) <> :v', { ':v': { N: '0' } }), true);
  });

  it('size() of a literal', () => {
    assert.equal(check('size(:s) = :v', { ':s': { S: 'abcd' }, ':v': { N: '4' } }), true);
  });
});

describe('evaluateCondition: logic', () => {
  it('truth tables of AND, OR, NOT', () => {
    const t = 'attribute_exists(n)';
    const f = 'attribute_exists(absent)';
    assert.equal(check(`${t} AND ${t}`), true);
    assert.equal(check(`${t} AND ${f}`), false);
    assert.equal(check(`${f} OR ${t}`), true);
    assert.equal(check(`${f} OR ${f}`), false);
    assert.equal(check(`NOT ${f}`), true);
    assert.equal(check(`NOT NOT ${f}`), false);
    assert.equal(check(`NOT ${t} OR ${t} AND ${f}`), false);
    assert.equal(check(`NOT (${t} AND ${f})`), true);
  });

  it('NOT of a comparison with a absent attribute is true', () => {
    assert.equal(check('NOT absent = :v', { ':v': { N: '1' } }), true);
  });

  it('NOT always inverts, whatever the item (property)', () => {
    const conditions: Condition[] = [
      parseCondition('n > :v', new ExpressionScope(undefined, { ':v': { N: '5' } })),
      parseCondition('begins_with(s, :v)', new ExpressionScope(undefined, { ':v': { S: 'a' } })),
      parseCondition('contains(l, :v) OR attribute_type(n, :t)', new ExpressionScope(undefined, { ':v': { N: '1' }, ':t': { S: 'S' } })),
    ];
    const value = fc.oneof(
      fc.integer().map((i): AttributeValue => ({ N: String(i) })),
      fc.string().map((s): AttributeValue => ({ S: s })),
      fc.array(fc.integer({ min: 0, max: 3 }).map((i): AttributeValue => ({ N: String(i) })), { maxLength: 3 }).map((l): AttributeValue => ({ L: l })),
    );
    fc.assert(
      fc.property(fc.record({ n: value, s: value, l: value }, { requiredKeys: [] }), (item) => {
        for (const condition of conditions) {
          assert.equal(evaluateCondition({ kind: 'not', condition }, item), !evaluateCondition(condition, item));
        }
      }),
    );
  });
});
