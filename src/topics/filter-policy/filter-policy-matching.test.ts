import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFilterPolicy, matchesFilterPolicy } from './index.js';
import type { FilterableAttribute } from './index.js';

type Attributes = Record<string, FilterableAttribute>;

const str = (StringValue: string): FilterableAttribute => ({ DataType: 'String', StringValue });
const num = (StringValue: string): FilterableAttribute => ({ DataType: 'Number', StringValue });
const arr = (values: unknown[]): FilterableAttribute => ({ DataType: 'String.Array', StringValue: JSON.stringify(values) });

/** Asserts which attribute sets a MessageAttributes-scope policy lets through. */
function attributes(policy: object, matching: Attributes[], notMatching: Attributes[]): void {
  const matcher = compileFilterPolicy(JSON.stringify(policy), 'MessageAttributes');
  for (const attrs of matching) assert.equal(matchesFilterPolicy(matcher, { attributes: attrs, body: 'x' }), true, `expected a match: ${JSON.stringify(attrs)}`);
  for (const attrs of notMatching) assert.equal(matchesFilterPolicy(matcher, { attributes: attrs, body: 'x' }), false, `expected no match: ${JSON.stringify(attrs)}`);
}

/** Asserts which bodies a MessageBody-scope policy lets through. */
function body(policy: object, matching: unknown[], notMatching: unknown[]): void {
  const matcher = compileFilterPolicy(JSON.stringify(policy), 'MessageBody');
  const text = (payload: unknown) => (typeof payload === 'string' ? payload : JSON.stringify(payload));
  for (const payload of matching) assert.equal(matchesFilterPolicy(matcher, { attributes: {}, body: text(payload) }), true, `expected a match: ${text(payload)}`);
  for (const payload of notMatching) assert.equal(matchesFilterPolicy(matcher, { attributes: {}, body: text(payload) }), false, `expected no match: ${text(payload)}`);
}

