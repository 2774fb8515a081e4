import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keptProjections, PROJECTION_TEXTS, projectionOf } from './projection-cache.js';
import { parseProjection } from './projection.js';
import { ExpressionScope } from './scope.js';

type Names = Record<string, string> | undefined;

/** The paths, or the error's message; and the scope's unused check after. */
function outcome(parse: (scope: ExpressionScope) => unknown, names: Names): unknown {
  const scope = new ExpressionScope(names);
  let result: Record<string, unknown>;
  try {
    result = { paths: parse(scope) };
  } catch (error) {
    return { error: (error as Error).message };
  }
  try {
    scope.assertAllUsed();
    return { ...result, unused: 'none' };
  } catch (error) {
    return { ...result, unused: (error as Error).message };
  }
}

const TEXTS = ['a, b', '#n, b.c[1]', '#n.#m, #n.x', '#n, #m', '#n, name', 'a, a.b', '#n, #n', 'a.b, a[1]', '#m', 'a,', 'a\u0000{"#n":"x"}'];
const NAMES: Names[] = [undefined, { '#n': 'x' }, { '#n': 'x', '#m': 'y' }, { '#n': 'a', '#m': 'a' }, { '#m': 'z' }, { '#m': 'y', '#n': 'x' }];

describe('projectionOf', () => {
  it('answers as the uncached parse for every text and names map, cold and kept, in any order', () => {
    for (let round = 0; round < 3; round++) {
      for (const text of TEXTS) {
        for (const names of round === 1 ? [...NAMES].reverse() : NAMES) {
          assert.deepEqual(
            outcome((scope) => projectionOf(text, scope, names), names),
            outcome((scope) => parseProjection(text, scope), names),
            `${JSON.stringify(text)} ${JSON.stringify(names)}`,
          );
        }
      }
    }
  });

  it('does not answer a text with another text and names whose key would read the same', () => {
    assert.deepEqual(projectionOf('a', new ExpressionScope({ '#n': 'x' }), { '#n': 'x' }), [['a']]);
    for (let i = 0; i < 2; i++) {
      assert.throws(() => projectionOf('a\u0000{"#n":"x"}', new ExpressionScope(), undefined), { message: /^Invalid ProjectionExpression: / });
    }
  });

  it('shares frozen paths between requests', () => {
    const first = projectionOf('p, q.r', new ExpressionScope(), undefined);
    assert.equal(projectionOf('p, q.r', new ExpressionScope(), undefined), first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first[1]));
  });

  it('keeps no projection that fails', () => {
    const before = keptProjections();
    for (let i = 0; i < 3; i++) {
      assert.throws(() => projectionOf('#q', new ExpressionScope({ '#n': 'x' }), { '#n': 'x' }), {
        message: 'Invalid ProjectionExpression: An expression attribute name used in the document path is not defined; attribute name: #q',
      });
    }
    assert.equal(keptProjections(), before);
  });

  it(`keeps at most ${PROJECTION_TEXTS} projections`, () => {
    for (let i = 0; i < 2 * PROJECTION_TEXTS; i++) assert.deepEqual(projectionOf(`a${i}`, new ExpressionScope(), undefined), [[`a${i}`]]);
    assert.equal(keptProjections(), PROJECTION_TEXTS);
  });
});
