import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenize } from './tokenizer.js';
import { isReservedWord, RESERVED_WORD_COUNT } from './reserved-words.js';

const shape = (text: string) => tokenize(text).map((t) => `${t.type}:${t.text}`);

describe('tokenize', () => {
  it('splits names, placeholders, numbers and punctuation, ending with eof', () => {
    assert.deepEqual(shape('a.b[12] <> #n AND :v'), [
      'name:a', 'punct:.', 'name:b', 'punct:[', 'number:12', 'punct:]', 'punct:<>', 'nameRef:#n', 'name:AND', 'valueRef::v', 'eof:',
    ]);
  });

  it('reads two-character comparators before one-character ones', () => {
    assert.deepEqual(shape('<=>=<>=<>'), ['punct:<=', 'punct:>=', 'punct:<>', 'punct:=', 'punct:<>', 'eof:']);
    assert.deepEqual(shape('a<b>c'), ['name:a', 'punct:<', 'name:b', 'punct:>', 'name:c', 'eof:']);
  });

  it('does not start a name with an underscore or a digit', () => {
    assert.deepEqual(shape('_a1 1a'), ['other:_', 'name:a1', 'number:1', 'name:a', 'eof:']);
  });

  it('lets placeholders start with digits or underscores', () => {
    assert.deepEqual(shape('#1_a :_'), ['nameRef:#1_a', 'valueRef::_', 'eof:']);
  });

  it('makes a lone # or : a one-character token', () => {
    assert.deepEqual(shape('# :'), ['other:#', 'other::', 'eof:']);
  });

  it('keeps offsets into the original text and skips all whitespace kinds', () => {
    const tokens = tokenize(' a\t=\n:v\r');
    assert.deepEqual(tokens.map((t) => [t.start, t.end]), [[1, 2], [3, 4], [5, 7], [8, 8]]);
  });

  it('keeps a surrogate pair together as one token', () => {
    assert.deepEqual(shape('a𝄞'), ['name:a', 'other:𝄞', 'eof:']);
  });
});

describe('reserved words', () => {
  it('holds the 573 words of the DynamoDB developer guide', () => {
    assert.equal(RESERVED_WORD_COUNT, 573);
  });

  it('matches case-insensitively', () => {
    assert.equal(isReservedWord('status'), true);
    assert.equal(isReservedWord('StAtUs'), true);
    assert.equal(isReservedWord('ZONE'), true);
    assert.equal(isReservedWord('ABORT'), true);
  });

  it('does not reserve ordinary names', () => {
    assert.equal(isReservedWord('statuses'), false);
    assert.equal(isReservedWord('userId'), false);
    assert.equal(isReservedWord('begins_with'), false);
  });
});