describe('filter policy matching: MessageAttributes scope', () => {
  it('matches a Number attribute by numeric range [O]', () => {
    attributes({ attr1: [{ numeric: ['>', 0, '<=', 100] }] }, [{ attr1: num('99') }, { attr1: num('100.0') }], [{ attr1: num('111') }, { attr1: str('99') }, {}]);
  });
  it('matches String.Array elements one by one [O]', () => {
    attributes({ store: ['value1'] }, [{ store: str('value1') }, { store: arr(['value1', 'value2']) }], [{ store: arr(['value2', 'value3']) }, { store: arr([]) }]);
    attributes({ n: [{ numeric: ['=', 5] }] }, [{ n: arr(['a', 5]) }], [{ n: arr(['5']) }]);
  });
  it('a message without the key matches only exists:false [O]', () => {
    attributes({ attr1: [null, { 'anything-but': 'whatever' }] }, [{ attr1: str('other') }], [{}, { attr1: str('whatever') }]);
    attributes({ store: [{ exists: true }] }, [{ store: num('99'), def: num('99') }, { store: str('') }], [{ attr1: num('111') }]);
    attributes({ store: [{ exists: false }] }, [{ def: num('99') }, {}], [{ store: num('99'), def: num('99') }]);
  });
  it('ignores Binary attributes, keeps custom type labels [D]', () => {
    const binary: FilterableAttribute = { DataType: 'Binary', BinaryValue: new Uint8Array([1]) };
    attributes({ b: [{ exists: false }] }, [{ b: binary }], []);
    attributes({ n: [{ numeric: ['>=', 1.5] }] }, [{ n: { DataType: 'Number.float', StringValue: '1.5' } }], [{ n: { DataType: 'Number.float', StringValue: '1.4' } }]);
    attributes({ s: ['x'] }, [{ s: { dataType: 'String.id', stringValue: 'x' } }], []);
  });
  it('string operators are case-sensitive except equals-ignore-case [D]', () => {
    attributes({ s: ['Rugby'] }, [{ s: str('Rugby') }], [{ s: str('rugby') }, { s: str('Rugby ') }]);
    attributes({ s: [{ prefix: 'auto-' }] }, [{ s: str('auto-x') }], [{ s: str('Auto-x') }]);
    attributes({ s: [{ suffix: '.png' }] }, [{ s: str('a.png') }], [{ s: str('a.PNG') }]);
    attributes({ s: [{ 'equals-ignore-case': 'Alice' }] }, [{ s: str('ALICE') }], [{ s: str('alic') }]);
    attributes({ s: [''] }, [{ s: arr(['']) }], [{ s: str('x') }]);
  });
  it('anything-but: a value, a list, a prefix; never a missing key [D][O]', () => {
    attributes({ s: [{ 'anything-but': ['test', 'test2'] }] }, [{ s: str('other') }], [{ s: str('test') }, {}]);
    attributes({ s: [{ 'anything-but': { prefix: 'test-' } }] }, [{ s: str('prod-1') }, { s: num('5') }], [{ s: str('test-1') }]);
    attributes({ n: [{ 'anything-but': 100 }] }, [{ n: num('101') }], [{ n: num('100') }, { n: num('100.000') }]);
  });
  it('numbers: exact literals by value, five decimals, ±1e9 (rounding unconfirmed) [D]', () => {
    attributes({ n: [301.5] }, [{ n: num('301.50') }], [{ n: str('301.5') }, { n: num('301.6') }]);
    attributes({ n: [{ numeric: ['=', 1.000001] }] }, [{ n: num('1') }, { n: num('1.000004') }], [{ n: num('1.0001') }]);
    attributes({ n: [{ numeric: ['>=', -1e9, '<=', 1e9] }] }, [{ n: num('-1000000000') }, { n: num('1e9') }], [{ n: num('1000000001') }, { n: num('abc') }]);
  });
  it('cidr, IPv4 and IPv6 [O]', () => {
    attributes({ ip: [{ cidr: '10.0.0.0/24' }] }, [{ ip: str('10.0.0.255') }], [{ ip: str('10.0.1.0') }, { ip: str('10.0.0.256') }, { ip: num('10') }]);
    attributes({ ip: [{ cidr: '2001:db8:1234:1a00::/64' }] }, [{ ip: str('2001:0db8:1234:1a00:0000:0000:0000:0001') }], [{ ip: str('2001:db8:1234:1a01::1') }]);
  });
  it('ANDs keys, ORs values and $or branches [D]', () => {
    const policy = { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] };
    attributes(
      policy,
      [{ source: str('aws.cloudwatch'), metricName: str('CPUUtilization') }, { source: str('aws.cloudwatch'), namespace: str('AWS/EC2') }],
      [{ source: str('aws.cloudwatch') }, { metricName: str('CPUUtilization') }, { source: str('aws.events'), namespace: str('AWS/EC2') }],
    );
  });
  it('the {} policy lets everything through (unconfirmed)', () => {
    attributes({}, [{}, { a: str('x') }], []);
  });
});

