import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { readBody, readBodyText } from './read-body.js';

/** A request body arriving in exactly these chunks (node:http hands a body over the same way). */
function arriving(chunks: readonly Buffer[]): IncomingMessage {
  return Object.assign(Readable.from(chunks, { objectMode: false }), { headers: {} }) as unknown as IncomingMessage;
}

describe('readBodyText', () => {
  it('decodes exactly as Buffer#toString does, wherever the chunks split the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'binary' }).map((s) => Buffer.from(s)), fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a))),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (bytes, cuts) => {
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((from, i) => bytes.subarray(from, [...points, bytes.length][i])).filter((c) => c.length > 0);
          const { text, bytes: size } = await readBodyText(arriving(chunks));
          assert.equal(text, bytes.toString('utf8'));
          assert.equal(size, bytes.length);
        },
      ),
    );
  });

  it('refuses a body over the limit with a 413', async () => {
    await assert.rejects(readBodyText(arriving([Buffer.alloc(10), Buffer.alloc(10)]), 15), { statusCode: 413 });
    await assert.rejects(readBody(arriving([Buffer.alloc(20)]), 15), { statusCode: 413 });
  });
});
