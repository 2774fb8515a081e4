import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '../../shared/service-error.js';
import { decodeQuery } from './query-decoder.js';
import { bool, list, map, str, struct } from './query-shapes.js';

const TAG = struct({ Key: str, Value: str }, ['Key', 'Value']);
const ATTRIBUTE_VALUE = struct({ DataType: str, StringValue: str, BinaryValue: str }, ['DataType']);
const SHAPE = struct(
  {
    Name: str,
    Flag: bool,
    Attributes: map(),
    Tags: list(TAG),
    TagKeys: list(str),
    MessageAttributes: map(ATTRIBUTE_VALUE, { key: 'Name', value: 'Value' }),
    Entries: list(struct({ Id: str, MessageAttributes: map(ATTRIBUTE_VALUE, { key: 'Name', value: 'Value' }) })),
    Nested: struct({ Inner: struct({ Leaf: str }) }),
  },
  ['Name'],
);

const decode = (body: string) => decodeQuery(new URLSearchParams(body), SHAPE);
const validation = (message: string) => (error: unknown) => {
  assert.ok(error instanceof ServiceError);
  assert.deepEqual([error.code, error.statusCode, error.message], ['ValidationError', 400, message]);
  return true;
};

describe('decodeQuery', () => {
  it('decodes scalars, booleans in any case, and percent-encoded text', () => {
    assert.deepEqual(decode('Action=X&Name=a%20b%26c%3D%E2%82%AC&Flag=TRUE&Unknown=1'), { Name: 'a b&c=€', Flag: true });
    assert.deepEqual(decode('Name=&Flag=false'), { Name: '', Flag: false });
  });

  it('decodes lists by position, in number order, and X= as an empty list', () => {
    assert.deepEqual(decode('Name=n&TagKeys.member.2=b&TagKeys.member.10=c&TagKeys.member.1=a'), { Name: 'n', TagKeys: ['a', 'b', 'c'] });
    assert.deepEqual(decode('Name=n&Tags='), { Name: 'n', Tags: [] });
    assert.deepEqual(decode('Name=n&Tags.member.1.Key=team&Tags.member.1.Value=pay'), { Name: 'n', Tags: [{ Key: 'team', Value: 'pay' }] });
  });

  it('decodes maps with key/value and with renamed Name/Value, nested in lists too', () => {
    assert.deepEqual(decode('Name=n&Attributes.entry.1.key=FifoTopic&Attributes.entry.1.value=true&Attributes.entry.2.key=DisplayName&Attributes.entry.2.value='), {
      Name: 'n',
      Attributes: { FifoTopic: 'true', DisplayName: '' },
    });
    const body =
      'Name=n&MessageAttributes.entry.1.Name=kind&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=audit' +
      '&Entries.member.1.Id=a&Entries.member.1.MessageAttributes.entry.1.Name=bin&Entries.member.1.MessageAttributes.entry.1.Value.DataType=Binary' +
      '&Entries.member.1.MessageAttributes.entry.1.Value.BinaryValue=AQI%3D';
    assert.deepEqual(decode(body), {
      Name: 'n',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'audit' } },
      Entries: [{ Id: 'a', MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: 'AQI=' } } }],
    });
  });

  it('decodes nested structures', () => {
    assert.deepEqual(decode('Name=n&Nested.Inner.Leaf=x'), { Name: 'n', Nested: { Inner: { Leaf: 'x' } } });
  });

  it('the first of a repeated parameter wins', () => {
    assert.deepEqual(decode('Name=first&Name=second'), { Name: 'first' });
  });

  it('null required members, bad booleans and bad positions are one ValidationError with every problem', () => {
    assert.throws(() => decode('Flag=yes'), validation("2 validation errors detected: Value 'yes' at 'flag' failed to satisfy constraint: Member must be a boolean; Value null at 'name' failed to satisfy constraint: Member must not be null"));
    assert.throws(
      () => decode('Name=n&MessageAttributes.entry.1.Name=attr1&MessageAttributes.entry.1.Value.StringValue=x'),
      validation("1 validation error detected: Value null at 'messageAttributes.attr1.member.dataType' failed to satisfy constraint: Member must not be null"),
    );
    assert.throws(() => decode('Name=n&TagKeys.member.x=a'), validation("1 validation error detected: Value 'x' at 'tagKeys' failed to satisfy constraint: Member positions must be whole numbers from 1"));
    assert.throws(() => decode('Name=n&TagKeys.member.0=a'), /Member positions/);
    assert.throws(() => decode('Name=n&Attributes.entry.1.value=v'), /Value null at 'attributes.1.member.key'/);
  });

  it('garbage bodies decode to nothing rather than throwing anything but ValidationError', () => {
    for (const body of ['%%%', '&&&==', 'Name=n&.=.&..member..=1', 'Name=n&Tags.member=x', `Name=n&${'a.'.repeat(500)}b=1`, '\u0000\uffff=\ud800']) {
      try {
        decode(body);
      } catch (error) {
        assert.ok(error instanceof ServiceError && error.code === 'ValidationError', `${body}: ${String(error)}`);
      }
    }
  });
});