describe('filter policy matching: MessageBody scope', () => {
  it('matches nested keys, with exists:false on absent ones [O]', () => {
    const policy = { object: { key: [{ prefix: 'auto-' }, 'hardcodedvalue'], nested_key: [{ exists: false }] }, test: [{ exists: false }] };
    body(
      policy,
      [{ object: { key: 'auto-test' } }, { object: { key: 'hardcodedvalue' } }],
      [
        { object: { key: 'test-auto' } },
        { object: { key: 'auto-test' }, test: 'just-exists' },
        { object: { key: 'auto-test', nested_key: 'just-exists' } },
        { object: { test: 'auto-test' } },
        { test: 'auto-test' },
        'Regular string message',
        JSON.stringify('Regular string message'),
      ],
    );
  });
  it('a dotted key matches nested and literal dotted keys alike [O]', () => {
    body({ 'object.nested': ['string.value'] }, [{ object: { nested: 'string.value' } }, { 'object.nested': 'string.value' }], [{ object: { nested: 'test-auto' } }]);
    body(
      { 'object.nested.test': ['string.value'] },
      [{ object: { nested: { test: 'string.value' } } }, { 'object.nested.test': 'string.value' }, { 'object.nested': { test: 'string.value' } }, { object: { 'nested.test': 'string.value' } }],
      [{ object: { nested: { test: 'string.notvalue' } } }],
    );
  });
  it('a payload array matches when any element does [O]', () => {
    body({ headers: { 'route-to': ['queue1'] } }, [{ headers: { 'route-to': ['queue1'] } }, { headers: { 'route-to': ['queue1', 'queue2'] } }], [{ headers: { 'route-to': ['queue3'] } }, { headers: { 'route-to': [] } }]);
  });
  it('arrays of (arrays of) objects [O]', () => {
    const policy = { Records: { s3: { object: { key: [{ prefix: 'auto-' }] } }, eventName: [{ prefix: 'ObjectCreated:' }] } };
    const record = (eventName: string, key: string, nest = false) => ({ eventName, s3: { object: nest ? [[{ key, size: 17 }]] : { key, size: 17 } } });
    body(
      policy,
      [{ Records: [record('ObjectCreated:Put', 'auto-insurance-2314.xml', true), record('ObjectRemoved:Delete', 'home-insurance-2314.xml')] }, { Records: [record('ObjectCreated:Put', 'auto-insurance-2314.xml')] }],
      [{ Records: [record('ObjectRemoved:Delete', 'auto-insurance-2314.xml')] }, { Records: [record('ObjectCreated:Put', 'home-insurance-2314.xml')] }],
    );
  });
  it('$or at several levels [O]', () => {
    const policy = {
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
      detail: { scope: ['Service'], $or: [{ source: ['aws.cloudwatch'] }, { type: ['CloudWatch Alarm State Change'] }] },
    };
    body(
      policy,
      [
        { metricName: 'CPUUtilization', detail: { scope: 'Service', source: 'aws.cloudwatch' } },
        { namespace: 'AWS/ES', detail: { scope: 'Service', source: 'aws.cloudwatch' } },
        { metricName: 'CPUUtilization', detail: { scope: 'Service', type: 'CloudWatch Alarm State Change' } },
      ],
      [
        { metricName: 'CPUUtilization', detail: { scope: 'aws.cloudwatch', type: 'CloudWatch Alarm State Change' } },
        { metricName: 'CPUUtilization', detail: { scope: 'Service', type: 'CPUUtilization' } },
        { metricName: 'CPUUtilization', detail: { scope: 'Service' } },
        { metricName: 'AWS/EC2', detail: { scope: 'Service', type: 'CloudWatch Alarm State Change' } },
      ],
    );
  });
  it('empty arrays elsewhere do not break matching; [""] matches an empty string [O]', () => {
    body({ a: [''] }, [{ a: '', b: [] }, { a: ['', 'x'], c: { d: [] } }], [{ a: 'x' }, { a: [] }, {}]);
  });
  it('typed values: numbers, null and booleans in the payload [D]', () => {
    body({ n: [{ numeric: ['<', 0] }] }, [{ n: -1 }, { n: [5, -0.5] }], [{ n: '-1' }, { n: null }]);
    body({ v: [null] }, [{ v: null }], [{}, { v: 'null' }]);
    body({ v: [true] }, [{ v: true }], [{ v: 'true' }]);
    body({ o: [{ exists: true }] }, [{ o: 0 }, { o: null }], [{ o: { p: 1 } }, { o: [] }, {}]);
  });
  it('is checked once per message object across subscriptions, and never throws', () => {
    const a = compileFilterPolicy('{"k":["1"]}', 'MessageBody');
    const b = compileFilterPolicy('{"k":["2"]}', 'MessageBody');
    const message = { attributes: {}, body: '{"k":["1","3"]}' };
    assert.deepEqual([matchesFilterPolicy(a, message), matchesFilterPolicy(b, message)], [true, false]);
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    assert.equal(matchesFilterPolicy(a, { attributes: {}, body: `{"k":${deep}}` }), false);
    assert.equal(matchesFilterPolicy(a, { attributes: {}, body: '{"k":' }), false);
  });
});
