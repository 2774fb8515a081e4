import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePattern } from './compile-pattern.js';
import { InvalidEventPatternError } from './invalid-event-pattern-error.js';
import { rejects } from './fixtures/pattern-assertions.js';

const leaf = (condition: unknown) => ({ f: [condition] });

describe('pattern structure', () => {
  it('must be a JSON object', () => {
    rejects('["a"]', 'Filter is not an object');
    rejects('"a"', 'Filter is not an object');
    rejects('null', 'Filter is not an object');
    rejects('3', 'Filter is not an object');
    rejects([], 'Filter is not an object');
  });
  it('rejects unparseable JSON (reason text unconfirmed)', () => {
    assert.throws(() => compilePattern('{"a": ['), InvalidEventPatternError);
    assert.throws(() => compilePattern(''), InvalidEventPatternError);
  });
  it('rejects empty objects at any level', () => {
    rejects({}, 'Empty objects are not allowed');
    rejects({ source: ['aws.health'], detail: {} }, 'Empty objects are not allowed');
    rejects({ $or: [{ a: ['1'] }, {}] }, 'Empty objects are not allowed');
  });
  it('needs an object or an array under each key', () => {
    rejects({ detail: { pipeline: { slug: 'some-pipeline' } } }, '"slug" must be an object or an array');
    rejects({ a: 1 }, '"a" must be an object or an array');
    rejects({ a: null }, '"a" must be an object or an array');
    rejects({ a: true }, '"a" must be an object or an array');
  });
  it('rejects empty arrays and nested arrays', () => {
    rejects({ a: [] }, 'Empty arrays are not allowed');
    rejects({ a: [['x']] }, 'Match value must be String, number, true, false, or null');
  });
  it('reports the first error in document order', () => {
    rejects('{"a":"x","b":[]}', '"a" must be an object or an array');
    rejects('{"b":[],"a":"x"}', 'Empty arrays are not allowed');
  });
  it('rejects non-JSON in-memory values', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    assert.throws(() => compilePattern(cyclic), InvalidEventPatternError);
    // NaN becomes null on the way through JSON, as it would in a serialised pattern
    assert.equal(compilePattern({ a: [Number.NaN] }).matches({ a: null }), true);
  });
});

describe('match expressions', () => {
  it('need exactly one known operator name', () => {
    rejects(leaf({}), 'Match expression name not found');
    rejects(leaf({ EXISTS: true }), 'Unrecognized match type EXISTS');
    rejects(leaf({ regex: 'a.*' }), 'Unrecognized match type regex');
    rejects(leaf({ prefix: 'a', suffix: 'b' }), 'Only one key allowed in match expression');
    rejects(leaf({ exists: true, prefix: 'a' }), 'Only one key allowed in match expression');
    rejects(leaf({ numeric: ['>', 1], prefix: 'a' }), 'Too many elements in numeric expression');
    rejects(leaf({ 'anything-but': 'a', prefix: 'a' }), 'Too many elements in numeric expression');
  });
  it('prefix and suffix', () => {
    rejects(leaf({ prefix: ['a'] }), 'prefix match pattern must be a string');
    rejects(leaf({ prefix: 1 }), 'prefix match pattern must be a string');
    rejects(leaf({ suffix: [':created'] }), 'suffix match pattern must be a string');
    rejects(leaf({ suffix: null }), 'suffix match pattern must be a string');
    rejects(leaf({ prefix: {} }), 'Prefix expression name not found');
    rejects(leaf({ suffix: {} }), 'Suffix expression name not found');
    rejects(leaf({ prefix: { wildcard: 'a' } }), 'Unsupported prefix pattern: wildcard');
    rejects(leaf({ suffix: { exists: true } }), 'Unsupported suffix pattern: exists');
    rejects(leaf({ prefix: { 'equals-ignore-case': 1 } }), 'equals-ignore-case match pattern must be a string');
    rejects(leaf({ prefix: { 'equals-ignore-case': 'a', x: 1 } }), 'Only one key allowed in match expression');
  });
  it('equals-ignore-case', () => {
    rejects(leaf({ 'equals-ignore-case': ['a'] }), 'equals-ignore-case match pattern must be a string');
    rejects(leaf({ 'equals-ignore-case': { a: 1 } }), 'equals-ignore-case match pattern must be a string');
    rejects(leaf({ 'equals-ignore-case': 5 }), 'equals-ignore-case match pattern must be a string');
  });
  it('wildcard', () => {
    rejects(leaf({ wildcard: ['a*'] }), 'wildcard match pattern must be a string');
    rejects(leaf({ wildcard: 1 }), 'wildcard match pattern must be a string');
    rejects(leaf({ wildcard: 'a**' }), 'Consecutive wildcard characters at pos 2');
    rejects(leaf({ wildcard: '**' }), 'Consecutive wildcard characters at pos 1');
    rejects(leaf({ wildcard: 'é**' }), 'Consecutive wildcard characters at pos 3');
    rejects(leaf({ wildcard: 'a\\b' }), 'Invalid escape character at pos 2');
    rejects(leaf({ wildcard: 'ab\\' }), 'Invalid escape character at pos 3');
    assert.doesNotThrow(() => compilePattern(leaf({ wildcard: '\\**' })));
  });
  it('exists', () => {
    rejects(leaf({ exists: 'true' }), 'exists match pattern must be either true or false.');
    rejects(leaf({ exists: null }), 'exists match pattern must be either true or false.');
  });
  it('exactly (event-ruler)', () => {
    rejects(leaf({ exactly: 1 }), 'exact match pattern must be a string');
  });
});

