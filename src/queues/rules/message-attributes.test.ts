import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkMessageAttributes,
  checkMessageBody,
  checkMessageSystemAttributes,
  messageAttributesSize,
  selectAttributes,
} from './message-attributes.js';
import { hasOnlyAllowedCharacters, isSqsNumber } from './message-text.js';
import { SqsError } from './sqs-errors.js';

function refusal(fn: () => unknown, code: string, message: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SqsError, `expected an SqsError, got ${String(e)}`);
    assert.equal(e.code, code);
    assert.equal(e.message, message);
    return true;
  });
}
const check = (input: unknown) => checkMessageAttributes(input, 'MessageAttributes');
const invalid = (input: unknown, message: string) => refusal(() => check(input), 'InvalidParameterValue', message);
const s = (StringValue: string, DataType = 'String') => ({ DataType, StringValue });

describe('checkMessageAttributes: accepted', () => {
  it('treats absent attributes as none', () => {
    assert.deepEqual(check(undefined), {});
    assert.deepEqual(check(null), {});
    assert.deepEqual(check({}), {});
  });

  it('normalises each type, keeping custom suffixes and dropping members of no use', () => {
    assert.deepEqual(
      check({
        a: { DataType: 'String', StringValue: 'x', StringListValues: [], BinaryListValues: [] },
        'b.c_d-e': s('-12.5e3', 'Number'),
        bin: { DataType: 'Binary.png', BinaryValue: 'AAEC/w==' },
        custom: s('v', 'String.my type'),
        n: { DataType: 'Number.int', StringValue: '7', BinaryValue: null },
      }),
      {
        a: { DataType: 'String', StringValue: 'x' },
        'b.c_d-e': { DataType: 'Number', StringValue: '-12.5e3' },
        bin: { DataType: 'Binary.png', BinaryValue: 'AAEC/w==' },
        custom: { DataType: 'String.my type', StringValue: 'v' },
        n: { DataType: 'Number.int', StringValue: '7' },
      },
    );
  });

  it('accepts ten attributes, a 256-character name and names merely containing AWS', () => {
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, s('v')]));
    assert.equal(Object.keys(check(ten)).length, 10);
    assert.deepEqual(Object.keys(check({ ['n'.repeat(256)]: s('v') })), ['n'.repeat(256)]);
    assert.deepEqual(Object.keys(check({ 'x.AWS.y': s('v'), AWSx: s('v'), 'Amazonia.y': s('v') })), ['x.AWS.y', 'AWSx', 'Amazonia.y']);
  });
});

describe('checkMessageAttributes: names like Object.prototype members', () => {
  it('keeps an attribute named __proto__ (it was silently dropped) or constructor', () => {
    const input = JSON.parse('{"__proto__":{"DataType":"String","StringValue":"p"},"constructor":{"DataType":"Number","StringValue":"1"}}') as unknown;
    const checked = check(input);
    assert.deepEqual(Object.keys(checked), ['__proto__', 'constructor']);
    assert.ok(Object.hasOwn(checked, '__proto__'));
    assert.equal(JSON.stringify(checked), '{"__proto__":{"DataType":"String","StringValue":"p"},"constructor":{"DataType":"Number","StringValue":"1"}}');
    assert.equal(JSON.stringify(selectAttributes(['__proto__'], checked)), '{"__proto__":{"DataType":"String","StringValue":"p"}}');
  });
});

