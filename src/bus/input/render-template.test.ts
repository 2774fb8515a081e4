import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseInputTemplate } from './input-template.js';
import { evaluateJsonPath, parseJsonPath } from './json-path.js';
import type { JsonValue } from './json-value.js';
import { renderTemplate, type RenderedTemplate } from './render-template.js';

const values: Record<string, JsonValue> = {
  id: 'ord-7781',
  qty: 3,
  price: 1.5,
  gift: true,
  none: null,
  payload: { acc_id: '0a78', sf_id: 'baz' },
  states: ['ACTIVE', 'INACTIVE'],
  quoted: 'say "hi"',
};
const render = (template: string): RenderedTemplate => renderTemplate(parseInputTemplate(template), (name) => values[name]);
const rendered = (template: string): string => {
  const result = render(template);
  assert.equal(result.kind, 'rendered', `${template} rendered ${JSON.stringify(result)}`);
  return result.text;
};

describe('renderTemplate: JSON templates', () => {
  it('writes values in value position as JSON', () => {
    assert.equal(
      rendered('{"id": <id>, "qty": <qty>, "price": <price>, "gift": <gift>, "none": <none>, "payload": <payload>, "states": <states>}'),
      '{"id":"ord-7781","qty":3,"price":1.5,"gift":true,"none":null,"payload":{"acc_id":"0a78","sf_id":"baz"},"states":["ACTIVE","INACTIVE"]}',
    );
  });

  it('gives the same result for a string value quoted or not', () => {
    assert.equal(rendered('{"id": <id>}'), '{"id":"ord-7781"}');
    assert.equal(rendered('{"id": "<id>"}'), '{"id":"ord-7781"}');
  });

  it('writes text inside strings: strings raw, numbers and booleans as written', () => {
    assert.equal(rendered('{"t": "order <id>: <qty> x <price>, gift <gift>, <none>"}'), '{"t":"order ord-7781: 3 x 1.5, gift true, null"}');
  });

  it('drops a rendering that is not JSON: an object or array inside a string keeps its quotes', () => {
    assert.deepEqual(render('{"p": "<payload>"}'), { kind: 'invalid-json', text: '{"p": "{"acc_id":"0a78","sf_id":"baz"}"}' });
    assert.equal(render('{"s": "states <states>"}').kind, 'invalid-json');
  });

  it('does not escape strings inside strings, so a quote in a value breaks the JSON', () => {
    assert.equal(render('{"q": "<quoted>"}').kind, 'invalid-json');
    assert.equal(rendered('{"q": <quoted>}'), '{"q":"say \\"hi\\""}');
  });

  it('writes "" for a path that selects nothing, in value position too', () => {
    assert.equal(rendered('{"m": <missing>, "t": "x<missing>y"}'), '{"m":"","t":"xy"}');
  });

  it('fills every occurrence of a placeholder and resolves it once', () => {
    const asked: string[] = [];
    const template = parseInputTemplate('{"a": <id>, "b": "<id>-<id>", "c": [<id>]}');
    const result = renderTemplate(template, (name) => {
      asked.push(name);
      return values[name];
    });
    assert.deepEqual(result, { kind: 'rendered', text: '{"a":"ord-7781","b":"ord-7781-ord-7781","c":["ord-7781"]}', json: true });
    assert.deepEqual(asked, ['id']);
  });

  it('minifies, keeping number text as written', () => {
    assert.equal(rendered('{\n  "a" : 1.0,\n  "b" : [ 1e3 , "x  y" ]\n}'), '{"a":1.0,"b":[1e3,"x  y"]}');
  });

  it('drops a template that is not JSON whatever the values', () => {
    assert.equal(render('{"a": <id>').kind, 'invalid-json');
    assert.equal(render('{<id>: 1}').kind, 'invalid-json');
  });
});

