import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkFilterPolicy, compileFilterPolicy, matchesFilterPolicy } from './index.js';
import type { FilterPolicyScope } from './index.js';

const scope = fc.constantFrom<FilterPolicyScope>('MessageAttributes', 'MessageBody');
const key = fc.constantFrom('a', 'b', 'a.b', '$or', 'numeric', 'prefix');
const operator = fc.oneof(
  fc.record({ prefix: fc.oneof(fc.string({ maxLength: 3 }), fc.integer()) }),
  fc.record({ 'anything-but': fc.oneof(fc.string({ maxLength: 3 }), fc.array(fc.integer(), { maxLength: 2 }), fc.record({ prefix: fc.string() })) }),
  fc.record({ numeric: fc.array(fc.oneof(fc.constantFrom('=', '<', '<=', '>', '>='), fc.integer({ min: -5, max: 5 })), { maxLength: 5 }) }),
  fc.record({ exists: fc.oneof(fc.boolean(), fc.constant(null)) }),
  fc.record({ cidr: fc.constantFrom('10.0.0.0/8', '10.0.0.0', '::1/64', 'x/y') }),
);
const leaf = fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null), fc.boolean(), operator), { maxLength: 3 });
const policy = fc.letrec((tie) => ({
  node: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, leaf, tie('node'), fc.array(tie('node'), { maxLength: 3 }), fc.string({ maxLength: 2 })), { maxKeys: 3 }),
})).node;
const attribute = fc.oneof(
  fc.record({ DataType: fc.constantFrom('String', 'Number', 'String.Array', 'Binary', 'Number.x'), StringValue: fc.oneof(fc.string({ maxLength: 4 }), fc.constant('[1,"a",null]'), fc.constant('12.5')) }),
);

describe('filter policy properties', () => {
  it('never throws on any text, and what it accepts compiles and matches without throwing', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(policy.map((p) => JSON.stringify(p)), fc.string({ maxLength: 30 })), scope, fc.dictionary(key, attribute, { maxKeys: 3 }), fc.json(), (text, where, attributes, body) => {
        const check = checkFilterPolicy(text, where);
        if (!check.ok) {
          assert.ok(check.message.length > 0);
          assert.throws(() => compileFilterPolicy(text, where));
          return;
        }
        accepted++;
        const matcher = compileFilterPolicy(text, where);
        assert.equal(typeof matchesFilterPolicy(matcher, { attributes, body }), 'boolean');
      }),
      { numRuns: 2000 },
    );
    assert.ok(accepted > 100, `only ${accepted} generated policies were valid`);
  });
});
