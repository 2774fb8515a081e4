import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkFilterPolicy, compileFilterPolicy, filterPolicyErrorMessage, InvalidFilterPolicyError } from './index.js';
import type { FilterPolicyScope } from './index.js';

/** Jackson's location suffix for a one-line policy. */
const at = (policy: string, column: number): string => `\n at [Source: (String)"${policy}"; line: 1, column: ${column}]`;

function refused(policy: string, message: string, scope: FilterPolicyScope = 'MessageAttributes'): void {
  assert.deepEqual(checkFilterPolicy(policy, scope), { ok: false, message }, policy);
  assert.throws(() => compileFilterPolicy(policy, scope), (error: unknown) => error instanceof InvalidFilterPolicyError && error.message === message);
}

function accepted(policy: string, scope: FilterPolicyScope = 'MessageAttributes'): void {
  assert.deepEqual(checkFilterPolicy(policy, scope), { ok: true }, policy);
}

// Every message and column below is AWS's, recorded by LocalStack's AWS-validated snapshots
// (tests/aws/services/sns/test_sns_filter_policy.snapshot.json, 2024-05) [O]; SEMANTICS §E.5.
const observed: [policy: string, reason: string, column: number][] = [
  ['{"key":[["value"]]}', 'Match value must be String, number, true, false, or null', 10],
  ['{"key":[{"wrong-operator":true}]}', 'Unrecognized match type wrong-operator', 31],
  ['{"key":[{"suffix":"value","prefix":"value2"}]}', 'Only one key allowed in match expression', 37],
  ['{"key":[{"suffix":100}]}', 'suffix match pattern must be a string', 22],
  ['{"key":[{"suffix":null}]}', 'suffix match pattern must be a string', 23],
  ['{"key":{"suffix":"value"}}', '"suffix" must be an object or an array', 19],
  ['{"key":[{"suffix":[]}]}', 'suffix match pattern must be a string', 20],
  ['{"key":[{"suffix":["test","test2"]}]}', 'suffix match pattern must be a string', 20],
  ['{"key":{"suffix":"value","prefix":"value"}}', '"suffix" must be an object or an array', 19],
  ['{"key":{"not-an-operator":"value"}}', '"not-an-operator" must be an object or an array', 28],
  ['{"key":[{"numeric":[]}]}', 'Invalid member in numeric match: ]', 22],
  ['{"key":[{"numeric":["operator"]}]}', 'Unrecognized numeric range operator: operator', 32],
  ['{"key":[{"numeric":[1,"<="]}]}', 'Invalid member in numeric match: 1', 22],
  ['{"key":[{"numeric":["=","000"]}]}', 'Value of equals must be numeric', 26],
  ['{"key":[{"numeric":[">="]}]}', 'Value of >= must be numeric', 26],
  ['{"key":[{"numeric":["<",100,">",10]}]}', 'Too many elements in numeric expression', 30],
  ['{"key":[{"numeric":[">=",1,">",2]}]}', 'Bad numeric range operator: >', 31],
  ['{"key":[{"numeric":[">",3,"<",1]}]}', 'Bottom must be less than top', 33],
  ['{"key":[{"numeric":[">",20,"<="]}]}', 'Value of <= must be numeric', 33],
  ['{"key":[{"numeric":[">",20,30]}]}', 'Bad value in numeric range: 30', 30],
  ['{"key":[{"numeric":[">",20,"test"]}]}', 'Bad numeric range operator: test', 34],
  ['{"key":[{"numeric":[">","20","<","30"]}]}', 'Value of > must be numeric', 26],
  ['{"key":[{"numeric":[">",20,"<","30"]}]}', 'Value of < must be numeric', 33],
  ['{"key":[{"numeric":[">",20,"<",30,"<",50]}]}', 'Too many terms in numeric range expression', 36],
  ['{"key":[{"exists":null}]}', 'exists match pattern must be either true or false.', 23],
  ['{"key":[{"exists":"no"}]}', 'exists match pattern must be either true or false.', 20],
  ['{"key":[{"anything-but":{"wrong-operator":null}}]}', 'Unsupported anything-but pattern: wrong-operator', 47],
  ['{"key":[{"anything-but":{"suffix":"test"}}]}', 'Unsupported anything-but pattern: suffix', 36],
  ['{"key":[{"anything-but":{"exists":false}}]}', 'Unsupported anything-but pattern: exists', 40],
  ['{"key":[{"anything-but":{"prefix":false}}]}', 'prefix match pattern must be a string', 40],
  ['{"key_a":"value_one"}', '"key_a" must be an object or an array', 11],
];

