import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileTargetInput, renderTargetInput, type TargetInput, type TargetInputSettings } from './render-target-input.js';
import type { RuleContext } from './reserved-variables.js';

/** SEMANTICS C.3's composed event, fields in the order EventBridge writes them. */
const event = {
  version: '0',
  id: '3f1c2b8e-6a0d-4c57-9e4b-1a2b3c4d5e6f',
  'detail-type': 'OrderShipped',
  source: 'com.example.orders',
  account: '111122223333',
  time: '2026-03-14T10:05:07Z',
  region: 'eu-west-1',
  resources: ['arn:aws:dynamodb:eu-west-1:111122223333:table/Orders'],
  detail: { orderId: 'ord-7781', carrier: 'DHL', items: 3, payload: { acc_id: '0a78', sf_id: 'baz' }, states: ['ACTIVE', 'INACTIVE'], gift: true },
};
const rule: RuleContext = {
  ruleArn: 'arn:aws:events:eu-west-1:111122223333:rule/orders-shipped',
  ruleName: 'orders-shipped',
  ingestionTime: new Date('2026-03-14T10:05:08.250Z'),
};

const transform = (inputTemplate: string, inputPathsMap?: Record<string, string>): TargetInput =>
  renderTargetInput({ inputTransformer: { inputTemplate, ...(inputPathsMap ? { inputPathsMap } : {}) } }, event, rule);
const payload = (result: TargetInput): string => {
  assert.equal(result.outcome, 'deliver', JSON.stringify(result));
  return result.payload;
};

describe('C.7.1 what the target receives', () => {
  it('no input option: the envelope as JSON text, exactly', () => {
    assert.deepEqual(renderTargetInput({}, event, rule), { outcome: 'deliver', payload: JSON.stringify(event), json: true });
  });

  it('Input: the constant text, nothing from the event', () => {
    const input = '{ "constant" : [1, 2] }';
    assert.deepEqual(renderTargetInput({ input }, event, rule), { outcome: 'deliver', payload: input, json: true });
  });

  it('InputPath: the selected value as JSON, a string as a JSON string literal', () => {
    assert.equal(payload(renderTargetInput({ inputPath: '$.detail.payload' }, event, rule)), '{"acc_id":"0a78","sf_id":"baz"}');
    assert.equal(payload(renderTargetInput({ inputPath: '$.detail.payload.sf_id' }, event, rule)), '"baz"');
    assert.equal(payload(renderTargetInput({ inputPath: '$.detail.items' }, event, rule)), '3');
    assert.equal(payload(renderTargetInput({ inputPath: '$.resources[0]' }, event, rule)), '"arn:aws:dynamodb:eu-west-1:111122223333:table/Orders"');
    assert.equal(payload(renderTargetInput({ inputPath: '$' }, event, rule)), JSON.stringify(event));
  });

  it('InputPath that selects nothing: nothing is sent', () => {
    assert.deepEqual(renderTargetInput({ inputPath: '$.detail.nope' }, event, rule), {
      outcome: 'dropped',
      reason: 'input-path-selects-nothing',
      inputPath: '$.detail.nope',
    });
  });
});

