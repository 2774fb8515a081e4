import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AUTH_HEADER_PATTERN, HEADER_VALUE_PATTERN, isAuthHeaderText, isHeaderValue } from './spaced-text.js';

/** Short strings over the characters that matter (blanks, text, control characters, ':', DEL, non-ASCII): the regex stays fast on them. */
const texts = fc.array(fc.constantFrom(' ', '\t', 'a', 'Z', '~', ':', '\x00', '\x1F', '\x7F', '\n', 'é', '€', '\x20'), { maxLength: 12 }).map((chars) => chars.join(''));

describe('spaced-text: linear deciders for the blank-separated model patterns', () => {
  for (const [name, pattern, decide] of [
    ['HeaderValue', HEADER_VALUE_PATTERN, isHeaderValue],
    ['AuthHeaderParameters', AUTH_HEADER_PATTERN, isAuthHeaderText],
  ] as const) {
    it(`${name}: accepts exactly what the pattern does`, () => {
      const regex = new RegExp(`^(?:${pattern})$`, 's');
      fc.assert(fc.property(texts, (text) => assert.equal(decide(text), regex.test(text), JSON.stringify(text))), { numRuns: 5000 });
      for (const text of ['', ' ', '\t', ' \t ', 'a', ' a ', '\ta\t', 'a\t\tb', 'a:b', 'a\nb']) assert.equal(decide(text), regex.test(text), JSON.stringify(text));
    });

    it(`${name}: decides a long string at once`, () => {
      const started = performance.now();
      assert.equal(decide(`${'a '.repeat(100_000)}\x01`), false);
      assert.ok(performance.now() - started < 1_000);
    });
  }
});
