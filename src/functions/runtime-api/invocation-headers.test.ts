import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientContextJson, traceId } from './invocation-headers.js';

test('a trace header per invocation: Root with the epoch in hex, a Parent, not sampled', () => {
  const before = Math.floor(Date.now() / 1000);
  const header = traceId();
  const match = /^Root=1-([0-9a-f]{8})-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/.exec(header);
  assert.ok(match, header);
  assert.ok(Math.abs(parseInt(match[1]!, 16) - before) <= 1);
  assert.notEqual(traceId(), header);
});

test('the client context as JSON text, from JSON or its base64, ASCII only; anything else is left out', () => {
  const context = { custom: { city: 'Zürich ✓' }, env: { locale: 'de' } };
  for (const given of [JSON.stringify(context), Buffer.from(JSON.stringify(context)).toString('base64')]) {
    const header = clientContextJson(given)!;
    assert.match(header, /^[\x20-\x7e]+$/);
    assert.deepEqual(JSON.parse(header), context);
  }
  assert.equal(clientContextJson('not json, nor base64 of it'), undefined);
});
