import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePattern, compilePatterns } from './compile-pattern.js';
import { check } from './fixtures/pattern-assertions.js';

const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

describe('exact values', () => {
  it('matches the documentation example (source, detail-type, detail.state)', () => {
    const pattern = { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } };
    check(pattern, [ec2Event], [
      { ...ec2Event, source: 'aws.s3' },
      { ...ec2Event, detail: { state: 'running' } },
      { ...ec2Event, detail: undefined },
      { source: 'aws.ec2' },
    ]);
  });

  it('accepts a JSON string and an object alike', () => {
    check('{"source":["aws.ec2"]}', [ec2Event], [{ source: 'aws.s3' }]);
  });

  it('ORs the values of one array and ANDs the keys', () => {
    check({ a: ['x', 'y'], b: ['z'] }, [{ a: 'x', b: 'z' }, { a: 'y', b: 'z' }], [{ a: 'x', b: 'q' }, { a: 'x' }, { b: 'z' }]);
  });

  it('compares strings byte for byte', () => {
    check({ a: ['Alice'] }, [{ a: 'Alice' }], [{ a: 'alice' }, { a: 'Alice ' }, { a: 'ALICE' }]);
    check({ a: ['😀 é'] }, [{ a: '😀 é' }], [{ a: '😀 e' }]);
  });

  it('compares numbers by value, never against strings', () => {
    check({ a: [300] }, [{ a: 300 }, { a: 300.0 }, { a: 3e2 }], [{ a: '300' }, { a: 301 }, { a: null }]);
    check({ a: ['300'] }, [{ a: '300' }], [{ a: 300 }]);
    check({ a: [0] }, [{ a: 0 }, { a: -0 }], [{ a: false }, { a: '' }]);
  });

  it('matches booleans only as booleans', () => {
    check({ a: [true] }, [{ a: true }], [{ a: 'true' }, { a: 1 }, { a: false }]);
    check({ a: [false] }, [{ a: false }], [{ a: 'false' }, { a: 0 }, { a: null }]);
  });

  it('matches other spellings of an IP literal, as event-ruler does', () => {
    check({ ip: ['2001:db8::1'] }, [{ ip: '2001:db8::1' }, { ip: '2001:0db8:0:0:0:0:0:1' }], [{ ip: '2001:db8::2' }]);
    check({ ip: ['10.0.0.1'] }, [{ ip: '10.0.0.1' }], [{ ip: '10.0.0.2' }, { ip: '10.0.0.10' }]);
  });
});

describe('null, empty string and missing fields', () => {
  it('null matches JSON null only', () => {
    check({ a: [null] }, [{ a: null }, { a: ['x', null] }], [{}, { a: '' }, { a: 'null' }, { a: [] }, { a: {} }]);
  });

  it('an empty string matches only an empty string', () => {
    check({ a: [''] }, [{ a: '' }], [{}, { a: null }, { a: ' ' }, { a: 0 }]);
  });

  it('a missing field matches no value condition', () => {
    check({ a: ['x'] }, [{ a: 'x' }], [{}, { b: 'x' }, { a: { x: 1 } }]);
  });

  it('does not look through the prototype chain', () => {
    check({ constructor: [{ exists: true }] }, [{ constructor: 'x' }], [{}]);
    check({ toString: [{ exists: false }] }, [{}], [{ toString: 'x' }]);
  });
});

