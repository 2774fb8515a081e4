import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compilePattern } from './compile-pattern.js';
import { choices, chooser, event, eventFor, scalar, sharedEvent, sharedPattern, validPattern } from './fixtures/pattern-arbitraries.js';
import { InvalidEventPatternError } from './invalid-event-pattern-error.js';
import { compileRuleSet } from './rule-set-matcher.js';
import type { PatternRule } from './rule-set-matcher.js';

/** What the rule set must answer: each rule's own compiled pattern, one at a time, in rule order. */
function oneByOne(rules: readonly PatternRule[]): (event: unknown) => string[] {
  const compiled = rules.map((rule) => ({ id: rule.id, pattern: compilePattern(rule.pattern) }));
  return (event) => compiled.filter((rule) => rule.pattern.matches(event)).map((rule) => rule.id);
}

function rulesOf(patterns: readonly (string | object)[]): PatternRule[] {
  return patterns.map((pattern, i) => ({ id: `r${i}`, pattern }));
}

/** Asserts that the rule set gives each event the rules `expected` names, and the one-by-one answer. */
function check(patterns: readonly (string | object)[], cases: readonly [unknown, string[]][]): void {
  const rules = rulesOf(patterns);
  const set = compileRuleSet(rules);
  const reference = oneByOne(rules);
  for (const [event, expected] of cases) {
    assert.deepEqual(reference(event), expected, `reference for ${JSON.stringify(event)}`);
    assert.deepEqual(set.matches(event), expected, `rule set for ${JSON.stringify(event)}`);
  }
}

describe('compileRuleSet: the same answer as each rule compiled alone', () => {
  it('on random patterns and events over one alphabet (every operator, $or, arrays, dotted paths)', () => {
    // Half the events are built to match one of the patterns (then blurred), so that matches are common.
    fc.assert(fc.property(fc.array(sharedPattern, { minLength: 1, maxLength: 12 }), fc.array(sharedEvent, { maxLength: 2 }), choices, (patterns, randomEvents, seeds) => {
      const choose = chooser(seeds);
      const rules = rulesOf(patterns);
      const reference = oneByOne(rules); // every shared pattern is valid
      const set = compileRuleSet(rules);
      const events = [...randomEvents, ...patterns.slice(0, 3).map((pattern) => eventFor(pattern, choose))];
      for (const candidate of events) assert.deepEqual(set.matches(candidate), reference(candidate), JSON.stringify(candidate));
    }), { numRuns: 1000 });
  });

  it('on the pattern-property generators (arbitrary strings, doubles, any JSON event)', () => {
    fc.assert(fc.property(fc.array(validPattern, { minLength: 1, maxLength: 8 }), fc.array(fc.oneof(event, scalar), { minLength: 1, maxLength: 6 }), (patterns, events) => {
      const rules = rulesOf(patterns);
      let reference: ReturnType<typeof oneByOne>;
      try {
        reference = oneByOne(rules);
      } catch {
        return;
      }
      const set = compileRuleSet(rules);
      for (const candidate of events) assert.deepEqual(set.matches(candidate), reference(candidate));
    }), { numRuns: 300 });
  });

  it('rejects a set with an invalid pattern with the error compilePattern gives, naming the rule', () => {
    fc.assert(fc.property(fc.array(sharedPattern, { maxLength: 3 }), fc.oneof(sharedPattern, validPattern, fc.jsonValue()), (valid, other) => {
      let reason: string | undefined;
      try { compilePattern(other as object); } catch (error) { reason = (error as InvalidEventPatternError).reason; }
      const rules = [...rulesOf(valid.filter((pattern) => { try { compilePattern(pattern); return true; } catch { return false; } })), { id: 'last', pattern: other as object }];
      if (reason === undefined) return void compileRuleSet(rules);
      assert.throws(() => compileRuleSet(rules), (error: unknown) => {
        assert.ok(error instanceof InvalidEventPatternError);
        assert.equal(error.reason, reason);
        assert.equal(error.message, `Event pattern is not valid. Reason: ${reason}`);
        assert.equal(error.ruleId, 'last');
        return true;
      });
    }), { numRuns: 300 });
  });
});