describe('checkMessageAttributes: refused', () => {
  it('more than ten attributes', () => {
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, s('v')]));
    invalid(eleven, 'Number of message attributes [11] exceeds the allowed maximum [10].');
  });

  it('a map that is not one', () => {
    invalid([s('v')], 'The value of MessageAttributes must be a map of message attributes.');
    refusal(() => checkMessageAttributes('x', 'Entries.1.MessageAttributes'), 'InvalidParameterValue',
      'The value of Entries.1.MessageAttributes must be a map of message attributes.');
  });

  it('bad names', () => {
    invalid({ '': s('v') }, 'The request must contain non-empty message attribute name.');
    invalid({ ['n'.repeat(257)]: s('v') }, 'Message (user) attribute name must be at most 256 characters long.');
    for (const name of ['AWS.x', 'aws.x', 'Amazon.x', 'AMAZON.trace']) {
      invalid({ [name]: s('v') }, `Message (user) attribute name '${name}' uses a reserved prefix (AWS. or Amazon.).`);
    }
    for (const name of ['.a', 'a.', 'a..b', 'a b', 'a/b', 'é', 'a:b']) {
      invalid(
        { [name]: s('v') },
        `Message (user) attribute name '${name}' is invalid. It can contain only alphanumeric characters, hyphens (-), ` +
          'underscores (_) and periods (.), must not start or end with a period and must not contain consecutive periods.',
      );
    }
  });

  it('bad data types', () => {
    invalid({ a: 'v' }, "The message attribute 'a' must contain a message attribute value.");
    invalid({ a: { StringValue: 'v' } }, "The message attribute 'a' must contain non-empty message attribute type.");
    invalid({ a: { DataType: '', StringValue: 'v' } }, "The message attribute 'a' must contain non-empty message attribute type.");
    for (const type of ['string', 'Strings', 'String.', 'Int', 'STRING', 'Binary-x']) {
      invalid(
        { a: { DataType: type, StringValue: 'v' } },
        "The type of message (user) attribute 'a' is invalid. You must use only the following supported type prefixes: Binary, Number, String.",
      );
    }
    invalid({ a: s('v', `String.${'x'.repeat(250)}`) }, 'Message (user) attribute type must be at most 256 characters long.');
  });

  it('missing, empty or mismatched values', () => {
    invalid({ a: { DataType: 'String' } }, "Message (user) attribute 'a' must contain a non-empty value of type 'String'.");
    invalid({ a: s('') }, "Message (user) attribute 'a' must contain a non-empty value of type 'String'.");
    invalid({ a: { DataType: 'Number.x' } }, "Message (user) attribute 'a' must contain a non-empty value of type 'Number'.");
    invalid({ a: { DataType: 'Binary', BinaryValue: '' } }, "Message (user) attribute 'a' must contain a non-empty value of type 'Binary'.");
    invalid({ a: { DataType: 'Binary', BinaryValue: 5 } }, "Message (user) attribute 'a' must contain a non-empty value of type 'Binary'.");
    invalid({ a: { DataType: 'Binary', StringValue: 'AA==' } }, "Message (user) attribute 'a' of type 'Binary' must not have a StringValue.");
    invalid({ a: { DataType: 'String', StringValue: 'x', BinaryValue: 'AA==' } }, "Message (user) attribute 'a' of type 'String' must not have a BinaryValue.");
    invalid({ a: { DataType: 'Binary', BinaryValue: 'not base64!' } }, "Message (user) attribute 'a' has a BinaryValue that is not base64.");
  });

  it('numbers SQS cannot hold', () => {
    for (const bad of ['abc', '1,5', '0x10', 'NaN', 'Infinity', ' 1', '1e', '1'.repeat(39), '1e127', '1e-129']) {
      invalid({ n: s(bad, 'Number') }, `Can't inspect the value of message (user) attribute 'n' as a number: '${bad}'.`);
    }
  });

  it('string values with characters SQS refuses', () => {
    for (const bad of ['a\u0000b', '\u0008', '\uFFFE', '\uD800x']) {
      invalid({ a: s(bad) }, "Message (user) attribute 'a' value contains invalid characters.");
    }
  });
});

describe('isSqsNumber', () => {
  it('accepts up to 38 significant digits between 10^-128 and 10^126', () => {
    for (const ok of ['0', '-0', '+7', '1.', '.5', '0.000', '007', '1.50', '1'.repeat(38), `${'1'.repeat(38)}000`, `0.${'0'.repeat(10)}${'9'.repeat(38)}`,
      `1.${'0'.repeat(36)}1`, '1e126', '10e125', '1E-128', '0.1e-127', '-9.99e125', '123456789012345678901234567890.12345678']) {
      assert.equal(isSqsNumber(ok), true, ok);
    }
  });
  it('refuses the rest', () => {
    for (const bad of ['', '-', '.', 'e5', '1e', '1.5.2', '1'.repeat(39), `1.${'0'.repeat(37)}1`, '1.1e126', '2e126', '1e127',
      '9.9e-129', '0.01e-127', '1 ', '1_000']) {
      assert.equal(isSqsNumber(bad), false, bad);
    }
  });
});