describe('arrays in events', () => {
  it('matches when any element matches (the documentation resources example)', () => {
    const pattern = {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    };
    check(pattern, [
      { resources: ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x', 'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] },
      { resources: 'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f' },
    ], [
      { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] },
      { resources: [] },
    ]);
  });

  it('flattens nested arrays', () => {
    check({ a: ['x'] }, [{ a: [['y', ['x']]] }], [{ a: [['y'], []] }]);
  });

  it('applies a nested pattern to the objects of an event array', () => {
    check({ detail: { items: { sku: ['A1'] } } }, [
      { detail: { items: [{ sku: 'B2' }, { sku: 'A1' }] } },
      { detail: { items: { sku: 'A1' } } },
    ], [
      { detail: { items: [{ sku: 'B2' }] } },
      { detail: { items: [] } },
      { detail: { items: ['A1'] } },
    ]);
  });

  it('matches several fields within the same array element', () => {
    const pattern = { items: { sku: ['A1'], qty: [2] } };
    check(pattern, [{ items: [{ sku: 'A1', qty: 1 }, { sku: 'A1', qty: 2 }] }], [
      { items: [{ sku: 'A1', qty: 1 }, { sku: 'B2', qty: 2 }] },
    ]);
  });

  it('an empty event array matches nothing but the absence of a value', () => {
    check({ a: [null] }, [], [{ a: [] }]);
    check({ a: [{ exists: true }] }, [], [{ a: [] }]);
    check({ a: [{ exists: false }] }, [{ a: [] }], []);
  });
});

describe('nested objects and dotted keys', () => {
  it('descends into nested objects', () => {
    check({ a: { b: { c: ['x'] } } }, [{ a: { b: { c: 'x' } } }], [{ a: { b: 'x' } }, { a: { c: 'x' } }, { a: 'x' }, {}]);
  });

  it('does not parse strings holding JSON', () => {
    check({ detail: { a: [1] } }, [{ detail: { a: 1 } }], [{ detail: '{"a":1}' }]);
  });

  it('treats a dotted pattern key as a nested path', () => {
    check({ 'state.status': ['on'] }, [{ state: { status: 'on' } }], [{ state: { status: 'off' } }, { status: 'on' }]);
  });

  it('merges a dotted key with a nested object at the same path', () => {
    check({ 'a.b': ['x'], a: { c: ['y'] } }, [{ a: { b: 'x', c: 'y' } }], [{ a: { b: 'x' } }, { a: { c: 'y' } }]);
  });

  it('lets a later duplicate path replace the earlier one', () => {
    check({ 'a.b': ['x'], a: { b: ['y'] } }, [{ a: { b: 'y' } }], [{ a: { b: 'x' } }]);
    check('{"a":["x"],"a":["y"]}', [{ a: 'y' }], [{ a: 'x' }]);
  });

  it('DynamoDB stream records keep their type wrappers', () => {
    const record = { eventName: 'INSERT', dynamodb: { NewImage: { status: { S: 'SHIPPED' }, total: { N: '101' } } } };
    check({ dynamodb: { NewImage: { status: { S: ['SHIPPED'] } } } }, [record], [{ ...record, eventName: 'REMOVE', dynamodb: {} }]);
    check({ dynamodb: { NewImage: { status: ['SHIPPED'] } } }, [], [record]);
    check({ dynamodb: { NewImage: { total: { N: [{ numeric: ['>', 100] }] } } } }, [], [record]);
    check({ dynamodb: { NewImage: { status: [{ exists: true }] } } }, [], [record]);
    check({ dynamodb: { NewImage: { status: [{ exists: false }] } } }, [record], []);
    check({ eventName: ['INSERT', 'MODIFY'] }, [record], [{ ...record, eventName: 'REMOVE' }]);
  });
});

describe('$or', () => {
  it('matches when any branch matches, ANDed with sibling keys', () => {
    const pattern = { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2'] }] };
    check(pattern, [
      { source: 'aws.cloudwatch', metricName: 'ReadLatency' },
      { source: 'aws.cloudwatch', namespace: 'AWS/EC2' },
    ], [
      { source: 'aws.cloudwatch', metricName: 'WriteLatency' },
      { source: 'aws.s3', metricName: 'ReadLatency' },
      { source: 'aws.cloudwatch' },
    ]);
  });

  it('works inside nested objects (the documentation numeric example)', () => {
    const pattern = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    };
    check(pattern, [{ detail: { 'c-count': 5 } }, { detail: { 'd-count': 9.5 } }, { detail: { 'x-limit': 301.8 } }], [
      { detail: { 'c-count': 0, 'd-count': 10, 'x-limit': 301 } },
      { 'c-count': 3 },
    ]);
  });

  it('nests $or inside $or branches', () => {
    const pattern = { $or: [{ a: ['1'] }, { $or: [{ b: ['2'] }, { c: ['3'] }], d: ['4'] }] };
    check(pattern, [{ a: '1' }, { b: '2', d: '4' }, { c: '3', d: '4' }], [{ b: '2' }, { d: '4' }, { c: '3', d: '5' }]);
  });

  it('combines two $or groups at different levels', () => {
    const pattern = { $or: [{ a: ['1'] }, { b: ['2'] }], detail: { $or: [{ c: ['3'] }, { d: ['4'] }] } };
    check(pattern, [{ a: '1', detail: { c: '3' } }, { b: '2', detail: { d: '4' } }], [{ a: '1' }, { detail: { c: '3' } }, { a: '2', detail: { c: '3' } }]);
  });

  it('a branch replaces a sibling field at the same path, as AWS unfolds $or', () => {
    const pattern = { a: ['1'], $or: [{ a: ['2'] }, { b: ['3'] }] };
    check(pattern, [{ a: '2' }, { a: '1', b: '3' }], [{ a: '1' }, { a: '3', b: '3' }]);
  });
});

