import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COMPRESS_FROM_CHARS, decodeBlock, encodeBlock } from './sqlite-stream-blocks.js';

describe('stream record blocks', () => {
  const record = (i: number, size: number) => `I-{"Keys":{"pk":{"S":"k${i}"}},"NewImage":{"text":{"S":"${'é✓𝄞'.repeat(i % 3)}${'x'.repeat(size)}"}}}`;

  it('keeps a short block as text: the records joined by newlines', () => {
    const records = [record(1, 10), record(2, 10)];
    assert.equal(encodeBlock(records), records.join('\n'));
    assert.equal(encodeBlock([record(3, 10)]), record(3, 10));
    assert.deepEqual(decodeBlock(encodeBlock(records)), records);
  });

  it('compresses a block from COMPRESS_FROM_CHARS characters on, and gives back the same records', () => {
    const records = Array.from({ length: 18 }, (_, i) => record(i, 300));
    assert.ok(records.join('\n').length >= COMPRESS_FROM_CHARS);
    const stored = encodeBlock(records);
    assert.ok(Buffer.isBuffer(stored));
    assert.ok(stored.length < records.join('\n').length / 4, `compressed to ${stored.length} bytes`);
    assert.deepEqual(decodeBlock(stored), records);
    assert.deepEqual(decodeBlock(new Uint8Array(stored)), records, 'as SQLite hands a BLOB back');
  });

  it('switches at exactly COMPRESS_FROM_CHARS characters', () => {
    const below = 'I-' + 'y'.repeat(COMPRESS_FROM_CHARS - 3);
    assert.equal(typeof encodeBlock([below]), 'string');
    assert.ok(Buffer.isBuffer(encodeBlock([below + 'y'])));
    assert.deepEqual(decodeBlock(encodeBlock([below + 'y'])), [below + 'y']);
  });
});
