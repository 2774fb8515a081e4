import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkJsonText } from './json-text.js';

const minified = (text: string) => {
  const check = checkJsonText(text);
  assert.ok(check.valid, `${JSON.stringify(text)} should be valid`);
  return check.minified;
};
const offsetOf = (text: string) => {
  const check = checkJsonText(text);
  assert.ok(!check.valid, `${JSON.stringify(text)} should be invalid`);
  return check.offset;
};

describe('checkJsonText', () => {
  it('minifies valid JSON, keeping every token as written', () => {
    assert.equal(minified('{ "a" : 1.0 ,\n\t"b": [ true, false, null ], "c": "x y \\u0041" }'), '{"a":1.0,"b":[true,false,null],"c":"x y \\u0041"}');
    assert.equal(minified('  "just a string"  '), '"just a string"');
    assert.equal(minified('-0.5e+10'), '-0.5e+10');
    assert.equal(minified('[ ]'), '[]');
    assert.equal(minified('{ }'), '{}');
    assert.equal(minified('[[[ {"a":{"b":[]}} ]]]'), '[[[{"a":{"b":[]}}]]]');
  });

  it('refuses what Jackson refuses by default', () => {
    for (const text of [
      '',
      '   ',
      '{',
      '{"a":}',
      '{"a":1,}',
      '[1,]',
      '[1 2]',
      "{'a':1}",
      '{a:1}',
      '{"a" 1}',
      '01',
      '1.',
      '.5',
      '+1',
      '1e',
      'NaN',
      'Infinity',
      'tru',
      'nul',
      '"unterminated',
      '"bad \\x escape"',
      '"raw\ttab"',
      '"raw\nnewline"',
      '{"a":1} {"b":2}',
      '"a" "b"',
      '// comment\n1',
      'env:dev',
      '{"a":1}}',
    ]) {
      assert.equal(checkJsonText(text).valid, false, JSON.stringify(text));
    }
  });

  it('reports where the error was found: just past the offending character or word', () => {
    assert.equal(offsetOf('env:dev'), 3);
    assert.equal(offsetOf('{"a":}'), 6);
    assert.equal(offsetOf('{"a":1'), 6);
    assert.equal(offsetOf(''), 0);
    assert.equal(offsetOf('[1,]'), 4);
    assert.equal(offsetOf('{"a":1} x'), 9);
  });

  it('agrees with JSON.parse on text made of JSON characters', () => {
    const piece = fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '"a"', '1', '-', '0', '.', 'e', 'true', 'null', ' ', '\n', '\\', 'x', '\\n', '\t');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join('')), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        assert.equal(checkJsonText(text).valid, parses, JSON.stringify(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('minifies any pretty-printed JSON value to JSON.stringify of it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assert.equal(minified(JSON.stringify(value, null, 2)), JSON.stringify(value));
      }),
    );
  });

  it('reads deeply nested text without recursion', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    assert.equal(minified(deep), deep);
  });
});
