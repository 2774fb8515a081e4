import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { minifyJson, readDetail } from './detail-text.js';

describe('readDetail', () => {
  it('keeps a minified detail as written, every token included', () => {
    const text = '{"b":1.0,"1":"x","big":12345678901234567890,"e":1E2,"s":"a b\\n\\u0041"}';
    assert.equal(readDetail(text)?.json, text);
    assert.deepEqual(readDetail(text)?.detail, { b: 1, 1: 'x', big: 12345678901234567890, e: 100, s: 'a b\nA' });
  });

  it('removes the whitespace between tokens and nowhere else', () => {
    assert.equal(readDetail('{ "a b" : [ 1 ,\t2.50 ],\r\n "c": " x\\" y " }')?.json, '{"a b":[1,2.50],"c":" x\\" y "}');
  });

  it('escapes a lone surrogate and keeps a pair', () => {
    assert.equal(readDetail('{"a":"\ud83d\ude00","b":"x\udc00y"}')?.json, '{"a":"\ud83d\ude00","b":"x\\udc00y"}');
    assert.equal(readDetail('{"a":"\ud800"}')?.json, '{"a":"\\ud800"}');
  });

  it('refuses what is not a JSON object', () => {
    for (const text of ['', '[]', '"{}"', '1', '{"a":}', '{"a":1} x']) assert.equal(readDetail(text), undefined, text);
  });

  it('gives the same text as a parse and re-serialisation for values JSON.stringify writes, spaced any way', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.integer({ min: 0, max: 4 }), (value, indent) => {
        const minified = JSON.stringify(value);
        assert.equal(minifyJson(JSON.stringify(value, null, indent)), minified);
        assert.equal(readDetail(JSON.stringify(value, null, indent))?.json, minified);
      }),
    );
  });

  it('writes any string raw in a detail as JSON.stringify writes it, lone surrogates escaped', () => {
    const raw = fc.string({ unit: 'binary' }).filter((s) => !/["\\\u0000-\u001f]/.test(s));
    fc.assert(fc.property(raw, (s) => assert.equal(readDetail(`{"k":"${s}"}`)?.json, JSON.stringify({ k: s }))));
  });
});