describe('hasOnlyAllowedCharacters', () => {
  it('follows the XML character ranges', () => {
    for (const ok of ['\t\n\r', ' ~', '\u00e9\uD7FF', '\uE000\uFFFD', '😀', '\u{10FFFF}']) assert.equal(hasOnlyAllowedCharacters(ok), true, ok);
    for (const bad of ['\u0000', '\u001F', '\uD800', '\uDFFF', '\uFFFE', '\uFFFF', 'a\u000Bb']) assert.equal(hasOnlyAllowedCharacters(bad), false, bad);
  });
});

describe('checkMessageSystemAttributes', () => {
  const header = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1';
  it('accepts AWSTraceHeader as a String', () => {
    assert.deepEqual(checkMessageSystemAttributes({ AWSTraceHeader: s(header) }, 'MessageSystemAttributes'), { AWSTraceHeader: s(header) });
    assert.deepEqual(checkMessageSystemAttributes(undefined, 'MessageSystemAttributes'), {});
  });
  it('refuses other names, other types and empty values', () => {
    const sys = (input: unknown, message: string) =>
      refusal(() => checkMessageSystemAttributes(input, 'MessageSystemAttributes'), 'InvalidParameterValue', message);
    sys({ Other: s('x') }, "Message system attribute name 'Other' is invalid.");
    sys({ AWSTraceHeader: s('1', 'Number') }, "Message system attribute 'AWSTraceHeader' must be of type 'String'.");
    sys({ AWSTraceHeader: s('') }, "Message (system) attribute 'AWSTraceHeader' must contain a non-empty value of type 'String'.");
    sys('x', 'The value of MessageSystemAttributes must be a map of message attributes.');
  });
});

describe('messageAttributesSize', () => {
  it('counts name, type and value bytes', () => {
    assert.equal(messageAttributesSize({}), 0);
    assert.equal(messageAttributesSize({ ab: s('€') }), 2 + 6 + 3);
    assert.equal(messageAttributesSize({ b: { DataType: 'Binary.x', BinaryValue: 'AAEC/w==' } }), 1 + 8 + 4);
    assert.equal(messageAttributesSize({ a: s('12', 'Number'), c: s('xyz') }), 1 + 6 + 2 + 1 + 6 + 3);
  });
});

describe('checkMessageBody', () => {
  it('returns a valid body unchanged', () => {
    assert.equal(checkMessageBody('hello'), 'hello');
    assert.equal(checkMessageBody(' \t\r\n😀\uE000'), ' \t\r\n😀\uE000');
  });
  it('requires a non-empty string', () => {
    for (const body of [undefined, null, '', 5]) {
      refusal(() => checkMessageBody(body), 'MissingParameter', 'The request must contain the parameter MessageBody.');
    }
  });
  it('refuses characters outside the allowed set', () => {
    for (const body of ['a\u0000', '\u0001', '\uFFFF', 'x\uDC00']) {
      refusal(() => checkMessageBody(body), 'InvalidMessageContents',
        'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF');
    }
  });
});

describe('selectAttributes', () => {
  const attributes = { 'order.id': s('1'), 'order.total': s('2', 'Number'), orderly: s('3'), user: s('4') };
  it('returns none without names', () => {
    assert.deepEqual(selectAttributes(undefined, attributes), {});
    assert.deepEqual(selectAttributes([], attributes), {});
  });
  it('returns all for All or .*', () => {
    assert.deepEqual(selectAttributes(['All'], attributes), attributes);
    assert.deepEqual(selectAttributes(['.*'], attributes), attributes);
    assert.deepEqual(selectAttributes(['user', 'All'], attributes), attributes);
  });
  it('selects exact names and prefix.* patterns', () => {
    assert.deepEqual(selectAttributes(['user'], attributes), { user: attributes.user });
    assert.deepEqual(selectAttributes(['order.*'], attributes), { 'order.id': attributes['order.id'], 'order.total': attributes['order.total'] });
    assert.deepEqual(selectAttributes(['order.*', 'user', 'missing'], attributes), {
      'order.id': attributes['order.id'], 'order.total': attributes['order.total'], user: attributes.user,
    });
    assert.deepEqual(selectAttributes(['User', 'order'], attributes), {});
  });
});
