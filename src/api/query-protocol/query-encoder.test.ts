import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeQueryError, encodeQueryResult, xmlText } from './query-encoder.js';
import { list, map, str, struct } from './query-shapes.js';

const NS = 'http://sns.amazonaws.com/doc/2010-03-31/';

describe('query-protocol XML', () => {
  it('escapes markup, quotes and line breaks, and replaces what XML cannot carry', () => {
    assert.equal(xmlText(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    assert.equal(xmlText('a\r\n\tb\u0000c\u001fd'), 'a&#xD;&#xA;&#x9;b\ufffdc\ufffdd');
    assert.equal(xmlText('plain €'), 'plain €');
  });

  it('encodes a result with lists as member and maps as entry/key/value', () => {
    const output = struct({ Topics: list(struct({ TopicArn: str })), Attributes: map(), NextToken: str });
    const xml = encodeQueryResult('ListTopics', NS, output, { Topics: [{ TopicArn: 'arn:a' }, { TopicArn: 'arn:<b>' }], Attributes: { 'k&': 'v"' } }, 'req-1');
    assert.equal(
      xml,
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListTopicsResponse xmlns="${NS}"><ListTopicsResult><Topics><member><TopicArn>arn:a</TopicArn></member>` +
        '<member><TopicArn>arn:&lt;b&gt;</TopicArn></member></Topics><Attributes><entry><key>k&amp;</key><value>v&quot;</value></entry></Attributes>' +
        '</ListTopicsResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ListTopicsResponse>',
    );
  });

  it('an operation without output has no Result element; an empty output an empty one', () => {
    assert.equal(encodeQueryResult('DeleteTopic', NS, undefined, {}, 'r'), `<?xml version="1.0" encoding="UTF-8"?>\n<DeleteTopicResponse xmlns="${NS}"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteTopicResponse>`);
    assert.match(encodeQueryResult('TagResource', NS, struct({}), {}, 'r'), /<TagResourceResult><\/TagResourceResult>/);
  });

  it('encodes errors with Type Sender for 4xx and Receiver for 5xx, the message escaped', () => {
    assert.equal(
      encodeQueryError(NS, { code: 'NotFound', message: 'Topic <x> does not exist', statusCode: 404 }, 'r'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic &lt;x&gt; does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
    );
    assert.match(encodeQueryError(NS, { code: 'InternalError', message: 'x', statusCode: 500 }, 'r'), /<Type>Receiver<\/Type>/);
  });
});
