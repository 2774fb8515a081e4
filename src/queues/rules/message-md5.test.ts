import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { receiveMessageMiddleware, sendMessageMiddleware } from '@aws-sdk/middleware-sdk-sqs';
import { md5OfBody, md5OfMessageAttributes, md5OfMessageSystemAttributes } from './message-md5.js';
import type { MessageAttributeValue } from './message-attributes.js';

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

/** The digest input built by hand: [len][name][len][type][transport][len][value] per attribute. */
function field(bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([bytes.length >>> 24, (bytes.length >>> 16) & 255, (bytes.length >>> 8) & 255, bytes.length & 255]), bytes]);
}

describe('md5OfBody', () => {
  it('is the MD5 of the UTF-8 bytes', () => {
    assert.equal(md5OfBody('bar'), '37b51d194a7513e45b56f6524f2d51f2');
    assert.equal(md5OfBody(''), 'd41d8cd98f00b204e9800998ecf8427e');
    assert.equal(md5OfBody('é€😀'), md5(Buffer.from([0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80])));
  });

  it('matches a digest real SQS returned (triggermesh/aws-event-sources#336)', () => {
    assert.equal(md5OfBody('{"msg": "Hello, World!"}'), 'fa00cf89134387aaa0cd442076e26673');
  });
});

describe('md5OfMessageAttributes', () => {
  it('matches a digest real SQS returned for a String.Foo and a Number.Bar attribute (triggermesh/aws-event-sources#336)', () => {
    assert.equal(
      md5OfMessageAttributes({
        Other_Attribute: { DataType: 'Number.Bar', StringValue: '3.333333333' },
        'An-Attribute': { DataType: 'String.Foo', StringValue: 'The value of An-Attribute' },
      }),
      '23f4a611a378aa04a1bb82d276accb76',
    );
  });

  it('encodes one string attribute as length-prefixed name, type, transport 1, value', () => {
    const expected = md5(Buffer.concat([field(Buffer.from('color')), field(Buffer.from('String')), Buffer.from([1]), field(Buffer.from('blue'))]));
    assert.equal(md5OfMessageAttributes({ color: { DataType: 'String', StringValue: 'blue' } }), expected);
  });

  it('uses transport 2 and the decoded bytes for binary values', () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    const expected = md5(Buffer.concat([field(Buffer.from('blob')), field(Buffer.from('Binary.gz')), Buffer.from([2]), field(bytes)]));
    assert.equal(md5OfMessageAttributes({ blob: { DataType: 'Binary.gz', BinaryValue: bytes.toString('base64') } }), expected);
  });

  it('sorts by name and measures UTF-8 bytes, not characters', () => {
    const expected = md5(
      Buffer.concat([
        field(Buffer.from('A')), field(Buffer.from('Number')), Buffer.from([1]), field(Buffer.from('-1.5e3')),
        field(Buffer.from('b')), field(Buffer.from('String')), Buffer.from([1]), field(Buffer.from('€', 'utf8')),
      ]),
    );
    const attributes = { b: { DataType: 'String', StringValue: '€' }, A: { DataType: 'Number', StringValue: '-1.5e3' } };
    assert.equal(md5OfMessageAttributes(attributes), expected);
    assert.notEqual(md5OfMessageAttributes({ b: attributes.b }), expected);
  });

  it('gives MD5OfMessageSystemAttributes for AWSTraceHeader', () => {
    const header = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1';
    const expected = md5(Buffer.concat([field(Buffer.from('AWSTraceHeader')), field(Buffer.from('String')), Buffer.from([1]), field(Buffer.from(header))]));
    assert.equal(md5OfMessageSystemAttributes({ AWSTraceHeader: { DataType: 'String', StringValue: header } }), expected);
  });

  it('agrees with the hand-built encoding for any attributes (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/);
    const value: fc.Arbitrary<MessageAttributeValue> = fc.oneof(
      fc.record({ DataType: fc.constantFrom('String', 'Number', 'String.x'), StringValue: fc.string({ minLength: 1 }) }),
      fc.record({ DataType: fc.constant('Binary'), BinaryValue: fc.uint8Array({ minLength: 1 }).map((b) => Buffer.from(b).toString('base64')) }),
    );
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 10 }), (attributes) => {
        const parts: Buffer[] = [];
        for (const n of Object.keys(attributes).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))) {
          const v = attributes[n]!;
          parts.push(field(Buffer.from(n)), field(Buffer.from(v.DataType)));
          parts.push(v.BinaryValue !== undefined ? Buffer.concat([Buffer.from([2]), field(Buffer.from(v.BinaryValue, 'base64'))])
            : Buffer.concat([Buffer.from([1]), field(Buffer.from(v.StringValue!, 'utf8'))]));
        }
        assert.equal(md5OfMessageAttributes(attributes), md5(Buffer.concat(parts)));
      }),
    );
  });
});

/** The `md5` constructor the SDK's middleware expects (@smithy's Checksum shape), over node:crypto. */
class NodeMd5 {
  #hash = createHash('md5');
  update(data: Uint8Array): void {
    this.#hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.#hash.digest();
  }
}

describe("the SDK's own MD5 checks accept these digests", () => {
  const bodies = ['hello', '', 'é€😀 multi\nline', '{"a":[1,2,3]}'];

  it('SendMessage (sendMessageMiddleware)', async () => {
    for (const body of bodies) {
      const handler = sendMessageMiddleware({ md5: NodeMd5 } as never)(async () => ({ output: { MD5OfMessageBody: md5OfBody(body) }, response: {} }) as never, {});
      await assert.doesNotReject(handler({ input: { MessageBody: body } } as never));
    }
    const wrong = sendMessageMiddleware({ md5: NodeMd5 } as never)(async () => ({ output: { MD5OfMessageBody: md5OfBody('other') }, response: {} }) as never, {});
    await assert.rejects(wrong({ input: { MessageBody: 'hello' } } as never), /InvalidChecksumError/);
  });

  it('ReceiveMessage (receiveMessageMiddleware)', async () => {
    const messages = bodies.map((Body, i) => ({ MessageId: `m${i}`, Body, MD5OfBody: md5OfBody(Body) }));
    const handler = receiveMessageMiddleware({ md5: NodeMd5 } as never)(async () => ({ output: { Messages: messages }, response: {} }) as never, {});
    await assert.doesNotReject(handler({ input: {} } as never));
  });
});
