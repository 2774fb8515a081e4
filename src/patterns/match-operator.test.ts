import { describe, it } from 'node:test';
import { check } from './fixtures/pattern-assertions.js';

const f = (value: unknown) => ({ f: value });
const absent = {};

describe('prefix', () => {
  it('starts-with on strings only', () => {
    check({ time: [{ prefix: '2017-10-02' }] }, [{ time: '2017-10-02T18:43:48Z' }, { time: '2017-10-02' }], [
      { time: '2017-10-03T18:43:48Z' }, { time: '2017-10-0' }, { time: 20171002 }, absent, { time: null },
    ]);
  });
  it('an empty prefix matches every string', () => {
    check({ f: [{ prefix: '' }] }, [f(''), f('anything')], [f(1), f(null), f(true), absent]);
  });
  it('is case-sensitive', () => {
    check({ f: [{ prefix: 'us-' }] }, [f('us-east-1')], [f('US-east-1'), f('eu-west-1')]);
  });
  it('with equals-ignore-case', () => {
    check({ detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
      [{ detail: { service: 'EventBridge' } }, { detail: { service: 'eventb' } }, { detail: { service: 'EVENTBUS' } }],
      [{ detail: { service: 'Event' } }, { detail: { service: 'xEventB' } }, { detail: { service: 1 } }]);
  });
  it('works on the string elements of an event array', () => {
    check({ f: [{ prefix: 'a' }] }, [f([1, 'abc'])], [f([1, 'bcd']), f([])]);
  });
});

describe('suffix', () => {
  it('ends-with, case-sensitive', () => {
    check({ FileName: [{ suffix: '.png' }] }, [{ FileName: 'image.png' }, { FileName: '.png' }], [
      { FileName: 'image.PNG' }, { FileName: 'image.png.jpg' }, { FileName: 5 }, absent,
    ]);
  });
  it('an empty suffix matches every string', () => {
    check({ f: [{ suffix: '' }] }, [f(''), f('x')], [f(0), f(null)]);
  });
  it('with equals-ignore-case', () => {
    check({ detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
      [{ detail: { FileName: 'a.PNG' } }, { detail: { FileName: 'a.pNg' } }, { detail: { FileName: '.png' } }],
      [{ detail: { FileName: 'a.jpg' } }, { detail: { FileName: 'a.png ' } }]);
  });
});

describe('equals-ignore-case', () => {
  it('case-insensitive equality', () => {
    check({ name: [{ 'equals-ignore-case': 'alice' }] }, [{ name: 'ALICE' }, { name: 'Alice' }, { name: 'alice' }, { name: ['bob', 'AlIcE'] }], [
      { name: 'alicia' }, { name: 'alice ' }, { name: null }, absent,
    ]);
  });
  it('an empty value matches only an empty string', () => {
    check({ f: [{ 'equals-ignore-case': '' }] }, [f('')], [f(' '), f(null), absent]);
  });
  it('handles non-ASCII letters', () => {
    check({ f: [{ 'equals-ignore-case': 'ÉCOLE' }] }, [f('école')], [f('ecole')]);
  });
});

describe('wildcard', () => {
  it('matches any run of characters, including / and nothing', () => {
    check({ f: [{ wildcard: 'dir/*.png' }] }, [f('dir/a.png'), f('dir/.png'), f('dir/sub/dir/b.png')], [
      f('dir/a.jpg'), f('other/a.png'), f('dir/a.png.bak'), f(3),
    ]);
  });
  it('handles several wildcards', () => {
    check({ EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
      [{ EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' }],
      [{ EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/default' }, { EventBusArn: 'arn:aws:events:us-east-1:123:rule/x' }]);
    check({ f: [{ wildcard: '*a*b*' }] }, [f('ab'), f('xaxbx'), f('ba ab')], [f('ba'), f('a'), f('')]);
  });
  it('does not let the leading and trailing literals overlap', () => {
    check({ f: [{ wildcard: 'ab*ba' }] }, [f('abba'), f('abxba')], [f('aba'), f('ab')]);
  });
  it('escapes * and \\', () => {
    check({ f: [{ wildcard: 'a\\*b' }] }, [f('a*b')], [f('axb'), f('a\\*b')]);
    check({ f: [{ wildcard: 'a\\\\*' }] }, [f('a\\'), f('a\\xyz')], [f('axyz')]);
  });
  it('without a * it is exact equality; "" matches only ""', () => {
    check({ f: [{ wildcard: 'abc' }] }, [f('abc')], [f('abcd'), f('ABC')]);
    check({ f: [{ wildcard: '' }] }, [f('')], [f('a'), absent]);
    check({ f: [{ wildcard: '*' }] }, [f(''), f('x')], [f(1), f(null), absent]);
  });
  it('treats regex characters literally', () => {
    check({ f: [{ wildcard: 'a.c*' }] }, [f('a.cd')], [f('abcd')]);
  });
});

describe('anything-but', () => {
  it('a single string', () => {
    check({ state: [{ 'anything-but': 'initializing' }] }, [{ state: 'running' }, { state: null }, { state: 5 }, { state: true }, { state: ['initializing', 'x'] }], [
      { state: 'initializing' }, absent, { state: [] }, { state: { a: 1 } }, { state: ['initializing'] },
    ]);
  });
  it('a single number compares by value', () => {
    check({ 'x-limit': [{ 'anything-but': 123 }] }, [{ 'x-limit': 124 }, { 'x-limit': '123' }, { 'x-limit': null }], [
      { 'x-limit': 123 }, { 'x-limit': 123.0 }, absent,
    ]);
  });
  it('a list of strings', () => {
    check({ state: [{ 'anything-but': ['stopped', 'overloaded'] }] }, [{ state: 'running' }, { state: 7 }], [{ state: 'stopped' }, { state: 'overloaded' }, absent]);
  });
  it('a list of numbers', () => {
    check({ n: [{ 'anything-but': [100, 200, 300] }] }, [{ n: 150 }, { n: '100' }], [{ n: 100 }, { n: 3e2 }]);
  });
  it('prefix', () => {
    check({ state: [{ 'anything-but': { prefix: 'init' } }] }, [{ state: 'running' }, { state: 'xinit' }, { state: null }, { state: 3 }], [
      { state: 'initializing' }, { state: 'init' }, absent,
    ]);
    check({ f: [{ 'anything-but': { prefix: ['a', 'b'] } }] }, [f('c')], [f('apple'), f('banana')]);
  });
  it('suffix', () => {
    check({ FileName: [{ 'anything-but': { suffix: '.txt' } }] }, [{ FileName: 'a.png' }, { FileName: 7 }], [{ FileName: 'a.txt' }, absent]);
    check({ f: [{ 'anything-but': { suffix: ['.jpg', '.txt'] } }] }, [f('a.png')], [f('a.jpg'), f('b.txt')]);
  });
  it('equals-ignore-case', () => {
    check({ name: [{ 'anything-but': { 'equals-ignore-case': 'Bob' } }] }, [{ name: 'alice' }, { name: null }, { name: 1 }], [{ name: 'BOB' }, { name: 'bob' }, absent]);
    check({ name: [{ 'anything-but': { 'equals-ignore-case': ['Bob', 'Eve'] } }] }, [{ name: 'alice' }], [{ name: 'eVe' }, { name: 'bOB' }]);
  });
  it('wildcard', () => {
    check({ dir: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, [{ dir: '/usr/bin/x' }, { dir: 42 }], [{ dir: '/usr/lib/x' }, absent]);
    check({ f: [{ 'anything-but': { wildcard: ['*.jar', '*.war'] } }] }, [f('a.ear')], [f('a.jar'), f('b.war')]);
    check({ f: [{ 'anything-but': { wildcard: '' } }] }, [f('a'), f(null)], [f('')]);
  });
});

describe('numeric', () => {
  it('a single comparison of each kind', () => {
    check({ n: [{ numeric: ['=', 100] }] }, [{ n: 100 }, { n: 100.0 }], [{ n: 100.5 }, { n: '100' }, { n: null }, { n: true }, absent]);
    check({ n: [{ numeric: ['<', 0] }] }, [{ n: -0.5 }, { n: -1e9 }], [{ n: 0 }, { n: 1 }]);
    check({ n: [{ numeric: ['<=', 0] }] }, [{ n: 0 }, { n: -3 }], [{ n: 0.0001 }]);
    check({ n: [{ numeric: ['>', 100] }] }, [{ n: 101.0 }, { n: 100.0001 }], [{ n: 100 }, { n: '101' }]);
    check({ n: [{ numeric: ['>=', 100] }] }, [{ n: 100 }, { n: 1e10 }], [{ n: 99.999 }]);
  });
  it('a range with open and closed ends', () => {
    check({ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, [{ 'c-count': 5 }, { 'c-count': 0.1 }], [{ 'c-count': 0 }, { 'c-count': 5.01 }]);
    check({ n: [{ numeric: ['>=', 1, '<', 100] }] }, [{ n: 1 }, { n: 99.99 }], [{ n: 100 }, { n: 0.99 }]);
  });
  it('works on number elements of event arrays and with several ranges ORed', () => {
    check({ n: [{ numeric: ['<', 0] }, { numeric: ['>', 10] }] }, [{ n: -1 }, { n: 11 }, { n: [5, 20] }], [{ n: 5 }, { n: [0, 10] }]);
  });
  it('handles large and fractional values as doubles', () => {
    check({ n: [{ numeric: ['>', 5e9] }] }, [{ n: 5.5e9 }], [{ n: 5e9 }]);
    check({ n: [{ numeric: ['=', 0.1] }] }, [{ n: 0.1 }], [{ n: 0.10000001 }]);
  });
});

describe('exists', () => {
  it('true needs a leaf value', () => {
    check({ f: [{ exists: true }] }, [f('x'), f(null), f(0), f(''), f(false), f(['x'])], [absent, f({ a: 1 }), f([]), f([{ a: 1 }])]);
  });
  it('false holds when there is no leaf value', () => {
    check({ f: [{ exists: false }] }, [absent, f({ a: 1 }), f([])], [f('x'), f(null), f(0), f([1])]);
  });
  it('on a nested path', () => {
    check({ detail: { c: [{ exists: false }] } }, [{}, { detail: {} }, { detail: 'str' }], [{ detail: { c: 1 } }]);
    check({ detail: { c: [{ exists: true }] } }, [{ detail: { c: 1 } }, { detail: [{ x: 1 }, { c: 2 }] }], [{}, { detail: 'c' }]);
  });
  it('ORed with a value in the same array', () => {
    check({ f: ['x', { exists: false }] }, [f('x'), absent], [f('y')]);
    check({ f: [{ exists: true }, { exists: false }] }, [f('x'), absent, f({})], []);
  });
});

describe('cidr', () => {
  it('IPv4', () => {
    check({ sourceIPAddress: [{ cidr: '10.0.0.0/24' }] }, [{ sourceIPAddress: '10.0.0.0' }, { sourceIPAddress: '10.0.0.255' }], [
      { sourceIPAddress: '10.0.1.0' }, { sourceIPAddress: '10.0.0.256' }, { sourceIPAddress: 'not-an-ip' }, { sourceIPAddress: 167772160 }, absent,
    ]);
    check({ ip: [{ cidr: '0.0.0.0/0' }] }, [{ ip: '1.2.3.4' }, { ip: '255.255.255.255' }], [{ ip: '::1' }]);
    check({ ip: [{ cidr: '192.168.1.128/25' }] }, [{ ip: '192.168.1.200' }], [{ ip: '192.168.1.127' }]);
  });
  it('IPv6, with full-form events matching a compressed CIDR', () => {
    check({ ip: [{ cidr: '2001:db8:1234:1a00::/64' }] }, [
      { ip: '2001:db8:1234:1a00::1' }, { ip: '2001:0db8:1234:1a00:0000:0000:0000:0001' }, { ip: '2001:DB8:1234:1A00:ffff:ffff:ffff:ffff' },
    ], [{ ip: '2001:db8:1234:1a01::' }, { ip: '10.0.0.1' }, { ip: '2001:db8::1::2' }]);
  });
  it('matches any element of an event array', () => {
    check({ ip: [{ cidr: '10.0.0.0/8' }] }, [{ ip: ['1.1.1.1', '10.9.9.9'] }], [{ ip: ['1.1.1.1'] }]);
  });
});

describe('mixing conditions in one array', () => {
  it('ORs literals and operators', () => {
    check({ f: ['exact', { prefix: 'pre-' }, { numeric: ['>', 10] }, null] }, [f('exact'), f('pre-x'), f(11), f(null)], [f('pre'), f(10), f('Exact')]);
  });
});
