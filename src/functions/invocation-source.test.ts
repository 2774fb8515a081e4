import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invocationSource } from './invocation-source.js';

const streamArn = 'arn:aws:dynamodb:us-east-1:000000000000:table/users/stream/2026-03-14T09:26:53.589';
const queueArn = 'arn:aws:sqs:us-east-1:000000000000:jobs';
const streamRecord = { eventSource: 'aws:dynamodb', eventSourceARN: streamArn, eventName: 'INSERT' };
const message = (received: string) => ({ eventSource: 'aws:sqs', eventSourceARN: queueArn, attributes: { ApproximateReceiveCount: received } });

test('stream batches: the record count, singular and plural, and the table', () => {
  assert.deepEqual(invocationSource({ Records: [streamRecord] }), { text: '1 record from users stream', count: 1 });
  assert.deepEqual(invocationSource({ Records: [streamRecord, streamRecord, streamRecord] }), { text: '3 records from users stream', count: 3 });
});

test("a tumbling window's final invocation has no records; the table comes from the event", () => {
  const event = { Records: [], window: {}, state: {}, eventSourceARN: streamArn, isFinalInvokeForWindow: true };
  assert.deepEqual(invocationSource(event), { text: 'end of a tumbling window of users stream' });
  assert.deepEqual(invocationSource({ ...event, isFinalInvokeForWindow: false }), { text: '0 records from users stream', count: 0 });
});

test('queue batches: the message count, the queue, and the attempt once a message was received before', () => {
  assert.deepEqual(invocationSource({ Records: [message('1')] }), { text: '1 message from jobs queue', count: 1 });
  assert.deepEqual(invocationSource({ Records: [message('1'), message('3')] }), { text: '2 messages from jobs queue', count: 2, attempt: 3 });
});

test('HTTP API requests, payload 2.0 and 1.0', () => {
  assert.deepEqual(invocationSource({ version: '2.0', rawPath: '/users/42', requestContext: { http: { method: 'GET' } } }), { text: 'GET /users/42' });
  assert.deepEqual(invocationSource({ version: '1.0', httpMethod: 'POST', path: '/users' }), { text: 'POST /users' });
});

test('any other event names no source, whatever its shape', () => {
  for (const event of [undefined, null, 42, 'text', [], {}, { userId: 'u1' }, { Records: 'x' }, { Records: [1, 2] }, { Records: [{ eventSource: 'aws:s3' }] }, { version: '2.0', rawPath: 7 }]) {
    assert.equal(invocationSource(event), undefined, JSON.stringify(event));
  }
});