describe('filter policy validation: AWS messages and columns', () => {
  for (const [policy, reason, column] of observed) {
    it(`${policy} → ${reason}`, () => refused(policy, `${reason}${at(policy, column)}`));
  }

  it('counts lines and columns past newlines, as Jackson does', () => {
    const policy = '{\n  "key": [\n    {"exists": "no"}\n  ]\n}';
    refused(policy, `exists match pattern must be either true or false.\n at [Source: (String)"${policy}"; line: 3, column: 17]`);
  });

  it('quotes at most 500 characters of the policy (Jackson; unconfirmed on SNS)', () => {
    const policy = `{"${'k'.repeat(600)}":"x"}`;
    const reason = `"${'k'.repeat(600)}" must be an object or an array`;
    const suffix = `\n at [Source: (String)"${policy.slice(0, 500)}"[truncated ${policy.length - 500} chars]; line: 1, column: 606]`;
    refused(policy, reason + suffix);
  });
});

describe('filter policy validation: more of the grammar', () => {
  it('refuses a policy that is not an object', () => {
    refused('["a"]', `Filter is not an object${at('["a"]', 2)}`);
    refused('"a"', `Filter is not an object${at('"a"', 2)}`);
  });
  it('refuses empty arrays, and empty objects below the top', () => {
    refused('{"a":[]}', `Empty arrays are not allowed${at('{"a":[]}', 8)}`);
    refused('{"a":{}}', `Empty objects are not allowed${at('{"a":{}}', 8)}`, 'MessageBody');
  });
  it('has no wildcard, exactly, or ignore-case prefix (unconfirmed)', () => {
    refused('{"a":[{"wildcard":"x*"}]}', `Unrecognized match type wildcard${at('{"a":[{"wildcard":"x*"}]}', 20)}`);
    refused('{"a":[{"prefix":{"equals-ignore-case":"x"}}]}', `prefix match pattern must be a string${at('{"a":[{"prefix":{"equals-ignore-case":"x"}}]}', 18)}`);
  });
  it('checks cidr with the pattern engine', () => {
    refused('{"a":[{"cidr":"10.0.0.0"}]}', `Malformed CIDR, one '/' required${at('{"a":[{"cidr":"10.0.0.0"}]}', 25)}`);
    refused('{"a":[{"cidr":"10.0.0.0/x"}]}', `Malformed CIDR, mask bits must be an integer${at('{"a":[{"cidr":"10.0.0.0/x"}]}', 27)}`);
    refused('{"a":[{"cidr":"10.0.0.256/8"}]}', `Nonstandard IP address: 10.0.0.256${at('{"a":[{"cidr":"10.0.0.256/8"}]}', 29)}`);
    accepted('{"a":[{"cidr":"2001:db8:1234:1a00::/64"}]}');
  });
  it('checks anything-but lists', () => {
    const policy = '{"a":[{"anything-but":["x",1]}]}';
    refused(policy, `Inside anything but list, either all values are number or string, mixed type is not supported${at(policy, 30)}`);
    accepted('{"a":[{"anything-but":["x","y"]}]}');
    accepted('{"a":[{"anything-but":{"prefix":"test-"}}]}');
    accepted('{"a":[{"anything-but":5}]}');
  });
  it('checks $or', () => {
    refused('{"$or":[{"a":["x"]}]}', `There must have at least 2 Objects in $or relationship.${at('{"$or":[{"a":["x"]}]}', 21)}`);
    refused('{"$or":[{"a":["x"]},["b"]]}', `Only JSON object is allowed in array of $or relationship.${at('{"$or":[{"a":["x"]},["b"]]}', 22)}`);
    accepted('{"$or":[{"a":["x"]},{"b":["y"]}],"c":[1]}');
  });
  it('refuses malformed JSON with Jackson-like texts (texts unconfirmed; column 3 as Jackson counts)', () => {
    refused('{invalidjson}', `failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start field name${at('{invalidjson}', 3)}`);
    refused('{"a":[1,]}', `failed to parse JSON. Unexpected character (']' (code 93)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')${at('{"a":[1,]}', 10)}`);
    refused('{"a":[tru]}', `failed to parse JSON. Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')${at('{"a":[tru]}', 10)}`);
    assert.equal(checkFilterPolicy('{"a":["x"]', 'MessageAttributes').ok, false);
    assert.equal(checkFilterPolicy('', 'MessageAttributes').ok, false);
    assert.equal(checkFilterPolicy('{"a":["x"]} {}', 'MessageAttributes').ok, false);
  });
  it('reports a syntax error before a grammar error earlier in the text', () => {
    refused('{"a":[],', `failed to parse JSON. Unexpected end-of-input within/between Object entries${at('{"a":[],', 9)}`);
  });
  it('survives deep nesting', () => {
    const deep = `${'{"a":'.repeat(5000)}["x"]${'}'.repeat(5000)}`;
    assert.match((checkFilterPolicy(deep, 'MessageBody') as { message: string }).message, /nesting depth/);
  });
});

