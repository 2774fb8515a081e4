import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePipeTemplate, pathOrValue, templateProblem } from './pipe-template.js';

const pipe = {
  arn: 'arn:aws:pipes:us-east-1:000000000000:pipe/p',
  name: 'p',
  source: 'arn:aws:sqs:us-east-1:000000000000:in',
  target: 'arn:aws:sqs:us-east-1:000000000000:out',
};
const record = { eventName: 'INSERT', dynamodb: { Keys: { id: { S: 'o-1' } }, NewImage: { n: { N: '3' }, tags: { SS: ['a', 'b'] } } } };
const render = (template: string, at = Date.UTC(2026, 11, 6, 12, 0, 0)) => compilePipeTemplate(template, pipe)(record, at);

describe('Pipes input templates', () => {
  it('writes a path in value position as JSON and inside a string as text', () => {
    assert.equal(render('{"id": <$.dynamodb.Keys.id.S>, "keys": <$.dynamodb.Keys>}'), '{"id":"o-1","keys":{"id":{"S":"o-1"}}}');
    assert.equal(render('{"text": "order <$.dynamodb.Keys.id.S> was <$.eventName>"}'), '{"text":"order o-1 was INSERT"}');
    assert.equal(render('{"tags": <$.dynamodb.NewImage.tags.SS>, "first": <$.dynamodb.NewImage.tags.SS[0]>}'), '{"tags":["a","b"],"first":"a"}');
  });

  it('renders a path that selects nothing as an empty string', () => {
    assert.equal(render('{"missing": <$.dynamodb.OldImage>}'), '{"missing":""}');
    assert.equal(render('Order <$.nothing> done'), 'Order  done');
  });

  it('fills the aws.pipes variables', () => {
    assert.equal(
      render('{"a": <aws.pipes.pipe-arn>, "n": <aws.pipes.pipe-name>, "s": <aws.pipes.source-arn>, "t": <aws.pipes.target-arn>, "e": <aws.pipes.enrichment-arn>, "at": <aws.pipes.event.ingestion-time>}'),
      JSON.stringify({ a: pipe.arn, n: 'p', s: pipe.source, t: pipe.target, e: '', at: '2026-12-06T12:00:00Z' }),
    );
    assert.equal(render('{"whole": <aws.pipes.event.json>}'), JSON.stringify({ whole: record }));
  });

  it('drops a JSON template whose rendering is not JSON (an object inside a string)', () => {
    assert.equal(render('{"text": "keys <$.dynamodb.Keys>"}'), undefined);
  });

  it('keeps a text template as rendered, objects without their quotes', () => {
    assert.equal(render('"Order <$.dynamodb.Keys.id.S>"'), '"Order o-1"');
    assert.equal(render('keys: <$.dynamodb.Keys.id>'), 'keys: {S:o-1}');
  });

  it('refuses placeholders that are neither paths nor reserved variables', () => {
    assert.equal(templateProblem('{"a": <$.detail.id>, "b": <aws.pipes.pipe-name>}'), undefined);
    assert.match(templateProblem('{"a": <foo>}')!, /<foo>/);
    assert.match(templateProblem('{"a": <aws.events.rule-name>}')!, /<aws\.events\.rule-name>/);
    assert.match(templateProblem('{"a": <$..deep>}')!, /<\$\.\.deep>/);
    assert.equal(templateProblem('a < b and c > d'), undefined);
  });

  it('reads a member as a path when it starts with $, else as a value', () => {
    assert.equal(pathOrValue('$.eventName')(record), 'INSERT');
    assert.equal(pathOrValue('$.none')(record), undefined);
    assert.equal(pathOrValue('my-service.orders')(record), 'my-service.orders');
  });
});