describe('SEMANTICS §C.6.4 worked examples', () => {
  const orderEvent = {
    source: 'com.example.orders',
    'detail-type': 'OrderShipped',
    detail: { items: 3, carrier: 'DHL', address: { country: 'DE' } },
  };
  const first = {
    source: ['com.example.orders'],
    'detail-type': ['OrderShipped', 'OrderDelivered'],
    detail: {
      items: [{ numeric: ['>=', 1, '<', 100] }],
      carrier: [{ 'anything-but': ['POSTAL'] }],
      address: { country: [{ 'equals-ignore-case': 'de' }] },
    },
  };

  it('the order pattern', () => {
    check(first, [orderEvent, { ...orderEvent, detail: { ...orderEvent.detail, carrier: null } }], [
      { ...orderEvent, detail: { items: 3, address: { country: 'DE' } } },
      { ...orderEvent, detail: { ...orderEvent.detail, items: '3' } },
      { ...orderEvent, detail: { ...orderEvent.detail, carrier: 'POSTAL' } },
      { ...orderEvent, 'detail-type': 'OrderCreated' },
    ]);
  });

  it('the $or + exists:false pattern', () => {
    const second = { detail: { $or: [{ priority: ['HIGH'] }, { amount: [{ numeric: ['>', 1000] }] }], tags: [{ exists: false }] } };
    check(second, [
      { detail: { priority: 'LOW', amount: 1500 } },
      { detail: { priority: 'HIGH', tags: { a: 1 } } },
    ], [
      { detail: { priority: 'HIGH', tags: 'x' } },
      { detail: { priority: 'LOW', amount: 1000 } },
    ]);
  });
});

describe('compilePatterns', () => {
  it('ORs the filters and reports its size', () => {
    const set = compilePatterns(['{"eventName":["INSERT"]}', { dynamodb: { Keys: { pk: { S: [{ prefix: 'user#' }] } } } }]);
    assert.equal(set.size, 2);
    assert.equal(set.matches({ eventName: 'INSERT' }), true);
    assert.equal(set.matches({ eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: 'user#1' } } } }), true);
    assert.equal(set.matches({ eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: 'order#1' } } } }), false);
  });

  it('an empty set matches nothing', () => {
    const set = compilePatterns([]);
    assert.equal(set.size, 0);
    assert.equal(set.matches({}), false);
  });

  it('rejects the set when one pattern is invalid', () => {
    assert.throws(() => compilePatterns(['{"a":["x"]}', '{"a":"x"}']), { message: 'Event pattern is not valid. Reason: "a" must be an object or an array' });
  });
});

describe('non-object events', () => {
  it('treats a non-object event as one without fields', () => {
    const compiled = compilePattern({ a: [{ exists: false }] });
    for (const event of [null, undefined, 'x', 3, true, [], [1, 'a']]) assert.equal(compiled.matches(event), true);
    const positive = compilePattern({ a: ['x'] });
    for (const event of [null, undefined, 'x', 3, true, [], ['x']]) assert.equal(positive.matches(event), false);
  });
});