describe('renderTemplate: text templates', () => {
  it('delivers a quoted template as a JSON string', () => {
    assert.deepEqual(render('"Order <id> has <qty> items"'), { kind: 'rendered', text: '"Order ord-7781 has 3 items"', json: true });
  });

  it('writes objects and arrays with every quote removed', () => {
    assert.equal(rendered('"payload <payload>"'), '"payload {acc_id:0a78,sf_id:baz}"');
    assert.equal(rendered('"states <states>"'), '"states [ACTIVE,INACTIVE]"');
    assert.equal(rendered('<payload>'), '{acc_id:0a78,sf_id:baz}');
  });

  it('writes nothing for a path that selects nothing', () => {
    assert.equal(rendered('"detail <missing>"'), '"detail "');
  });

  it('says whether the text is JSON', () => {
    assert.deepEqual(render('<id> is in state <qty>'), { kind: 'rendered', text: 'ord-7781 is in state 3', json: false });
    assert.deepEqual(render('"say <quoted>"'), { kind: 'rendered', text: '"say say "hi""', json: false });
    assert.deepEqual(render('<qty>'), { kind: 'rendered', text: '3', json: true });
    assert.deepEqual(render('[ <qty>, 2 ]'), { kind: 'rendered', text: '[ 3, 2 ]', json: true });
  });
});

describe('renderTemplate with a Pipes-style resolver', () => {
  it('resolves <$.path> placeholders and reserved names through the same renderer', () => {
    const record = { eventID: 'e1', dynamodb: { NewImage: { orderId: { S: 'ord-7781' } } } };
    const pipes = /\$[A-Za-z0-9_.\-/[\]*]*|aws\.pipes\.[A-Za-z0-9_.-]+/;
    const template = parseInputTemplate('{"order": <$.dynamodb.NewImage.orderId.S>, "pipe": <aws.pipes.pipe-name>, "gone": <$.nope>}', pipes);
    const reserved: Record<string, JsonValue> = { 'aws.pipes.pipe-name': 'orders-pipe' };
    const result = renderTemplate(template, (name) => {
      const path = name.startsWith('$') ? parseJsonPath(name) : undefined;
      return path ? evaluateJsonPath(path, record) : reserved[name];
    });
    assert.deepEqual(result, { kind: 'rendered', text: '{"order":"ord-7781","pipe":"orders-pipe","gone":""}', json: true });
  });
});

describe('renderTemplate properties', () => {
  const noPlaceholders = fc.string().filter((text) => !/<[A-Za-z0-9_.-]+>/.test(text));

  it('renders a text template without placeholders to itself', () => {
    fc.assert(
      fc.property(noPlaceholders.filter((text) => !/^[ \t\n\r]*\{/.test(text)), (text) => {
        const result = renderTemplate(parseInputTemplate(text), () => assert.fail('nothing to resolve'));
        assert.equal(result.kind, 'rendered');
        assert.equal(result.text, text);
      }),
    );
  });

  it('renders a JSON object without placeholders to its minified self', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (object) => {
        const text = JSON.stringify(object, null, 1);
        fc.pre(!/<[A-Za-z0-9_.-]+>/.test(text));
        assert.deepEqual(renderTemplate(parseInputTemplate(text), () => undefined), { kind: 'rendered', text: JSON.stringify(object), json: true });
      }),
    );
  });

  it('renders a value-position placeholder of any JSON value to valid JSON equal to the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, nested) => {
        const template = nested ? '{ "a": [1, {"v": <v>}] }' : '{"v": <v>}';
        const result = renderTemplate(parseInputTemplate(template), () => value as JsonValue);
        assert.equal(result.kind, 'rendered');
        const parsed = JSON.parse(result.text) as { v: unknown; a: [number, { v: unknown }] };
        assert.deepEqual(nested ? parsed.a[1].v : parsed.v, JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('renders a text template of placeholders to the values written without quotes', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), (list) => {
        const template = parseInputTemplate(list.map((_, i) => `<v${i}>`).join(' '));
        const result = renderTemplate(template, (name) => list[Number(name.slice(1))] as JsonValue);
        const expected = list.map((value) => (typeof value === 'string' ? value : JSON.stringify(value).replaceAll('"', ''))).join(' ');
        assert.equal(result.text, expected);
      }),
    );
  });
});
