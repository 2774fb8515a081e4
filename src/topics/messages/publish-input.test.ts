import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Checked, SnsInputError } from './input-error.js';
import { checkPublish, publishTarget, type PublishInput, type TopicFacts } from './publish-input.js';

const standard: TopicFacts = { fifo: false, contentBasedDeduplication: false, maximumMessageSize: 262_144 };
const fifo: TopicFacts = { fifo: true, contentBasedDeduplication: false, maximumMessageSize: 262_144 };
const contentBased: TopicFacts = { ...fifo, contentBasedDeduplication: true };

function rejected<T>(result: Checked<T>): SnsInputError {
  assert.equal(result.ok, false, 'expected an error');
  return (result as { error: SnsInputError }).error;
}
function accepted<T>(result: Checked<T>): T {
  if (!result.ok) assert.fail(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
const invalid = (message: string) => ({ code: 'InvalidParameter', message });
const valueInvalid = (message: string) => ({ code: 'ParameterValueInvalid', message });
const publish = (input: PublishInput, topic = standard) => checkPublish({ TopicArn: 'arn:aws:sns:eu-west-1:111122223333:t', ...input }, topic);

describe('checkPublish: message and subject (§E.2)', () => {
  it('rejects an absent or empty Message', () => {
    assert.deepEqual(rejected(publish({})), invalid('Invalid parameter: Empty message'));
    assert.deepEqual(rejected(publish({ Message: '' })), invalid('Invalid parameter: Empty message'));
  });

  it('rejects an empty Subject before the message, and subjects of 100 characters or with control characters', () => {
    assert.deepEqual(rejected(publish({ Subject: '' })), invalid('Invalid parameter: Subject'));
    assert.deepEqual(rejected(publish({ Message: 'm', Subject: 'a\nb' })), invalid('Invalid parameter: Subject'));
    assert.deepEqual(rejected(publish({ Message: 'm', Subject: 'x'.repeat(100) })), invalid('Invalid parameter: Subject'));
    assert.equal(accepted(publish({ Message: 'm', Subject: 'x'.repeat(99) })).subject, 'x'.repeat(99));
  });

  it('normalises a plain message: no subject key when absent, empty attributes, no ids on a standard topic', () => {
    assert.deepEqual(accepted(publish({ Message: 'héllo' })), { message: 'héllo', attributes: {}, size: 6 });
  });
});

describe('checkPublish: size (§E.4 Size)', () => {
  const attrs = { k: { DataType: 'String', StringValue: 'vv' } }; // 1 + 6 + 2 = 9 bytes
  it('counts the body plus each attribute name, type and value in UTF-8 bytes; exactly the limit passes', () => {
    const limit = 262_144;
    assert.equal(accepted(publish({ Message: 'x'.repeat(limit - 9), MessageAttributes: attrs })).size, limit);
    assert.deepEqual(rejected(publish({ Message: 'x'.repeat(limit - 8), MessageAttributes: attrs })), invalid('Invalid parameter: Message too long'));
    assert.deepEqual(rejected(publish({ Message: 'é'.repeat(limit / 2) + 'x' })), invalid('Invalid parameter: Message too long'));
  });

  it("checks against the topic's MaximumMessageSize and counts binary values by their bytes", () => {
    const small = { ...standard, maximumMessageSize: 1024 };
    const bin = { b: { DataType: 'Binary', BinaryValue: new Uint8Array(10) } }; // 1 + 6 + 10
    assert.equal(accepted(publish({ Message: 'x'.repeat(1024 - 17), MessageAttributes: bin }, small)).size, 1024);
    assert.equal(rejected(publish({ Message: 'x'.repeat(1024 - 16), MessageAttributes: bin }, small)).message, 'Invalid parameter: Message too long');
  });
});

describe('checkPublish: MessageAttributes (§E.4)', () => {
  const attr = (name: string, value: object) => rejected(publish({ Message: 'm', MessageAttributes: { [name]: value } }));

  it('gives the observed ParameterValueInvalid texts', () => {
    assert.deepEqual(attr('a', { DataType: 'String', StringValue: '' }),
      valueInvalid("The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'."));
    assert.deepEqual(attr('a', { DataType: 'Binary', BinaryValue: new Uint8Array() }),
      valueInvalid("The message attribute 'a' must contain non-empty message attribute value for message attribute type 'Binary'."));
    assert.deepEqual(attr('a', { DataType: 'Number' }),
      valueInvalid("The message attribute 'a' must contain non-empty message attribute value for message attribute type 'Number'."));
    assert.deepEqual(attr('a', { DataType: 'Number', BinaryValue: new Uint8Array([1]) }),
      valueInvalid("The message attribute 'a' with type 'Number' must use field 'String'."));
    assert.deepEqual(attr('a', { DataType: 'Binary', StringValue: 'x' }),
      valueInvalid("The message attribute 'a' with type 'Binary' must use field 'Binary'."));
    assert.deepEqual(attr('a', { DataType: 'Strin', StringValue: 'x' }),
      valueInvalid("The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."));
  });

  it('checks names: length, characters as #x hex, dots', () => {
    assert.deepEqual(attr('n'.repeat(257), { DataType: 'String', StringValue: 'x' }),
      valueInvalid('Length of message attribute name must be less than 256 bytes.'));
    assert.deepEqual(attr('a^b', { DataType: 'String', StringValue: 'x' }),
      valueInvalid("Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots."));
    assert.deepEqual(attr('.a', { DataType: 'String', StringValue: 'x' }), valueInvalid("Invalid message attribute name starting with character '.' was found."));
    assert.deepEqual(attr('a.', { DataType: 'String', StringValue: 'x' }), valueInvalid("Invalid message attribute name ending with character '.' was found."));
    assert.deepEqual(attr('a..b', { DataType: 'String', StringValue: 'x' }), valueInvalid("Message attribute name can not have successive '.' character."));
  });

  it('gives the query protocol ValidationError for a null DataType', () => {
    assert.deepEqual(attr('attr1', { StringValue: 'x' }), {
      code: 'ValidationError',
      message: "1 validation error detected: Value null at 'messageAttributes.attr1.member.dataType' failed to satisfy constraint: Member must not be null",
    });
  });

  it('accepts the four types and custom suffixes, keeping one value each', () => {
    const value = accepted(publish({
      Message: 'm',
      MessageAttributes: {
        s: { DataType: 'String', StringValue: 'x' },
        'a.b-c_d': { DataType: 'String.Array', StringValue: '["a",1]' },
        n: { DataType: 'Number.float', StringValue: '1.5' },
        b: { DataType: 'Binary', BinaryValue: Uint8Array.from([1, 2, 3]), StringValue: 'ignored' },
      },
    }));
    assert.deepEqual(value.attributes, {
      s: { dataType: 'String', stringValue: 'x' },
      'a.b-c_d': { dataType: 'String.Array', stringValue: '["a",1]' },
      n: { dataType: 'Number.float', stringValue: '1.5' },
      b: { dataType: 'Binary', binaryValue: Uint8Array.from([1, 2, 3]) },
    });
  });
  it('keeps an attribute named __proto__ as an attribute', () => {
    const value = accepted(publish({ Message: 'm', MessageAttributes: JSON.parse('{"__proto__":{"DataType":"String","StringValue":"x"}}') }));
    assert.deepEqual(Object.keys(value.attributes), ['__proto__']);
    assert.equal(Object.getPrototypeOf(value.attributes), Object.prototype);
  });
});

describe('checkPublish: MessageStructure=json (§E.4)', () => {
  it('needs a JSON object with a string default', () => {
    const structured = (Message: string) => publish({ Message, MessageStructure: 'json' });
    assert.deepEqual(rejected(structured('{nope')), invalid('Invalid parameter: Message Structure - JSON message body failed to parse'));
    assert.deepEqual(rejected(structured('{"sqs":"x"}')), invalid('Invalid parameter: Message Structure - No default entry in JSON message body'));
    assert.deepEqual(rejected(structured('{"default":1}')), invalid('Invalid parameter: Message Structure - No default entry in JSON message body'));
    assert.deepEqual(rejected(structured('[1]')), invalid('Invalid parameter: Message Structure - No default entry in JSON message body'));
  });

  it('keeps default and the string per-protocol bodies; non-string values and unknown keys are dropped', () => {
    const value = accepted(publish({ Message: '{"default":"d","sqs":"q","lambda":{"x":1},"email-json":"e","carrier-pigeon":"p"}', MessageStructure: 'json' }));
    assert.deepEqual(value.structure, { default: 'd', sqs: 'q', 'email-json': 'e' });
    assert.equal(value.message, '{"default":"d","sqs":"q","lambda":{"x":1},"email-json":"e","carrier-pigeon":"p"}');
  });

  it('leaves structure out without MessageStructure', () => {
    assert.equal('structure' in accepted(publish({ Message: '{"default":"d"}' })), false);
  });
});

describe('checkPublish: FIFO and deduplication ids (§E.3)', () => {
  it('requires a group id on a FIFO topic', () => {
    assert.deepEqual(rejected(publish({ Message: 'm', MessageDeduplicationId: 'd' }, fifo)),
      invalid('Invalid parameter: The MessageGroupId parameter is required for FIFO topics'));
  });

  it('requires a dedup id unless the topic has content-based deduplication', () => {
    assert.deepEqual(rejected(publish({ Message: 'm', MessageGroupId: 'g' }, fifo)),
      invalid('Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly'));
    assert.deepEqual(accepted(publish({ Message: 'm', MessageGroupId: 'g', MessageDeduplicationId: 'd-1' }, fifo)),
      { message: 'm', attributes: {}, groupId: 'g', dedupId: 'd-1', size: 1 });
  });

  it('makes the content-based id the lowercase hex SHA-256 of the body; an explicit id wins', () => {
    const value = accepted(publish({ Message: 'Test', MessageGroupId: 'g' }, contentBased));
    assert.equal(value.dedupId, '532eaabd9574880dbf76b9b8cc00832c20a6ec113d682299550d7a6e0f345e25');
    assert.equal(accepted(publish({ Message: 'Test', MessageGroupId: 'g', MessageDeduplicationId: 'mine' }, contentBased)).dedupId, 'mine');
  });

  it('rejects a dedup id on a standard topic and forwards a group id there', () => {
    assert.deepEqual(rejected(publish({ Message: 'm', MessageDeduplicationId: 'd', MessageGroupId: 'g' })),
      invalid('Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type'));
    assert.equal(accepted(publish({ Message: 'm', MessageGroupId: 'g' })).groupId, 'g');
  });

  it('takes ids of up to 128 alphanumerics and punctuation', () => {
    assert.equal(accepted(publish({ Message: 'm', MessageGroupId: 'a!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', MessageDeduplicationId: 'x'.repeat(128) }, fifo)).groupId?.length, 33);
    for (const bad of ['x'.repeat(129), 'a b', 'é']) {
      assert.equal(rejected(publish({ Message: 'm', MessageGroupId: 'g', MessageDeduplicationId: bad }, fifo)).message,
        'Invalid parameter: MessageDeduplicationId Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.');
    }
  });

  it('checks in order: subject, message, attributes, size, ids, structure', () => {
    const everythingWrong: PublishInput = { Message: '{', MessageStructure: 'json', MessageAttributes: { '.a': { DataType: 'String', StringValue: 'x' } } };
    assert.equal(rejected(publish({ ...everythingWrong, Subject: '' }, fifo)).message, 'Invalid parameter: Subject');
    assert.equal(rejected(publish(everythingWrong, fifo)).code, 'ParameterValueInvalid');
    assert.equal(rejected(publish({ ...everythingWrong, MessageAttributes: {} }, { ...fifo, maximumMessageSize: 0 })).message, 'Invalid parameter: Message too long');
    assert.equal(rejected(publish({ ...everythingWrong, MessageAttributes: {} }, fifo)).message, 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
    assert.equal(rejected(publish({ ...everythingWrong, MessageAttributes: {} })).message, 'Invalid parameter: Message Structure - JSON message body failed to parse');
  });
});

describe('publishTarget', () => {
  it('takes TopicArn or TargetArn as the topic, else a phone number, else an error', () => {
    assert.deepEqual(accepted(publishTarget({ TopicArn: 'arn:t' })), { kind: 'topic', arn: 'arn:t' });
    assert.deepEqual(accepted(publishTarget({ TargetArn: 'arn:x' })), { kind: 'topic', arn: 'arn:x' });
    assert.deepEqual(accepted(publishTarget({ PhoneNumber: '+4412345' })), { kind: 'phone', phoneNumber: '+4412345' });
    assert.deepEqual(rejected(publishTarget({})), invalid('Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter'));
  });
});