describe('anything-but', () => {
  it('value shape', () => {
    rejects(leaf({ 'anything-but': null }), 'Value of anything-but must be an array or single string/number value.');
    rejects(leaf({ 'anything-but': true }), 'Value of anything-but must be an array or single string/number value.');
    rejects(leaf({ 'anything-but': { prefix: { 'equals-ignore-case': 'x' } } }), 'Value of anything-but must be an array or single string/number value.');
    rejects(leaf({ 'anything-but': { suffix: null } }), 'Value of anything-but must be an array or single string/number value.');
  });
  it('lists', () => {
    rejects(leaf({ 'anything-but': ['a', null] }), 'Inside anything but list, start|null|boolean is not supported.');
    rejects(leaf({ 'anything-but': [true] }), 'Inside anything but list, start|null|boolean is not supported.');
    rejects(leaf({ 'anything-but': [['a']] }), 'Inside anything but list, start|null|boolean is not supported.');
    rejects(leaf({ 'anything-but': ['a', 1] }), 'Inside anything but list, either all values are number or string, mixed type is not supported');
    rejects(leaf({ 'anything-but': [] }), 'Inside anything but list, either all values are number or string, mixed type is not supported');
  });
  it('modifiers', () => {
    rejects(leaf({ 'anything-but': {} }), 'Anything-But expression name not found');
    rejects(leaf({ 'anything-but': { numeric: ['>', 1] } }), 'Unsupported anything-but pattern: numeric');
    rejects(leaf({ 'anything-but': { prefix: '' } }), 'Null prefix/suffix not allowed');
    rejects(leaf({ 'anything-but': { suffix: ['.a', ''] } }), 'Null prefix/suffix not allowed');
    rejects(leaf({ 'anything-but': { prefix: 1 } }), 'prefix/suffix match pattern must be a string');
    rejects(leaf({ 'anything-but': { suffix: ['a', 2] } }), 'prefix/suffix match pattern must be a string');
    rejects(leaf({ 'anything-but': { 'equals-ignore-case': 1 } }), 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
    rejects(leaf({ 'anything-but': { 'equals-ignore-case': ['a', 1] } }), 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
    rejects(leaf({ 'anything-but': { wildcard: 1 } }), 'wildcard match pattern must be a string');
    rejects(leaf({ 'anything-but': { wildcard: ['a', 'b**'] } }), 'Consecutive wildcard characters at pos 2');
    rejects(leaf({ 'anything-but': { prefix: 'a', suffix: 'b' } }), 'Too many elements in numeric expression');
  });
});

describe('numeric', () => {
  it('needs an array', () => {
    rejects(leaf({ numeric: '>' }), 'Value of numeric must be an array.');
    rejects(leaf({ numeric: 5 }), 'Value of numeric must be an array.');
  });
  it('operators and operands', () => {
    rejects(leaf({ numeric: [] }), 'Invalid member in numeric match: ]');
    rejects(leaf({ numeric: [5] }), 'Invalid member in numeric match: 5');
    rejects(leaf({ numeric: ['!=', 5] }), 'Unrecognized numeric range operator: !=');
    rejects(leaf({ numeric: ['=', '5'] }), 'Value of equals must be numeric');
    rejects(leaf({ numeric: ['=', 5, '<', 6] }), 'Too many elements in numeric expression');
    rejects(leaf({ numeric: ['<'] }), 'Value of < must be numeric');
    rejects(leaf({ numeric: ['<=', null] }), 'Value of <= must be numeric');
    rejects(leaf({ numeric: ['<', 5, '>', 1] }), 'Too many elements in numeric expression');
    rejects(leaf({ numeric: ['>', '0'] }), 'Value of > must be numeric');
    rejects(leaf({ numeric: ['>=', true] }), 'Value of >= must be numeric');
  });
  it('ranges', () => {
    rejects(leaf({ numeric: ['>', 0, '>', 0] }), 'Bad numeric range operator: >');
    rejects(leaf({ numeric: ['>', 0, '=', 5] }), 'Bad numeric range operator: =');
    rejects(leaf({ numeric: ['>', 0, 5] }), 'Bad value in numeric range: 5');
    rejects(leaf({ numeric: ['>', 0, '<'] }), 'Value of < must be numeric');
    rejects(leaf({ numeric: ['>=', 0, '<=', '5'] }), 'Value of <= must be numeric');
    rejects(leaf({ numeric: ['>', 0, '<', 5, 6] }), 'Too many terms in numeric range expression');
    rejects(leaf({ numeric: ['>', 5, '<', 1] }), 'Bottom must be less than top');
  });
});

describe('cidr', () => {
  it('validates the block', () => {
    rejects(leaf({ cidr: 10 }), 'prefix match pattern must be a string');
    rejects(leaf({ cidr: '10.0.0.0' }), "Malformed CIDR, one '/' required");
    rejects(leaf({ cidr: '10.0.0.0/' }), "Malformed CIDR, one '/' required");
    rejects(leaf({ cidr: '10.0.0.0/8/8' }), "Malformed CIDR, one '/' required");
    rejects(leaf({ cidr: '10.0.0.0/x' }), 'Malformed CIDR, mask bits must be an integer');
    rejects(leaf({ cidr: '10.0.0.0/-1' }), 'Malformed CIDR, mask bits must not be negative');
    rejects(leaf({ cidr: '10.0.0.256/24' }), 'Nonstandard IP address: 10.0.0.256');
    rejects(leaf({ cidr: 'host.example/24' }), 'Nonstandard IP address: host.example');
    rejects(leaf({ cidr: '10.0.0.0/32' }), 'IPv4 mask bits must be < 32');
    rejects(leaf({ cidr: '::/128' }), 'IPv6 mask bits must be < 128');
  });
});

describe('$or', () => {
  it('shape', () => {
    rejects({ $or: { a: ['1'] } }, 'It must be an Array followed with $or.');
    rejects({ $or: [{ a: ['1'] }, ['b']] }, 'Only JSON object is allowed in array of $or relationship.');
    rejects({ $or: [{ a: ['1'] }] }, 'There must have at least 2 Objects in $or relationship.');
    rejects({ $or: [] }, 'There must have at least 2 Objects in $or relationship.');
  });
  it('reserved field names inside branches', () => {
    rejects({ $or: [{ prefix: ['a'] }, { b: ['c'] }] }, 'prefix is Ruler reserved fieldName which cannot be used inside $or.');
    rejects({ $or: [{ a: { numeric: ['x'] } }, { b: ['c'] }] }, 'numeric is Ruler reserved fieldName which cannot be used inside $or.');
    assert.doesNotThrow(() => compilePattern({ prefix: ['a'] }));
  });
  it('limits the unfolded combinations to 1000 (message unconfirmed)', () => {
    const ten = (name: string) => ({ $or: Array.from({ length: 10 }, (_, i) => ({ [`${name}${i}`]: ['x'] })) });
    assert.doesNotThrow(() => compilePattern({ a: ten('a'), b: ten('b'), c: ten('c') }));
    rejects({ a: ten('a'), b: ten('b'), c: ten('c'), d: { $or: [{ x: ['1'] }, { y: ['2'] }] } },
      'The event pattern unfolds to more than 1000 $or combinations');
  });
});