describe('compileRuleSet', () => {
  const order = { source: 'shop.orders', 'detail-type': 'OrderPlaced', detail: { id: 'OID#123', total: 300.0, items: [{ sku: 'A1', qty: 1 }, { sku: 'B2', qty: 2 }] } };

  it('names each matching rule once, in rule order, even when several $or branches match', () => {
    check([
      { source: ['shop.orders'] },
      { $or: [{ source: ['shop.orders'] }, { 'detail-type': ['OrderPlaced'] }, { detail: { id: [{ prefix: 'OID#' }] } }] },
      { source: ['shop.orders', 'shop.payments'], 'detail-type': ['OrderPlaced'] },
      { source: ['shop.payments'] },
    ], [[order, ['r0', 'r1', 'r2']], [{ ...order, source: 'shop.payments' }, ['r1', 'r2', 'r3']], [{}, []]]);
  });

  it('looks up key prefixes, overlapping ones and the empty prefix included', () => {
    const prefixes = ['', 'O', 'OID#', 'OID#1', 'OID#124', 'USER#'];
    check(prefixes.map((prefix) => ({ detail: { id: [{ prefix }] } })), [
      [order, ['r0', 'r1', 'r2', 'r3']],
      [{ detail: { id: 'USER#9' } }, ['r0', 'r5']],
      [{ detail: { id: 'oid#1' } }, ['r0']],
      [{ detail: { id: ['x', 'OID#2'] } }, ['r0', 'r1', 'r2']],
      [{ detail: { id: 7 } }, []],
    ]);
  });

  it('matches ignoring case, suffixes, wildcards by their literal ends, and numeric equality by value', () => {
    check([
      { detail: { id: [{ prefix: { 'equals-ignore-case': 'oid#' } }] } },
      { 'detail-type': [{ 'equals-ignore-case': 'orderplaced' }] },
      { source: [{ wildcard: 'shop.*s' }] },
      { source: [{ wildcard: '*.orders' }] },
      { detail: { total: [300] } },
      { detail: { total: [{ numeric: ['=', 300] }] } },
      { detail: { total: ['300'] } },
      { 'detail-type': [{ suffix: 'Placed' }, { suffix: 'Shipped' }] },
      { source: [{ wildcard: 'shop*shop' }] },
      { source: [{ wildcard: 's*.*s' }] },
    ], [
      [order, ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r7', 'r9']],
      [{ source: 'shop.order', detail: { id: 'Oid#1', total: '300' } }, ['r0', 'r6']],
      [{ source: 'shop', 'detail-type': 'Shipped' }, ['r7']],
      [{ source: 'shopshop' }, ['r8']],
      [{ source: 'shops' }, []],
    ]);
  });

  it('matches other spellings of an IP address given as a literal', () => {
    check([{ ip: ['10.0.0.1'] }, { ip: ['2001:db8::1'] }], [
      [{ ip: '10.0.0.01' }, ['r0']],
      [{ ip: '2001:0db8:0:0:0:0:0:1' }, ['r1']],
      [{ ip: '10.0.0.2' }, []],
    ]);
  });

  it('checks rules no value can be looked up for against every event', () => {
    check([
      { detail: { coupon: [{ exists: false }] } },
      { detail: { total: [{ numeric: ['>', 100] }] } },
      { source: [{ 'anything-but': 'shop.orders' }] },
      { detail: { id: [{ suffix: '123' }] } },
      { detail: { id: [{ exists: true }] } },
    ], [
      [order, ['r0', 'r1', 'r3', 'r4']],
      [{ source: null, detail: { coupon: { code: 'X' }, id: ['a'] } }, ['r0', 'r2', 'r4']],
      [{}, ['r0']],
    ]);
  });

  it('tests numeric ranges by their ends, and only against numbers', () => {
    const ranges = [['>', 0], ['>=', 0], ['<', 10], ['<=', 10], ['>', 0, '<', 10], ['>=', 0, '<=', 10]];
    const expectations: [unknown, string[]][] = [
      [0, ['r1', 'r2', 'r3', 'r5']],
      [10, ['r0', 'r1', 'r3', 'r5']],
      [5.5, ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']],
      [-1, ['r2', 'r3']],
      [[20, -1], ['r0', 'r1', 'r2', 'r3']],
      [null, []], ['5', []], [true, []], [{ n: 5 }, []], [[], []],
    ];
    check(ranges.map((numeric) => ({ n: [{ numeric }] })), expectations.map(([n, ids]) => [{ n }, ids]));
    check(ranges.map((numeric) => ({ source: ['s'], n: [{ numeric }] })), expectations.map(([n, ids]) => [{ source: 's', n }, ids]));
  });

  it('matches the fields of one array element together, though each value is in the index', () => {
    check([
      { detail: { items: { sku: ['A1'], qty: [2] } } },
      { detail: { items: { sku: ['B2'], qty: [2] } } },
      { detail: { items: { sku: ['A1'], qty: [{ numeric: ['>', 1] }] } } },
      { detail: { items: { qty: [{ numeric: ['>', 1] }] }, total: [{ numeric: ['<', 1000] }] } },
    ], [
      [order, ['r1', 'r3']],
      [{ detail: { items: [[{ sku: 'A1', qty: 2 }]] } }, ['r0', 'r2']],
      [{ detail: { items: { sku: 'A1', qty: 2 }, total: 1 } }, ['r0', 'r2', 'r3']],
    ]);
  });

  it('treats dotted pattern keys as nested paths, and a field that is both a leaf and an object', () => {
    check([{ 'detail.id': ['OID#123'] }, { detail: { 'items.sku': ['B2'] } }, { detail: ['x'] }], [
      [order, ['r0', 'r1']],
      [{ detail: ['x', { id: 'OID#123' }] }, ['r0', 'r2']],
      [{ 'detail.id': 'OID#123' }, []],
    ]);
  });

  it('finds the fields of an event when the rules name many fields at one level', () => {
    const patterns = Array.from({ length: 40 }, (_, i) => ({ detail: { [`f${i}`]: [i, `v${i}`] } }));
    check(patterns, [
      [{ detail: { f3: 3, f17: ['x', 'v17'], f39: { v: 39 }, other: 1 } }, ['r3', 'r17']],
      [{ detail: [{ f0: 'v0' }, { f21: 21 }] }, ['r0', 'r21']],
      [{ detail: { f5: 6 } }, []],
    ]);
  });

  it('walks an event that is an array of objects, and matches nothing in a scalar event', () => {
    check([{ source: ['shop.orders'] }, { source: [{ exists: false }] }], [
      [[{ source: 'x' }, { source: 'shop.orders' }], ['r0']],
      ['shop.orders', ['r1']],
      [null, ['r1']],
    ]);
  });

  it('compiles an empty set, which matches nothing', () => {
    const set = compileRuleSet([]);
    assert.equal(set.size, 0);
    assert.deepEqual(set.matches(order), []);
  });

  it('refuses two rules with the same id', () => {
    assert.throws(() => compileRuleSet([{ id: 'a', pattern: { a: [1] } }, { id: 'a', pattern: { b: [1] } }]), /rule id a appears twice/);
  });

  it('reads an event a few times, not once per rule: 10,000 rules on distinct sources', () => {
    const rules = Array.from({ length: 10_000 }, (_, i) => ({ id: `rule-${i}`, pattern: { source: [`service-${i}`], 'detail-type': ['Created'] } }));
    const set = compileRuleSet(rules);
    let reads = 0;
    const watched = new Proxy({ source: 'service-4242', 'detail-type': 'Created', detail: {} }, {
      get(target, key, receiver) {
        reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    assert.deepEqual(set.matches(watched), ['rule-4242']);
    assert.ok(reads <= 6, `the event was read ${reads} times`);
    assert.deepEqual(oneByOne(rules.slice(0, 100))(watched), []);
    assert.ok(reads > 100, 'reading through the proxy is counted');
  });
});