describe('filter policy limits (SNS)', () => {
  it('refuses nested policies in MessageAttributes scope, with the bare message [O]', () => {
    const policy = '{"object":{"key":[{"prefix":"auto-"}]}}';
    const check = checkFilterPolicy(policy, 'MessageAttributes');
    assert.deepEqual(check, { ok: false, message: 'Filter policy scope MessageAttributes does not support nested filter policy', bare: true });
    assert.equal(
      filterPolicyErrorMessage(check as { message: string; bare: boolean }, 'SetSubscriptionAttributes'),
      'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy',
    );
    accepted(policy, 'MessageBody');
  });
  it('allows at most 5 keys, counting only top-level keys of nested policies [O]', () => {
    const six = JSON.stringify(Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`key${n}`, [`value${n}`]])));
    refused(six, 'Filter policy can not have more than 5 keys');
    accepted(JSON.stringify({ a: { b: ['1'], c: ['2'], d: ['3'] }, e: { f: ['4'], g: ['5'], h: ['6'] } }), 'MessageBody');
  });
  it('caps the total combination at 150 [O][D]', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `value${i}`);
    refused(JSON.stringify({ key: values(151) }), 'Filter policy is too complex');
    accepted(JSON.stringify({ key: values(150) }));
    refused(JSON.stringify({ key1: values(100), key2: values(51) }), 'Filter policy is too complex');
    // AWS's worked example: 3 x 4 x 2 x 3 x 1 x 3 = 216.
    const nested = { key_a: { key_b: { key_c: values(4) } }, key_d: { key_e: values(3) }, key_f: values(3) };
    refused(JSON.stringify(nested), 'Filter policy is too complex', 'MessageBody');
    // The $or cases: 152 and 160 refused, 150 accepted.
    const metric = (ids: number) => ({
      $or: [
        { metricName: values(6) },
        { metricType: values(4), $or: [{ metricId: [1234, 4321, 5678, 9012] }, { spaceId: Array.from({ length: ids }, (_, i) => i) }] },
      ],
    });
    refused(JSON.stringify({ source: values(4), ...metric(4) }), 'Filter policy is too complex');
    accepted(JSON.stringify({ source: values(3), ...metric(7) }));
    const nestedOr = {
      $or: [{ metricName: values(3) }, { namespace: values(2) }],
      detail: { scope: values(2), $or: [{ source: values(1) }, { type: values(3) }] },
    };
    refused(JSON.stringify(nestedOr), 'Filter policy is too complex', 'MessageBody');
  });
  it('builds the caller prefixes of Subscribe and SetSubscriptionAttributes [O]', () => {
    const problem = { message: 'Filter policy is too complex' };
    assert.equal(filterPolicyErrorMessage(problem, 'Subscribe'), 'Invalid parameter: Attributes Reason: FilterPolicy: Filter policy is too complex');
    assert.equal(filterPolicyErrorMessage(problem, 'SetSubscriptionAttributes'), 'Invalid parameter: FilterPolicy: Filter policy is too complex');
  });
  it('refuses policies over 256 KB', () => {
    assert.equal(checkFilterPolicy(JSON.stringify({ a: ['x'.repeat(256 * 1024)] }), 'MessageAttributes').ok, false);
  });
});