describe('C.7.2 InputTransformer rules', () => {
  it('the composed example renders exactly', () => {
    const result = transform(
      '{"orderId": <order>, "text": "Order <order> shipped via <carrier>", "table": <firstRes>, "rule": <aws.events.rule-name>}',
      { order: '$.detail.orderId', carrier: '$.detail.carrier', firstRes: '$.resources[0]' },
    );
    assert.deepEqual(result, {
      outcome: 'deliver',
      payload: '{"orderId":"ord-7781","text":"Order ord-7781 shipped via DHL","table":"arn:aws:dynamodb:eu-west-1:111122223333:table/Orders","rule":"orders-shipped"}',
      json: true,
    });
  });

  it('1: a quoted template is delivered as a JSON string, quotes included', () => {
    assert.deepEqual(transform('"Order <id> is <carrier>"', { id: '$.detail.orderId', carrier: '$.detail.carrier' }), {
      outcome: 'deliver',
      payload: '"Order ord-7781 is DHL"',
      json: true,
    });
  });

  it('2: a value-position placeholder becomes a JSON value; quoted or not, a string gives the same', () => {
    const map = { id: '$.detail.orderId', n: '$.detail.items', gift: '$.detail.gift', payload: '$.detail.payload', states: '$.detail.states' };
    assert.equal(
      payload(transform('{"id": <id>, "n": <n>, "gift": <gift>, "payload": <payload>, "states": <states>}', map)),
      '{"id":"ord-7781","n":3,"gift":true,"payload":{"acc_id":"0a78","sf_id":"baz"},"states":["ACTIVE","INACTIVE"]}',
    );
    assert.equal(payload(transform('{"id": <id>}', map)), '{"id":"ord-7781"}');
    assert.equal(payload(transform('{"id": "<id>"}', map)), '{"id":"ord-7781"}');
  });

  it('3: inside a quoted string, text as it is; objects lose their quotes; inside a JSON template they break it and are dropped', () => {
    const map = { gift: '$.detail.gift', payload: '$.detail.payload', states: '$.detail.states' };
    assert.equal(payload(transform('"gift <gift>, payload <payload>, states <states>"', map)), '"gift true, payload {acc_id:0a78,sf_id:baz}, states [ACTIVE,INACTIVE]"');
    assert.equal(payload(transform('{"gift": "is <gift>"}', map)), '{"gift":"is true"}');
    assert.deepEqual(transform('{"p": "payload <payload>"}', map), {
      outcome: 'dropped',
      reason: 'transformed-input-not-json',
      rendered: '{"p": "payload {"acc_id":"0a78","sf_id":"baz"}"}',
    });
  });

  it('4: a path that selects nothing gives an empty string, quoted or not', () => {
    const map = { 'detail-type': '$.detail-type', command: '$.detail.notinmessage' };
    assert.equal(payload(transform('{"detailType": <detail-type>, "command": <command>}', map)), '{"detailType":"OrderShipped","command":""}');
    assert.equal(payload(transform('"Event of <detail-type> type, info extracted from detail <command>"', map)), '"Event of OrderShipped type, info extracted from detail "');
  });

  it('7: reserved variables: rule ARN and name, ingestion time, the event without detail, the whole event', () => {
    assert.equal(
      payload(transform('"<aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>"')),
      '"arn:aws:events:eu-west-1:111122223333:rule/orders-shipped orders-shipped 2026-03-14T10:05:08Z"',
    );
    assert.equal(
      payload(transform('{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}')),
      '{"originalEvent":{"id":"3f1c2b8e-6a0d-4c57-9e4b-1a2b3c4d5e6f","account":"111122223333","detailType":"OrderShipped","time":"2026-03-14T10:05:08Z","source":"com.example.orders","region":"eu-west-1","resources":["arn:aws:dynamodb:eu-west-1:111122223333:table/Orders"],"version":"0"},' +
        `"originalEventJson":${JSON.stringify(event)}}`,
    );
    assert.equal(payload(transform('{"ruleArn": <aws.events.rule-arn>}')), '{"ruleArn":"arn:aws:events:eu-west-1:111122223333:rule/orders-shipped"}');
  });

  it('7: <aws.events.event> keeps other top-level fields (replay-name) and never the detail', () => {
    const replayed = { ...event, 'replay-name': 'nightly' };
    const result = renderTargetInput({ inputTransformer: { inputTemplate: '{"e": <aws.events.event>}' } }, replayed, rule);
    const e = (JSON.parse(payload(result)) as { e: Record<string, unknown> }).e;
    assert.deepEqual(Object.keys(e), ['id', 'account', 'detailType', 'time', 'source', 'region', 'resources', 'version', 'replay-name']);
  });

  it('8: every occurrence of a placeholder is filled', () => {
    assert.equal(payload(transform('{"a": <id>, "b": "<id>/<id>", "c": [<id>, <id>]}', { id: '$.detail.orderId' })), '{"a":"ord-7781","b":"ord-7781/ord-7781","c":["ord-7781","ord-7781"]}');
  });

  it('a text template that is not JSON is delivered, marked as not JSON', () => {
    assert.deepEqual(transform('<instance> is in state <status>', { instance: '$.detail.orderId', status: '$.detail.carrier' }), {
      outcome: 'deliver',
      payload: 'ord-7781 is in state DHL',
      json: false,
    });
  });

  it('a template with special characters after its opening quote stays a string template', () => {
    assert.equal(payload(transform('"{[/Check with special starting characters for event of <dt> type"', { dt: '$.detail-type' })), '"{[/Check with special starting characters for event of OrderShipped type"');
  });

  it('prepares a target once for many events', () => {
    const render = compileTargetInput({ inputTransformer: { inputTemplate: '{"id": <id>}', inputPathsMap: { id: '$.detail.orderId' } } });
    for (const orderId of ['a', 'b', 'c']) {
      assert.equal(payload(render({ ...event, detail: { orderId } }, rule)), `{"id":"${orderId}"}`);
    }
  });

  it('renders any detail through a value-position placeholder to the detail itself (property)', () => {
    const settings: TargetInputSettings = { inputTransformer: { inputTemplate: '{ "d" : <d> }', inputPathsMap: { d: '$.detail' } } };
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (detail) => {
        const result = renderTargetInput(settings, { ...event, detail }, rule);
        assert.deepEqual(JSON.parse(payload(result)), { d: JSON.parse(JSON.stringify(detail)) });
      }),
    );
  });
});
