import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodedBlocks } from './decoded-blocks.js';
import { COMPRESS_FROM_CHARS, encodeBlock } from './sqlite-stream-blocks.js';

const block = (tag: string, count = 40) => Array.from({ length: count }, (_, i) => JSON.stringify({ tag, i, pad: 'x'.repeat(COMPRESS_FROM_CHARS / 20) }));

describe('DecodedBlocks', () => {
  it('decodes a compressed block once and serves the kept records to the next reads of it', () => {
    const records = block('a');
    const stored = encodeBlock(records);
    assert.ok(typeof stored !== 'string', 'the block is compressed');
    const decoded = new DecodedBlocks();
    const first = decoded.records(1, 100, stored);
    assert.deepEqual(first, records);
    // A new read hands back another Buffer with the same bytes, as the driver does.
    assert.equal(decoded.records(1, 100, Buffer.from(stored)), first);
  });

  it('never serves a kept block for other bytes under the same key', () => {
    const decoded = new DecodedBlocks();
    decoded.records(1, 100, encodeBlock(block('a')));
    assert.deepEqual(decoded.records(1, 100, encodeBlock(block('b'))), block('b'));
  });

  it('decodes a text block on every read, and forgets the oldest past its bound', () => {
    const decoded = new DecodedBlocks();
    const text = encodeBlock(['{"a":1}', '{"a":2}']);
    assert.equal(typeof text, 'string');
    assert.notEqual(decoded.records(1, 1, text), decoded.records(1, 1, text));
    const firstStored = encodeBlock(block('first'));
    const first = decoded.records(2, 0, firstStored);
    for (let seq = 1; seq <= 32; seq++) decoded.records(2, seq, encodeBlock(block(`n${seq}`, 20 + (seq % 3))));
    assert.notEqual(decoded.records(2, 0, firstStored), first);
    assert.deepEqual(decoded.records(2, 0, firstStored), first);
  });
});
